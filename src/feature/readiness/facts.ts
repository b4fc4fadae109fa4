/**
 * What a feature tells the readiness evaluator about itself: typed facts, each with the evidence a reviewer
 * can look up (a resource address in a `cdk.tf.json`, a LiteLLM config key, an alert name, a file beside
 * the stack). Plain data, no cdktf: `StandardLlmFeature.readinessFacts()` fills it at synthesis (after every
 * `add*` call); `gatewayReadinessFacts()` and `observabilityReadinessFacts()` derive the parts that come from
 * the gateway and the team's observability.
 *
 * Values are synth-time values. Where synthesis cannot know something (a prompt repository's contents, a
 * golden dataset), the fact records what was declared and the evaluator reports it as `declared`.
 */
import type { GovernedDataClassification, GovernedGuardrailPurpose, GovernedToolExecution } from '../../policy/governance-facts';

/** What kind of thing an evidence reference points at. */
export type EvidenceKind =
  /** A Terraform resource or data source, by address: `aws_ecs_service.gateway_Service_1A2B3C4D`. */
  | 'resource'
  /** A key of the gateway's rendered LiteLLM config: `router_settings.fallbacks`. */
  | 'config-key'
  /** A Prometheus alerting rule, by alert name (+ the group in `detail`). */
  | 'alert'
  /** A Prometheus recording rule, by record name. */
  | 'recording-rule'
  /** A file written beside a stack's `cdk.tf.json`, relative to that folder: `dashboards/<uid>.json`. */
  | 'file'
  /** A prop of a construct, by path: `props.quota.tokensPerMinute`. */
  | 'prop'
  /** A dashboard, by uid. */
  | 'dashboard'
  /** An environment variable of the gateway's container: `OTEL_EXPORTER`. */
  | 'environment';

/** One piece of evidence behind a fact. */
export interface Evidence {
  readonly kind: EvidenceKind;
  /** The reference itself (address, key, alert name, path). */
  readonly ref: string;
  /**
   * The stack holding it, when it is not the feature's own stack (e.g. the gateway's resources live in the
   * platform stack). @default - the feature's stack
   */
  readonly stack?: string;
  /** What it shows, short: `deployment_circuit_breaker.rollback = true`. @default - none */
  readonly detail?: string;
}

/** A value and the evidence for it. */
export interface Fact<T> {
  readonly value: T;
  /** At least one reference, except for values that are plainly absent (then it says where it would be). */
  readonly evidence: ReadonlyArray<Evidence>;
}

/** Builds evidence references. */
export const evidence = {
  resource: (address: string, detail?: string, stack?: string): Evidence => ref('resource', address, detail, stack),
  configKey: (key: string, detail?: string, stack?: string): Evidence => ref('config-key', key, detail, stack),
  alert: (name: string, detail?: string, stack?: string): Evidence => ref('alert', name, detail, stack),
  recordingRule: (name: string, detail?: string, stack?: string): Evidence => ref('recording-rule', name, detail, stack),
  file: (relativePath: string, detail?: string, stack?: string): Evidence => ref('file', relativePath, detail, stack),
  prop: (propPath: string, detail?: string): Evidence => ref('prop', propPath, detail, undefined),
  dashboard: (uid: string, detail?: string, stack?: string): Evidence => ref('dashboard', uid, detail, stack),
  environment: (name: string, detail?: string, stack?: string): Evidence => ref('environment', name, detail, stack),
} as const;

/** A fact: `fact(value, evidence.prop('props.owner'))`. */
export function fact<T>(value: T, ...refs: ReadonlyArray<Evidence>): Fact<T> {
  return { value, evidence: refs };
}

function ref(kind: EvidenceKind, r: string, detail: string | undefined, stack: string | undefined): Evidence {
  return { kind, ref: r, ...(detail !== undefined ? { detail } : {}), ...(stack !== undefined ? { stack } : {}) };
}

// ---- The feature ---------------------------------------------------------------------------------------

/** Who owns the feature and where it runs. */
export interface FeatureIdentityFacts {
  /** Team name (LiteLLM `team_alias`). */
  readonly team: string;
  /** Feature name (unique in the team). */
  readonly name: string;
  /** The feature construct's path (named by errors). */
  readonly constructPath: string;
  /** The team stack's name (the folder of its `cdk.tf.json`). */
  readonly stack: string;
  /** Environment, e.g. `production`; decides which items are required. */
  readonly environment: Fact<string>;
  /** Owning squad. @default - value undefined */
  readonly owner: Fact<string | undefined>;
  /** Who is paged (rotation, alias, channel). @default - value undefined */
  readonly oncall: Fact<string | undefined>;
  /** The feature's LiteLLM key alias (`<team>/<feature>`): its `api_key_alias` label in metrics. */
  readonly keyAlias: string;
  /** Where the generated runbook is published, when the team gave a URL. */
  readonly runbookUrl?: string;
}

/** How the feature may execute tools. */
export interface ToolExecutionFacts {
  readonly mode: GovernedToolExecution;
  /** The allow-list (`allow-listed`), sorted. */
  readonly tools: ReadonlyArray<string>;
}

/** A feature's output contract. */
export interface StructuredOutputFacts {
  /** A JSON schema (or response_format) is declared. */
  readonly declared: boolean;
  /** A program, not a person, consumes the output. */
  readonly automation: boolean;
}

/** The feature's prompts and their evaluation, as declared (`prompts`). */
export interface PromptFacts {
  /** Where prompts are versioned (a repository URL or path). @default - value undefined */
  readonly repository: Fact<string | undefined>;
  /** Declared golden dataset and threshold (not verifiable at synth). @default - value undefined */
  readonly evaluation: Fact<{ readonly goldenDataset: string; readonly minScore: number } | undefined>;
}

/**
 * Issue 15's evaluation probe, when the feature has one: a scheduled run of the golden set on the feature's
 * key, its regression alert and its promotion gate. Its presence turns `continuous-qa` (and the regression
 * tests of `prompt-versioning`) from `declared` into `passed`.
 */
export interface EvaluationProbeFacts {
  /** The golden set (an asset path or URI) and its sha256 when known at synth. */
  readonly goldenSet: Fact<{ readonly location: string; readonly sha256?: string }>;
  /** How often it runs, e.g. `rate(30 minutes)`. */
  readonly schedule: Fact<string>;
  readonly minPassRate: Fact<number>;
  /** The scheduler and the probe's function/job (resource addresses). */
  readonly probe: Fact<boolean>;
  /** The regression alert(s). */
  readonly regressionAlerts: Fact<ReadonlyArray<string>>;
  /** The gate command run before a model change is promoted. @default - value undefined */
  readonly gateCommand?: Fact<string | undefined>;
}

// ---- Models and routing --------------------------------------------------------------------------------

/** One model deployment behind an alias. */
export interface ModelDeploymentFacts {
  /** Provider, e.g. `bedrock`. */
  readonly provider: string;
  /** Provider model id. */
  readonly modelId: string;
}

/** An alias the feature calls, what serves it and where it falls back to. */
export interface ModelRouteFacts {
  readonly alias: string;
  /** Deployments in the alias' model group (several = load balancing across them). */
  readonly deployments: Fact<ReadonlyArray<ModelDeploymentFacts>>;
  /**
   * The resolved general fallback chain (LiteLLM `router_settings.fallbacks`, or `default_fallbacks` when the
   * alias has none), in order; empty = no fallback.
   */
  readonly fallbacks: Fact<ReadonlyArray<string>>;
  /** Providers reached through the alias and its fallbacks (distinct). */
  readonly providers: ReadonlyArray<string>;
}

/** LiteLLM router behaviour (`router_settings`): retries, timeouts and circuit breaking. */
export interface RoutingFacts {
  readonly numRetries: Fact<number>;
  readonly timeoutSeconds: Fact<number>;
  readonly streamTimeoutSeconds: Fact<number>;
  /** Failures per minute before a deployment is cooled down (the circuit breaker). */
  readonly allowedFails: Fact<number>;
  readonly cooldownSeconds: Fact<number>;
  readonly maxFallbacks: Fact<number>;
}

// ---- The gateway ---------------------------------------------------------------------------------------

/** One guardrail in force for the feature's requests. */
export interface GuardrailFacts {
  readonly name: string;
  /** LiteLLM `guardrail` type or callback, e.g. `litellm_content_filter`. */
  readonly guardrail: string;
  readonly purpose: GovernedGuardrailPurpose;
  /** Runs on every request without the caller asking. */
  readonly defaultOn: boolean;
}

/** Names the runbook's commands need, per runtime (literal values; never tokens). */
export interface GatewayRuntimeNames {
  /** ECS Fargate. */
  readonly aws?: {
    readonly region?: string;
    readonly clusterName: string;
    readonly serviceName: string;
    /** Task definition family (`aws ecs update-service --task-definition <family>:<revision>`). */
    readonly taskDefinitionFamily: string;
    /** The ALB's name and the gateway target group's name (CloudWatch metrics of the drill alarms). */
    readonly loadBalancerName?: string;
    readonly targetGroupName?: string;
    /** Name of the Secrets Manager secret holding the master key. */
    readonly masterKeySecretName?: string;
  };
  /** Cloud Run. */
  readonly gcp?: {
    readonly project: string;
    readonly region: string;
    readonly serviceName: string;
    /** The internal admin service (`/key/*`). */
    readonly adminServiceName?: string;
    /** Secret Manager secret id of the master key. */
    readonly masterKeySecretId?: string;
  };
  /** Kubernetes. */
  readonly kubernetes?: {
    readonly namespace: string;
    readonly deploymentName: string;
    /** The master key Secret and its key. */
    readonly masterKeySecret?: { readonly name: string; readonly key: string };
  };
}

/** The gateway serving the feature: its runtime and what it enforces. */
export interface GatewayReadinessFacts {
  /** `LlmGateway.gatewayName` (the `gateway` label of every series). */
  readonly name: string;
  /** The construct path of the gateway. */
  readonly constructPath: string;
  /** The stack holding the gateway. */
  readonly stack: string;
  /** `ecs-fargate`, `cloud-run`, `kubernetes` or a custom runtime's kind. */
  readonly kind: Fact<string>;
  /** Replicas that always run, and the autoscaling ceiling. */
  readonly replicas: Fact<{ readonly min: number; readonly max: number }>;
  /** An autoscaler owns the replica count (ECS target tracking, Cloud Run instance scaling, an HPA). */
  readonly autoscaling: Fact<boolean>;
  /** Replicas spread over several zones. */
  readonly multiZone: Fact<boolean>;
  /** A failed deployment rolls back (ECS circuit breaker with rollback, Cloud Run revisions, Deployment history). */
  readonly deploymentRollback: Fact<boolean>;
  /** The LiteLLM image and whether it is pinned by tag (`pinned`) and by digest. */
  readonly image: Fact<{ readonly reference: string; readonly pinned: boolean; readonly digest: boolean }>;
  /** LiteLLM logs JSON (`litellm_settings.json_logs`). */
  readonly jsonLogs: Fact<boolean>;
  /** Logs kept (days), when the runtime sets a retention (ECS log group). @default - value undefined */
  readonly logRetentionDays: Fact<number | undefined>;
  /** Health probes on `/health/liveliness` and `/health/readiness`. */
  readonly healthChecks: Fact<boolean>;
  /** Guardrails in force (the gateway's default-on ones and the policy's). */
  readonly guardrails: Fact<ReadonlyArray<GuardrailFacts>>;
  /** Prompts/responses reach logs or traces (`turn_off_message_logging: false`). */
  readonly messageLogging: Fact<boolean>;
  /** Prometheus metrics (`litellm_settings.callbacks` has `prometheus`): request, latency, TTFT histograms. */
  readonly metrics: Fact<boolean>;
  /** Traces (`otel` callback + `OTEL_EXPORTER`). */
  readonly tracing: Fact<boolean>;
  /** Time to first token is measured (`litellm_llm_api_time_to_first_token_metric`, needs `metrics`). */
  readonly timeToFirstToken: Fact<boolean>;
  /** Audit trail without content (`s3_v2` callback). */
  readonly auditTrail: Fact<boolean>;
  /** Router behaviour. */
  readonly routing: RoutingFacts;
  /** Every model alias the gateway serves, with its deployments and fallback chain. */
  readonly routes: ReadonlyArray<ModelRouteFacts>;
  /** Base URL of the admin API (`/key/block`, ...), when the runtime has one. */
  readonly adminEndpoint?: string;
  /** Literal names for the runbook's commands. */
  readonly names: GatewayRuntimeNames;
}

// ---- Quota, observability, access, vectors, policy -----------------------------------------------------

/** Limits and budgets of the feature's key and its team. */
export interface QuotaFacts {
  /** The key's TPM limit (LiteLLM `tpm_limit`). */
  readonly tokensPerMinute: Fact<number | undefined>;
  /** The key's RPM limit (`rpm_limit`). */
  readonly requestsPerMinute: Fact<number | undefined>;
  /** The key's monthly budget (`max_budget` with `budget_duration: 30d`). */
  readonly monthlyBudgetUsd: Fact<number | undefined>;
  /** The team's monthly budget on the gateway. */
  readonly teamMonthlyBudgetUsd: Fact<number | undefined>;
  /** A cloud budget (AWS Budgets / GCP billing budget) for the team's own spend. */
  readonly cloudBudget: Fact<{ readonly monthlyLimitUsd: number } | undefined>;
  /** Days between automatic rotations of the key. */
  readonly keyRotationDays: Fact<number | undefined>;
}

/** The feature's dashboard and alerts. */
export interface ObservabilityFacts {
  /** The team dashboard holding the feature's row. */
  readonly dashboard: Fact<{ readonly uid: string; readonly file?: string; readonly url?: string }>;
  /** The feature's alerts (SLO burn, spend), by name. */
  readonly alerts: Fact<ReadonlyArray<string>>;
  /** The feature's rule group name. */
  readonly ruleGroup: string;
  /** The objectives the alerts use. */
  readonly slo: Fact<{ readonly availability: number; readonly latencyP95Ms: number }>;
  /** Monthly budget behind the spend alert, when there is one. */
  readonly monthlyBudgetUsd?: number;
}

/** Who can use the feature's key and how traffic reaches the gateway. */
export interface AccessFacts {
  /** The secret holding the key (store + id; never the value). */
  readonly keySecret: Fact<{ readonly store: string; readonly id: string }>;
  /** Identities granted read on the secret (the feature's callers), sorted. */
  readonly readers: Fact<ReadonlyArray<string>>;
  /** How callers reach the gateway (security group rule, run.invoker, namespace admitted), empty = none. */
  readonly networkPath: Fact<ReadonlyArray<string>>;
  /** Encryption of the key at rest (KMS key / cloud default) and in transit (TLS to the gateway). */
  readonly encryption: Fact<{ readonly atRest: boolean; readonly inTransit: boolean }>;
}

/** The feature's vector collection. */
export interface VectorCollectionFacts {
  /** `aurora-pgvector`, `cloud-sql-pgvector`, `qdrant-helm`. */
  readonly backend: Fact<string>;
  readonly collection: Fact<{ readonly name: string; readonly dimensions: number }>;
  /** Principals granted on it. */
  readonly grants: Fact<ReadonlyArray<string>>;
  /** Literal names of the store for the runbook's commands. */
  readonly names?: VectorStoreNames;
}

/** Names of a vector store for the runbook's commands and the drills (literal values). */
export interface VectorStoreNames {
  /** Aurora PostgreSQL: the cluster identifier (the FIS drill's target). */
  readonly aurora?: { readonly clusterIdentifier: string; readonly region?: string };
  /** Cloud SQL: the instance. */
  readonly cloudSql?: { readonly project: string; readonly instance: string };
  /** Qdrant on Kubernetes: the Helm release. */
  readonly qdrant?: { readonly namespace: string; readonly releaseName: string };
}

/** The policy bundle governing the feature's stack. */
export interface PolicyFacts {
  readonly bundle: Fact<{ readonly packs: ReadonlyArray<string> } | undefined>;
}

/** Everything the readiness evaluator reads about one feature. */
export interface FeatureReadinessFacts {
  readonly feature: FeatureIdentityFacts;
  readonly dataClassification: Fact<GovernedDataClassification>;
  readonly toolExecution: Fact<ToolExecutionFacts>;
  readonly structuredOutput: Fact<StructuredOutputFacts>;
  /** What users get when the feature is off or failing. @default - value undefined */
  readonly businessFallback: Fact<string | undefined>;
  readonly prompts: PromptFacts;
  /** Issue 15: present when the feature has an evaluation probe. */
  readonly evaluationProbe?: EvaluationProbeFacts;
  /** Aliases the feature calls (its key's `models`), each resolved against the gateway. */
  readonly models: ReadonlyArray<ModelRouteFacts>;
  readonly gateway: GatewayReadinessFacts;
  readonly quota: QuotaFacts;
  /** `undefined` when the team has no `TeamObservability`. */
  readonly observability?: ObservabilityFacts;
  readonly access: AccessFacts;
  readonly vectorCollection?: VectorCollectionFacts;
  readonly policy: PolicyFacts;
  /** Drills enabled for this environment (names of the rendered templates). */
  readonly drills: Fact<ReadonlyArray<string>>;
  /**
   * The generated runbook (path beside the stack's `cdk.tf.json`). `FeatureReadiness.register` sets it.
   * @default - none: the `runbook` item fails
   */
  readonly runbook?: Fact<string>;
}
