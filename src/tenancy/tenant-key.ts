import { ProblemCollector } from '../core/errors';
import type { SecretRef } from '../core/secret-ref';
import { isUnresolved } from '../core/tokens';

/** Limits of one model alias (LiteLLM `model_tpm_limit` / `model_rpm_limit`). */
export interface TenantModelLimits {
  /** @default - the team's or key's overall limit only */
  readonly tokensPerMinute?: number;
  /** @default - the team's or key's overall limit only */
  readonly requestsPerMinute?: number;
}

/** Options of `TenantQuota.addKey()`. */
export interface TenantKeyOptions {
  /** Model aliases the key may call, a subset of the team's. @default - the team's models */
  readonly models?: ReadonlyArray<string>;
  /** Tokens per minute of this key, at most the team's. @default - the team's limit applies */
  readonly tokensPerMinute?: number;
  /** Requests per minute of this key, at most the team's. @default - the team's limit applies */
  readonly requestsPerMinute?: number;
  /** Monthly budget of this key in USD, at most the team's. @default - the team's budget applies */
  readonly monthlyBudgetUsd?: number;
  /** Per-model limits of this key. @default {} */
  readonly modelLimits?: Readonly<Record<string, TenantModelLimits>>;
  /**
   * Days between automatic rotations. The previous value keeps working for the gateway tenancy's grace period,
   * so running callers are not cut off. @default 30
   */
  readonly rotationDays?: number;
  /** Owner of the feature (key metadata). @default - the team's owner */
  readonly owner?: string;
  /** More key metadata (string values; `team`, `feature`, `environment`, `owner` are set for you). @default {} */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Whether the team's identity may read the key. `false` leaves reading to the workloads granted with
   * `grantRead` only (a `StandardLlmFeature` grants exactly its callers).
   * @default true
   */
  readonly readByTeamIdentity?: boolean;
}

/** What kind of workload identity a `TeamKeyReader` is. */
export enum TeamKeyReaderKind {
  AWS_IAM_ROLE = 'aws-iam-role',
  GCP_SERVICE_ACCOUNT = 'gcp-service-account',
  KUBERNETES_SERVICE_ACCOUNT = 'kubernetes-service-account',
}

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const GCP_SA_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A workload that may read a feature key besides the team's own identity: `key.grantRead(TeamKeyReader.awsRole(role.name))`.
 * It must run on the same cloud as the gateway.
 */
export class TeamKeyReader {
  /** An IAM role (by name) in the team stack's account. */
  public static awsRole(roleName: string): TeamKeyReader {
    TeamKeyReader.check('TeamKeyReader.awsRole(roleName)', roleName, IAM_ROLE_NAME, 'pass the role name (not its ARN), e.g. role.name');
    return new TeamKeyReader(TeamKeyReaderKind.AWS_IAM_ROLE, roleName);
  }

  /** A Google service account (by e-mail). */
  public static gcpServiceAccount(email: string): TeamKeyReader {
    TeamKeyReader.check('TeamKeyReader.gcpServiceAccount(email)', email, GCP_SA_EMAIL, 'pass <id>@<project>.iam.gserviceaccount.com');
    return new TeamKeyReader(TeamKeyReaderKind.GCP_SERVICE_ACCOUNT, email);
  }

  /** A Kubernetes ServiceAccount in the team's namespace (where the key Secret lives). */
  public static kubernetesServiceAccount(name: string): TeamKeyReader {
    TeamKeyReader.check('TeamKeyReader.kubernetesServiceAccount(name)', name, DNS_LABEL, 'pass a ServiceAccount name (DNS-1123 label)');
    return new TeamKeyReader(TeamKeyReaderKind.KUBERNETES_SERVICE_ACCOUNT, name);
  }

  private static check(path: string, value: string, re: RegExp, fix: string): void {
    if (typeof value === 'string' && (isUnresolved(value) || re.test(value))) return;
    new ProblemCollector().add(path, value, 'is not valid', fix).throwIfAny('TeamKeyReader');
  }

  private constructor(
    public readonly kind: TeamKeyReaderKind,
    /** Role name, service account e-mail or ServiceAccount name. */
    public readonly identity: string,
  ) {}
}

/** One feature's virtual key, returned by `TenantQuota.addKey()`. */
export interface ITenantKey {
  /** Feature name. */
  readonly name: string;
  /** LiteLLM key alias, `<team>/<feature>` (metrics label `api_key_alias`). */
  readonly keyAlias: string;
  /** Where the feature reads its key (AWS: the `api_key` field of the secret's JSON). */
  readonly secret: SecretRef;
  /** Days between rotations. */
  readonly rotationDays: number;
  /** Lets another workload read the key (the team's identity can by default). */
  grantRead(reader: TeamKeyReader): void;
}
