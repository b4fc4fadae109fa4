import type { PolicyRule } from '../../rule';
import { findings } from '../helpers';

export const rule: PolicyRule = {
  id: 'LLM-CRED-1',
  level: 'error',
  description: 'Terraform creates a long-lived access key or token; its secret is written to the Terraform state in plain text and never expires.',
  fix: 'Use roles instead (IAM roles for workloads, workload identity / service account impersonation on GCP, IRSA or Pod Identity on EKS); if a key is unavoidable, create it outside Terraform and store it in a secret manager.',
  resourceTypes: ['aws_iam_access_key', 'google_storage_hmac_key'],
  anchors: { cdkNag: [], checkov: ['CKV_AWS_273'] },
  check(config, context) {
    // A key whose secret is encrypted to a PGP key is not readable from state.
    if (context.subject.type === 'aws_iam_access_key' && typeof config.pgp_key === 'string' && config.pgp_key !== '') return findings([]);
    return findings(['SecretInState']);
  },
};
