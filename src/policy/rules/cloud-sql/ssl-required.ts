import type { PolicyRule } from '../../rule';
import { compliantIf, isTrue, one } from '../helpers';

// ENCRYPTED_ONLY is accepted (checkov CKV_GCP_6 passes only TRUSTED_CLIENT_CERTIFICATE_REQUIRED): the Cloud SQL
// connectors and Auth Proxy authenticate with IAM over TLS, which is what this library uses.
const ENCRYPTED = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];

export const rule: PolicyRule = {
  id: 'LLM-GSQL-2',
  level: 'error',
  description: 'Cloud SQL instance accepts unencrypted connections.',
  fix: 'Set `settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY"` (or `TRUSTED_CLIENT_CERTIFICATE_REQUIRED`).',
  resourceTypes: ['google_sql_database_instance'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_6'] },
  check(config) {
    const ip = one(one(config.settings)?.ip_configuration) ?? {};
    return compliantIf(ENCRYPTED.includes(ip.ssl_mode) || isTrue(ip.require_ssl));
  },
};
