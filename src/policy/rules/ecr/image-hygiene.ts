import type { PolicyRule } from '../../rule';
import { findings, isTrue, one } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-ECR-2',
  level: 'warning',
  description: 'ECR repository allows overwriting image tags, does not scan images on push, or encrypts with the AWS managed key.',
  fix: 'Set `image_tag_mutability = "IMMUTABLE"`, `image_scanning_configuration { scan_on_push = true }` and `encryption_configuration { encryption_type = "KMS", kms_key = <platform key> }`.',
  resourceTypes: ['aws_ecr_repository'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_51', 'CKV_AWS_163', 'CKV_AWS_136'] },
  check(config) {
    const ids: string[] = [];
    if (config.image_tag_mutability !== 'IMMUTABLE' && config.image_tag_mutability !== 'IMMUTABLE_WITH_EXCLUSION') ids.push('MutableTags');
    if (!isTrue(one(config.image_scanning_configuration)?.scan_on_push)) ids.push('ScanOnPush');
    if (one(config.encryption_configuration)?.encryption_type !== 'KMS') ids.push('Encryption');
    return findings(ids);
  },
};
