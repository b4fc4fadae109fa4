import { looksLikeSecret } from '../../core/errors';
import { Compliance, type PolicySubject, type RuleContext, type RuleOutcome } from '../rule';
import { readJsonencode } from './hcl';

/**
 * Small, pure readers for resolved Terraform JSON. cdktf renders a single nested block as an object and a
 * list block as an array; escape hatches may write either, so rules read blocks through `one`/`many`.
 */

/** The first (or only) element of a block. */
export function one(value: unknown): any {
  if (Array.isArray(value)) return value[0];
  return value === null ? undefined : value;
}

/** A block or list as an array (`undefined` → `[]`). */
export function many(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** True when the value is (or contains) a Terraform expression only known at plan time. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** True when the string is a whole Terraform expression such as `${aws_kms_key.k.arn}`. */
export function isReference(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{[^}]+\}$/.test(value);
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export const OPEN_CIDRS: ReadonlyArray<string> = ['0.0.0.0/0', '::/0'];

export function isOpenCidr(value: unknown): boolean {
  return typeof value === 'string' && OPEN_CIDRS.includes(value.trim());
}

/** `true` → COMPLIANT, `false` → NON_COMPLIANT. */
export function compliantIf(condition: boolean): Compliance {
  return condition ? Compliance.COMPLIANT : Compliance.NON_COMPLIANT;
}

/** Finding ids → outcome (no findings = compliant). Sorted and de-duplicated for stable output. */
export function findings(ids: Iterable<string>): RuleOutcome {
  return [...new Set(ids)].sort();
}

// ---------------------------------------------------------------------------------------------------------
// IAM policy documents
// ---------------------------------------------------------------------------------------------------------

/** One IAM statement, normalised from JSON (`Action`) or an `aws_iam_policy_document` block (`actions`). */
export interface IamStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** `'*'` for `Principal: "*"`, otherwise `type:identifier` pairs (`AWS:*`, `Service:ecs-tasks.amazonaws.com`). */
  readonly principals: string[];
  readonly hasCondition: boolean;
  /** True when `Action`/`NotAction` is (or contains) an expression only known at plan time. */
  readonly unknownActions: boolean;
}

const strings = (v: unknown): string[] => many(v).filter((x) => typeof x === 'string');

function fromJsonStatement(s: any): IamStatement {
  const principals: string[] = [];
  if (s.Principal === '*') {principals.push('*');} else if (s.Principal && typeof s.Principal === 'object') {
    for (const [type, ids] of Object.entries(s.Principal)) for (const id of strings(ids)) principals.push(`${type}:${id}`);
  }
  return {
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals,
    hasCondition: s.Condition !== undefined && Object.keys(s.Condition ?? {}).length > 0,
    unknownActions: [...many(s.Action), ...many(s.NotAction)].some((a) => typeof a !== 'string' || isReference(a)),
  };
}

function fromDataStatement(s: any): IamStatement {
  const principals: string[] = [];
  for (const p of many(s.principals)) for (const id of strings(p.identifiers)) principals.push(p.type === '*' ? '*' : `${p.type}:${id}`);
  return {
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals,
    hasCondition: many(s.condition).length > 0,
    unknownActions: [...many(s.actions), ...many(s.not_actions)].some((a) => typeof a !== 'string' || isReference(a)),
  };
}

/** `${data.aws_iam_policy_document.x.json}`: a policy given by a data source of the stack. */
const POLICY_DOCUMENT_REF = /^\$\{(data\.aws_iam_policy_document\.[A-Za-z0-9_-]+)\.json\}$/;

/** The `aws_iam_policy_document` data source a policy attribute references (`${data.….json}`), if it is in the stack. */
export function policyDocumentData(policy: unknown, context: RuleContext): PolicySubject | undefined {
  const ref = typeof policy === 'string' ? POLICY_DOCUMENT_REF.exec(policy) : null;
  return ref ? context.atAddress(ref[1]) : undefined;
}

/**
 * The statements of a policy given as a JSON string, a plain object, or a reference to an
 * `aws_iam_policy_document` data source of the same stack. `undefined` when it cannot be evaluated at synth
 * time (an expression such as `${jsonencode(...)}` over unknown values).
 */
export function policyStatements(policy: unknown, context: RuleContext): IamStatement[] | undefined {
  if (policy === undefined || policy === null || policy === '') return [];
  if (typeof policy === 'object') return many((policy as any).Statement).map(fromJsonStatement);
  if (typeof policy !== 'string') return undefined;
  if (POLICY_DOCUMENT_REF.test(policy)) {
    const doc = policyDocumentData(policy, context);
    if (!doc) return undefined;
    const nested = many(doc.config.source_policy_documents).concat(many(doc.config.override_policy_documents));
    if (nested.length > 0) return undefined;
    return many(doc.config.statement).map(fromDataStatement);
  }
  const encoded = readJsonencode(policy);
  if (encoded !== undefined) return typeof encoded === 'object' && encoded !== null ? many((encoded as any).Statement).map(fromJsonStatement) : undefined;
  try {
    const parsed = JSON.parse(policy);
    return many(parsed?.Statement).map(fromJsonStatement);
  } catch {
    return undefined;
  }
}

/**
 * IAM actions that only accept `"Resource": "*"` (no resource-level permissions). Source: AWS Service
 * Authorization Reference, "Resource types" column empty for these actions.
 */
export const RESOURCE_STAR_ONLY_ACTIONS: ReadonlyArray<string> = [
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'cloudwatch:PutMetricData',
  'ec2:CreateNetworkInterface',
  // Describe* calls have no resource-level permissions (AWS Service Authorization Reference).
  'ec2:DescribeAccountAttributes',
  'ec2:DescribeAddresses',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeInstanceTopology',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeInstances',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeTags',
  'ec2:DescribeVpcs',
  'ecr:GetAuthorizationToken',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  // Vended-log delivery is account-scoped: CreateLogDelivery takes no resource type (Service Authorization
  // Reference, CloudWatch Logs; the CloudWatch Logs user guide grants it on "*" in "Logs sent to CloudWatch Logs").
  'logs:CreateLogDelivery',
  'logs:DescribeLogGroups',
  'sts:GetCallerIdentity',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
].map((a) => a.toLowerCase());

/** The policy-bearing attributes of IAM resources: `[attribute label, policy value]`. */
export function iamPolicies(type: string, config: any): Array<[string, unknown]> {
  switch (type) {
    case 'aws_iam_role':
      return many(config.inline_policy).map((p: any, i: number) => [`inline_policy[${p?.name ?? i}]`, p?.policy]);
    case 'aws_iam_policy':
    case 'aws_iam_role_policy':
    case 'aws_iam_user_policy':
    case 'aws_iam_group_policy':
      return [['policy', config.policy]];
    default:
      return [];
  }
}

/** Runs `each` over every statement of every policy of an IAM resource; unknown documents → cannotEvaluate. */
export function overIamStatements(type: string, config: any, context: RuleContext, each: (s: IamStatement) => string[]): RuleOutcome {
  const policies = iamPolicies(type, config);
  if (policies.length === 0) return Compliance.NOT_APPLICABLE;
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const [label, policy] of policies) {
    const statements = policyStatements(policy, context);
    if (!statements) {unknown.push(label);} else {
      for (const s of statements) ids.push(...each(s));
      if (statements.some((s) => s.effect === 'Allow' && s.unknownActions)) unknown.push(`${label} (actions)`);
    }
  }
  if (ids.length === 0 && unknown.length > 0) {
    return { cannotEvaluate: `${unknown.join(', ')} is an expression only known at plan time; render the document at synth time (JSON or aws_iam_policy_document) so it can be checked` };
  }
  return findings(ids);
}

// ---------------------------------------------------------------------------------------------------------
// Plaintext secrets in environment variables
// ---------------------------------------------------------------------------------------------------------

const SECRET_NAME = /(?:^|_)(?:API_?KEY|SECRET|SECRET_KEY|TOKEN|PASSWORD|PASSWD|PASS|CREDENTIALS?|PRIVATE_KEY|MASTER_KEY|SALT_KEY|AUTH)(?:_|$)/i;
// Names that point at a secret rather than holding it.
const POINTER_SUFFIX = /_(?:ARN|ID|NAME|FILE|PATH|REF|URI|URL|HOST|PORT|VERSION|ENABLED|TYPE|MODE|ALIAS|LABEL|HEADER|FIELD)$/i;
const NON_SECRET_VALUE = /^(?:true|false|yes|no|on|off|\d+|)$/i;

/**
 * True when an environment variable holds a secret in plain text: a value shaped like a credential, a
 * secret-sounding name with a literal value, or a reference to a generated secret's value.
 */
export function isPlaintextSecretEnv(name: unknown, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (looksLikeSecret(value)) return true;
  // A generated secret's value wired straight into the environment ends up in plain text in the task/pod spec.
  if (/\$\{[^}]*(?:random_password\.[^}]*\.result|\.secret_string|\.random_password)[^}]*\}/.test(value)) return true;
  if (typeof name !== 'string' || !SECRET_NAME.test(name) || POINTER_SUFFIX.test(name)) return false;
  if (NON_SECRET_VALUE.test(value.trim())) return false;
  // `os.environ/X` is LiteLLM indirection and ARNs point at secrets: neither is a secret value.
  if (value.startsWith('os.environ/') || value.startsWith('arn:')) return false;
  if (isReference(value)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Kubernetes pod specs
// ---------------------------------------------------------------------------------------------------------

/** Kubernetes workload resource types and where their pod spec lives. */
export const K8S_WORKLOAD_TYPES: ReadonlyArray<string> = [
  'kubernetes_deployment',
  'kubernetes_deployment_v1',
  'kubernetes_stateful_set',
  'kubernetes_stateful_set_v1',
  'kubernetes_daemonset',
  'kubernetes_daemon_set_v1',
  'kubernetes_job',
  'kubernetes_job_v1',
  'kubernetes_cron_job',
  'kubernetes_cron_job_v1',
  'kubernetes_pod',
  'kubernetes_pod_v1',
];

/** The pod spec of a Kubernetes workload resource. */
export function podSpec(type: string, config: any): any {
  const spec = one(config.spec);
  if (!spec) return undefined;
  if (type.startsWith('kubernetes_pod')) return spec;
  if (type.startsWith('kubernetes_cron_job')) return one(one(one(one(spec.job_template)?.spec)?.template)?.spec);
  return one(one(spec.template)?.spec);
}

/** Containers (and init containers) of a pod spec, with a label for finding ids. */
export function podContainers(pod: any, includeInit = true): Array<{ label: string; container: any }> {
  const out: Array<{ label: string; container: any }> = [];
  many(pod?.container).forEach((c: any, i: number) => out.push({ label: `container:${c?.name ?? i}`, container: c }));
  if (includeInit) many(pod?.init_container).forEach((c: any, i: number) => out.push({ label: `init_container:${c?.name ?? i}`, container: c }));
  return out;
}

/** A Kubernetes workload rule: NOT_APPLICABLE without a pod spec, else the findings `each` returns. */
export function overPodSpec(type: string, config: any, each: (pod: any) => string[]): RuleOutcome {
  const pod = podSpec(type, config);
  if (!pod) return Compliance.NOT_APPLICABLE;
  return findings(each(pod));
}

// ---------------------------------------------------------------------------------------------------------
// ECS container definitions
// ---------------------------------------------------------------------------------------------------------

/** Parsed `container_definitions` of an `aws_ecs_task_definition`; `undefined` when only known at plan time. */
export function ecsContainers(config: any): any[] | undefined {
  const defs = config.container_definitions;
  if (Array.isArray(defs)) return defs;
  if (typeof defs !== 'string') return [];
  const encoded = readJsonencode(defs);
  if (encoded !== undefined) return Array.isArray(encoded) ? encoded : undefined;
  try {
    const parsed = JSON.parse(defs);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** An ECS task definition rule over each container definition. */
export function overEcsContainers(config: any, each: (container: any, label: string) => string[]): RuleOutcome {
  const containers = ecsContainers(config);
  if (!containers) return { cannotEvaluate: 'container_definitions is an expression only known at plan time' };
  if (containers.length === 0) return Compliance.NOT_APPLICABLE;
  const ids: string[] = [];
  containers.forEach((c, i) => ids.push(...each(c, `container:${c?.name ?? i}`)));
  return findings(ids);
}

/** Subjects of `type` whose config references `address`. */
export function referencedBy(context: RuleContext, address: string, type: string): ReadonlyArray<PolicySubject> {
  return context.referencing(address, type);
}

/** GCP members that make a resource public. */
export const PUBLIC_MEMBERS: ReadonlyArray<string> = ['allUsers', 'allAuthenticatedUsers'];

/** Members of a `google_*_iam_member` (`member`) or `google_*_iam_binding` (`members`). */
export function iamMembers(config: any): string[] {
  return [...many(config.member), ...many(config.members)].filter((m) => typeof m === 'string');
}

// ---------------------------------------------------------------------------------------------------------
// Documents (JSON/YAML written into a resource: config files, invocation payloads, labels)
// ---------------------------------------------------------------------------------------------------------

/** A leaf of a parsed document: its dotted path (`a.b[0].c`), own key and value. */
export interface DocumentLeaf {
  readonly path: string;
  readonly key: string;
  readonly value: unknown;
}

/** Every leaf of a parsed document (depth-first, lists indexed `a[0].b`). */
export function documentLeaves(value: unknown, prefix = ''): DocumentLeaf[] {
  const out: DocumentLeaf[] = [];
  const walk = (v: unknown, path: string, key: string): void => {
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`, key));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, path ? `${path}.${k}` : k, k);
    else out.push({ path, key, value: v });
  };
  walk(value, prefix, '');
  return out;
}

/** A JSON or YAML document as data; the text itself when it is neither (or a plain scalar). */
export function parseDocument(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Not JSON: try YAML below.
    }
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parsed = (require('yaml') as typeof import('yaml')).parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : text;
  } catch {
    return text;
  }
}

// In documents a key is secret-named only when it ENDS with the secret word (`api_key`, `authPassword`,
// `bearer_token`), so `api_key_alias` or `token_url` are not; `*_file` keys point at a file.
// A bare `secret` key usually names a Secret object (`secret: qdrant-keys`), so it is not on the list.
const SECRET_KEY = /(?:^|_)(?:api_?key|password|passwd|secret_?key|token|auth_?token|bearer_?token|access_?token|client_?secret|webhook_?secret|credentials?|private_?key|master_?key|salt_?key|routing_?key|integration_?key|service_?key)$/i;

// A text can only hold a finding if it names a secret-like key, holds a credential-shaped value or a URL with a
// password: a cheap check on the raw text, so large documents (dashboards, SQL payloads, configs) are parsed only
// when they might hold a secret.
// A secret-like word in key position (followed by `:`/`=`, optionally after a quote): `max_tokens:` is not. Every
// word of SECRET_KEY must end one of these, or its keys are never looked at (`secret_key:`).
const SECRET_WORDS = /(?:api[_-]?key|password|passwd|secret(?:[_-]?key)?|token|credentials?|private[_-]?key|master[_-]?key|salt[_-]?key|routing[_-]?key|integration[_-]?key|service[_-]?key)["']?\s*[:=]/i;
/** `https://user:password@host`. */
export const URL_WITH_PASSWORD = /(?:https?:\/\/)[^/\s:@"']+:[^/\s@"']+@/;

/** True when `text` might hold a plaintext secret (a fast pre-check before parsing it). */
export function mayHoldSecret(text: string): boolean {
  return SECRET_WORDS.test(text) || URL_WITH_PASSWORD.test(text) || looksLikeSecret(text);
}

/** True when a document key names a secret (camelCase or snake_case). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
}

/**
 * Paths of a document's leaves that hold a secret in plain text: credential-shaped values anywhere, literals
 * under secret-named keys, and the same inside embedded documents (a YAML file in a ConfigMap, an Alertmanager
 * config block).
 */
export function secretLeaves(document: unknown, prefix = ''): string[] {
  const out: string[] = [];
  for (const { path, key, value } of documentLeaves(document, prefix)) {
    if (typeof value !== 'string') continue;
    if (value.includes('\n')) {
      // An embedded document is parsed only when its text could hold a finding (SQL, dashboards... are not).
      if (!mayHoldSecret(value)) continue;
      const nested = parseDocument(value);
      if (typeof nested !== 'string') {
        out.push(...secretLeaves(nested, path));
        continue;
      }
    }
    if (looksLikeSecret(value)) {
      out.push(path);
      continue;
    }
    if (!isSecretKey(key) || NON_SECRET_VALUE.test(value.trim())) continue;
    // References, LiteLLM/env indirection and ARNs point at a secret; they are not one.
    if (!isReference(value) && !value.startsWith('os.environ/') && !value.startsWith('arn:') && !/^\$\{?[A-Z_][A-Z0-9_]*\}?$/.test(value)) out.push(path);
  }
  return out;
}
