import { Compliance, type PolicyRule } from '../../rule';
import { compliantIf } from '../helpers';

/** 90 days in seconds, the longest rotation period accepted. */
const MAX_ROTATION_SECONDS = 90 * 24 * 3600;

export const rule: PolicyRule = {
  id: 'LLM-KMS-3',
  level: 'error',
  description: 'Cloud KMS symmetric key does not rotate at least every 90 days.',
  fix: 'Set `rotation_period` to `"7776000s"` (90 days) or less.',
  resourceTypes: ['google_kms_crypto_key'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_43'] },
  check(config) {
    if ((config.purpose ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') return Compliance.NOT_APPLICABLE;
    const match = typeof config.rotation_period === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(config.rotation_period) : null;
    return compliantIf(match !== null && Number(match[1]) <= MAX_ROTATION_SECONDS);
  },
};
