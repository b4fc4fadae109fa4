import { looksLikeSecret } from '../../../core/errors';
import { Compliance, type PolicyRule, type RuleOutcome } from '../../rule';
import { URL_WITH_PASSWORD, findings, isExpression, mayHoldSecret, one, parseDocument, secretLeaves } from '../helpers';

/** The documents a resource writes, by resource type: `[label, text or object]`. */
function documentsOf(type: string, config: any): Array<[string, unknown]> {
  switch (type) {
    case 'aws_s3_object':
    case 'google_storage_bucket_object':
      return [['content', config.content]];
    case 'aws_lambda_invocation':
      return [['input', config.input]];
    case 'aws_prometheus_alert_manager_definition':
      return [['definition', config.definition]];
    case 'aws_prometheus_rule_group_namespace':
      return [['data', config.data]];
    case 'kubernetes_config_map_v1':
    case 'kubernetes_config_map':
      return [['data', config.data]];
    case 'google_monitoring_notification_channel':
      return [['labels', config.labels], ['sensitive_labels', one(config.sensitive_labels)]];
    case 'aws_sns_topic_subscription':
      return [['endpoint', config.endpoint]];
    case 'google_secret_manager_secret_version':
      return [['secret_data', config.secret_data]];
    default:
      return [];
  }
}

/** Secret-bearing paths in one document (a string is parsed as JSON/YAML first). */
function secretsIn(label: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    // A whole-value expression (`${random_password.p.result}`) is state-only, like the resource's other secrets.
    if (isExpression(value) && /^\$\{[^}]*\}$/.test(value.trim())) return [];
    if (!mayHoldSecret(value)) return [];
    const doc = parseDocument(value);
    if (typeof doc !== 'string') return secretLeaves(doc, label);
    // A single value: a credential, or a URL carrying user:password.
    return looksLikeSecret(value) || URL_WITH_PASSWORD.test(value) ? [label] : [];
  }
  return mayHoldSecret(JSON.stringify(value)) ? secretLeaves(value, label) : [];
}

export const rule: PolicyRule = {
  id: 'LLM-SEC-4',
  level: 'error',
  description: 'A document Terraform writes (object content, Lambda invocation input, Alertmanager config, ConfigMap, notification channel label, secret data literal) contains a secret in plain text, so it is in cdk.tf.json and the state.',
  fix: 'Reference the secret instead (a Secret Manager / Secrets Manager ARN, `secretKeyRef`, `sensitive_labels` from a variable or ephemeral value) and let the consumer read it at run time.',
  resourceTypes: [
    'aws_s3_object',
    'google_storage_bucket_object',
    'aws_lambda_invocation',
    'aws_prometheus_alert_manager_definition',
    'aws_prometheus_rule_group_namespace',
    'kubernetes_config_map_v1',
    'kubernetes_config_map',
    'google_monitoring_notification_channel',
    'aws_sns_topic_subscription',
    'google_secret_manager_secret_version',
  ],
  anchors: { cdkNag: [], checkov: ['CKV_SECRET_6'] },
  check(config, context): RuleOutcome {
    const type = context.subject.type;
    const docs = documentsOf(type, config);
    if (docs.every(([, v]) => v === undefined || v === null)) return Compliance.NOT_APPLICABLE;
    const ids: string[] = [];
    for (const [label, value] of docs) {
      // secret_data is a secret by definition; only a literal credential is a finding there.
      if (type === 'google_secret_manager_secret_version') {
        if (typeof value === 'string' && !isExpression(value) && looksLikeSecret(value)) ids.push(label);
        else if (typeof value === 'string' && !isExpression(value)) ids.push(...secretsIn(label, value).filter((p) => p !== label));
        continue;
      }
      // Channel auth tokens belong in sensitive_labels, but only as a reference.
      if (label === 'sensitive_labels') {
        for (const [k, v] of Object.entries((value as Record<string, unknown>) ?? {})) if (typeof v === 'string' && v !== '' && !isExpression(v)) ids.push(`sensitive_labels.${k}`);
        continue;
      }
      ids.push(...secretsIn(label, value));
    }
    return findings(ids);
  },
};
