import { createHash } from 'node:crypto';

/** Where a generated name will be used; each target has its provider's limits. */
export enum NameTarget {
  ALB = 'alb',
  TARGET_GROUP = 'target-group',
  IAM_ROLE = 'iam-role',
  IAM_POLICY = 'iam-policy',
  S3_BUCKET = 's3-bucket',
  RDS_IDENTIFIER = 'rds-identifier',
  SECRETS_MANAGER = 'secrets-manager',
  LOG_GROUP = 'log-group',
  ELASTICACHE = 'elasticache',
  ECS = 'ecs',
  LAMBDA = 'lambda',
  SECURITY_GROUP = 'security-group',
  WAF = 'waf',
  SSM_PARAMETER = 'ssm-parameter',
  KMS_ALIAS = 'kms-alias',
  CLOUD_RUN_SERVICE = 'cloud-run-service',
  GCP_SERVICE_ACCOUNT = 'gcp-service-account',
  GCP_RESOURCE = 'gcp-resource',
  KUBERNETES_LABEL = 'kubernetes-label',
}

/** The limits of one target. Sources: each provider's API reference for the named resource. */
export interface NameRule {
  readonly minLength: number;
  readonly maxLength: number;
  readonly lowercase: boolean;
  /** Characters other than these are replaced by `-`. */
  readonly disallowed: RegExp;
  readonly mustStartWithLetter: boolean;
  /** The whole-name check every generated name must pass. */
  readonly valid: RegExp;
}

const DNS_LIKE = /^[a-z]([a-z0-9]|-(?!-))*[a-z0-9]$/;

export const NAME_RULES: Readonly<Record<NameTarget, NameRule>> = {
  // ALB/NLB and target group names: 32 alphanumerics or hyphens, no leading/trailing hyphen.
  [NameTarget.ALB]: { minLength: 1, maxLength: 32, lowercase: false, disallowed: /[^A-Za-z0-9-]/g, mustStartWithLetter: true, valid: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/ },
  [NameTarget.TARGET_GROUP]: { minLength: 1, maxLength: 32, lowercase: false, disallowed: /[^A-Za-z0-9-]/g, mustStartWithLetter: true, valid: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/ },
  // IAM role names: 64 characters of [\w+=,.@-].
  [NameTarget.IAM_ROLE]: { minLength: 1, maxLength: 64, lowercase: false, disallowed: /[^\w+=,.@-]/g, mustStartWithLetter: false, valid: /^[\w+=,.@-]{1,64}$/ },
  [NameTarget.IAM_POLICY]: { minLength: 1, maxLength: 128, lowercase: false, disallowed: /[^\w+=,.@-]/g, mustStartWithLetter: false, valid: /^[\w+=,.@-]{1,128}$/ },
  // S3 bucket names: 3-63 lowercase letters, digits, hyphens (we never emit dots), start and end alphanumeric.
  [NameTarget.S3_BUCKET]: { minLength: 3, maxLength: 63, lowercase: true, disallowed: /[^a-z0-9-]/g, mustStartWithLetter: true, valid: /^(?!xn--|sthree-)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/ },
  // RDS/Aurora identifiers: 63, start with a letter, no double hyphen, no trailing hyphen.
  [NameTarget.RDS_IDENTIFIER]: { minLength: 1, maxLength: 63, lowercase: true, disallowed: /[^a-z0-9-]/g, mustStartWithLetter: true, valid: DNS_LIKE },
  // Secrets Manager names: up to 512 of [A-Za-z0-9/_+=.@-]; we stay well below.
  [NameTarget.SECRETS_MANAGER]: { minLength: 1, maxLength: 256, lowercase: false, disallowed: /[^A-Za-z0-9/_+=.@-]/g, mustStartWithLetter: false, valid: /^[A-Za-z0-9/_+=.@-]{1,256}$/ },
  // CloudWatch log groups: up to 512 of [.-_/#A-Za-z0-9].
  [NameTarget.LOG_GROUP]: { minLength: 1, maxLength: 512, lowercase: false, disallowed: /[^A-Za-z0-9._/#-]/g, mustStartWithLetter: false, valid: /^[A-Za-z0-9._/#-]{1,512}$/ },
  // ElastiCache replication group ids: 40, start with a letter, no double or trailing hyphen.
  [NameTarget.ELASTICACHE]: { minLength: 1, maxLength: 40, lowercase: true, disallowed: /[^a-z0-9-]/g, mustStartWithLetter: true, valid: DNS_LIKE },
  // ECS clusters, services, task families: 255 of [A-Za-z0-9_-].
  [NameTarget.ECS]: { minLength: 1, maxLength: 255, lowercase: false, disallowed: /[^A-Za-z0-9_-]/g, mustStartWithLetter: true, valid: /^[A-Za-z][A-Za-z0-9_-]{0,254}$/ },
  [NameTarget.LAMBDA]: { minLength: 1, maxLength: 64, lowercase: false, disallowed: /[^A-Za-z0-9_-]/g, mustStartWithLetter: true, valid: /^[A-Za-z0-9_-]{1,64}$/ },
  [NameTarget.SECURITY_GROUP]: { minLength: 1, maxLength: 255, lowercase: false, disallowed: /[^A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, mustStartWithLetter: true, valid: /^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/ },
  // WAFv2 names: 128 of [\w-].
  [NameTarget.WAF]: { minLength: 1, maxLength: 128, lowercase: false, disallowed: /[^\w-]/g, mustStartWithLetter: true, valid: /^[\w-]{1,128}$/ },
  // KMS alias names (after `alias/`): [A-Za-z0-9/_-], 256 with the prefix; `aws/` is reserved for AWS.
  [NameTarget.KMS_ALIAS]: { minLength: 1, maxLength: 250, lowercase: false, disallowed: /[^A-Za-z0-9/_-]/g, mustStartWithLetter: true, valid: /^(?!aws\/)[A-Za-z0-9/_-]{1,250}$/ },
  [NameTarget.SSM_PARAMETER]: { minLength: 1, maxLength: 1011, lowercase: false, disallowed: /[^A-Za-z0-9_./-]/g, mustStartWithLetter: false, valid: /^[A-Za-z0-9_./-]{1,1011}$/ },
  // Cloud Run services: 49 lowercase, start with a letter, no trailing hyphen.
  [NameTarget.CLOUD_RUN_SERVICE]: { minLength: 1, maxLength: 49, lowercase: true, disallowed: /[^a-z0-9-]/g, mustStartWithLetter: true, valid: /^[a-z]([a-z0-9-]*[a-z0-9])?$/ },
  // Service account ids: 6-30, [a-z][a-z0-9-]*[a-z0-9].
  [NameTarget.GCP_SERVICE_ACCOUNT]: { minLength: 6, maxLength: 30, lowercase: true, disallowed: /[^a-z0-9-]/g, mustStartWithLetter: true, valid: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/ },
  // Most GCP resource names (RFC 1035): 63, [a-z]([-a-z0-9]*[a-z0-9])?.
  [NameTarget.GCP_RESOURCE]: { minLength: 1, maxLength: 63, lowercase: true, disallowed: /[^a-z0-9-]/g, mustStartWithLetter: true, valid: /^[a-z]([-a-z0-9]*[a-z0-9])?$/ },
  // Kubernetes DNS-1123 labels: 63, [a-z0-9]([-a-z0-9]*[a-z0-9])?.
  [NameTarget.KUBERNETES_LABEL]: { minLength: 1, maxLength: 63, lowercase: true, disallowed: /[^a-z0-9-]/g, mustStartWithLetter: true, valid: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ },
};

const HASH_LENGTH = 8;

/** A stable 8-hex-digit hash of the parts (the parts, not their joined form, so `a-b`+`c` ≠ `a`+`b-c`). */
export function stableHash(parts: ReadonlyArray<string>, length = HASH_LENGTH): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, length);
}

/**
 * A deterministic, collision-resistant name for `target`: the readable parts, sanitized and truncated
 * to the target's limits, always followed by a hash of the original parts. Distinct inputs give distinct
 * names (up to a 32-bit hash collision); the same input always gives the same name.
 *
 * ```ts
 * makeName(NameTarget.ALB, 'hiring', 'litellm', 'prod') // 'hiring-litellm-prod-1a2b3c4d'
 * ```
 */
export function makeName(target: NameTarget, ...parts: string[]): string {
  const rule = NAME_RULES[target];
  const hash = stableHash(parts);
  let body = parts.join('-');
  if (rule.lowercase) body = body.toLowerCase();
  body = body.replace(rule.disallowed, '-').replace(/-{2,}/g, '-');
  body = body.replace(/^[^A-Za-z0-9/]+/, '');
  if (rule.mustStartWithLetter && !/^[A-Za-z]/.test(body)) body = `n${body}`;
  const room = rule.maxLength - HASH_LENGTH - 1;
  const fit = (b: string): string => `${b.slice(0, room).replace(/[^A-Za-z0-9]+$/, '') || 'n'}-${hash}`;
  const name = fit(body);
  // Reserved prefixes (ALB `internal-`, S3 `sthree-`, security group `sg-`): step around them.
  return rule.valid.test(name) ? name : fit(`n${body}`);
}

/** True when `name` satisfies every limit of `target`. */
export function isValidName(target: NameTarget, name: string): boolean {
  const rule = NAME_RULES[target];
  return name.length >= rule.minLength && name.length <= rule.maxLength && rule.valid.test(name) && (!rule.lowercase || name === name.toLowerCase());
}
