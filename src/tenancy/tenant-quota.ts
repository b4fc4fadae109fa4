import { Construct } from 'constructs';
import { z } from 'zod';
import type { TeamBinding, TeamBindingContext, TeamIdentityHandle } from './binding';
import { cloudBudgetProblems, resolveCloudBudget, type TeamCloudBudget } from './cloud-budget';
import {
  desiredStateProblems,
  teamDesiredState,
  type KeyDesiredStateInput,
  type TeamDesiredState,
  type TeamDesiredStateInput,
} from './desired-state';
import { GatewayTenancy } from './gateway-tenancy';
import { TeamIdentity, TeamIdentityKind } from './team-identity';
import { TeamKeyReader, TeamKeyReaderKind, type ITenantKey, type TenantKeyOptions, type TenantModelLimits } from './tenant-key';
import { ProblemCollector, ValidationError, describeProblem } from '../core/errors';
import type { SecretRef } from '../core/secret-ref';
import { OwnershipTagging } from '../core/tags';
import { schemaFor, validateProps, withFix } from '../core/validation';
import { LlmGateway } from '../gateway/llm-gateway';
// Types only: the policy engine finds governed constructs by duck typing.
import type { IGovernedConstruct, TenantGovernanceFacts } from '../policy/governance-facts';

/** What happens in LiteLLM when the team (its stack) or one of its keys is removed. */
export enum TenantRemovalPolicy {
  /** Keys and team stay in LiteLLM (blocked callers keep their spend history); remove them by hand. */
  RETAIN = 'retain',
  /** The reconciler deletes the keys that left the desired state, and the team when its stack is destroyed. */
  DESTROY = 'destroy',
}

/** Props of `TenantQuota`. */
export interface TenantQuotaProps {
  /** The gateway the team uses (may live in another stack: the platform stack). */
  readonly gateway: LlmGateway;
  /** Team name: LiteLLM `team_alias` and `team_id`, the `team` tag, key aliases `<team>/<feature>`. */
  readonly team: string;
  /** Model aliases the team may call; a subset of the gateway's aliases. */
  readonly models: ReadonlyArray<string>;
  /** Monthly budget in USD (LiteLLM `max_budget`, reset monthly). @default - none: LLM-GOV-5 reports it (an error) */
  readonly monthlyBudgetUsd?: number;
  /** Alert-only budget, as a percentage of `monthlyBudgetUsd` (LiteLLM `soft_budget`). @default 80 */
  readonly softBudgetPercent?: number;
  /** Tokens per minute of the whole team. @default - none: LLM-GOV-5 reports it (an error) */
  readonly tokensPerMinute?: number;
  /** Requests per minute of the whole team. @default - none: LLM-GOV-5 reports it (an error) */
  readonly requestsPerMinute?: number;
  /** Per-model limits of the team. @default {} */
  readonly modelLimits?: Readonly<Record<string, TenantModelLimits>>;
  /** The team's cloud identity; must match the gateway's runtime. */
  readonly identity: TeamIdentity;
  /** Budget on the team's own tagged cloud spend, with actual and forecast notifications. @default - none */
  readonly cloudBudget?: TeamCloudBudget;
  /** Owner (team and key metadata). @default - none */
  readonly owner?: string;
  /** Environment (metadata; decides production-only policy rules). @default - the gateway's `tags.environment` */
  readonly environment?: string;
  /** @default TenantRemovalPolicy.RETAIN */
  readonly removalPolicy?: TenantRemovalPolicy;
  /** More team metadata (string values). @default {} */
  readonly metadata?: Readonly<Record<string, string>>;
}

const modelLimitsSchema = z.record(z.string(), z.strictObject({ tokensPerMinute: z.number().optional(), requestsPerMinute: z.number().optional() }));

const propsSchema = schemaFor<TenantQuotaProps>()(z.strictObject({
  gateway: z.custom<LlmGateway>((v) => v instanceof LlmGateway, { message: withFix('is not an LlmGateway', 'pass the gateway the team uses') }),
  team: z.string(),
  models: z.array(z.string()),
  monthlyBudgetUsd: z.number().optional(),
  softBudgetPercent: z.number().optional(),
  tokensPerMinute: z.number().optional(),
  requestsPerMinute: z.number().optional(),
  modelLimits: modelLimitsSchema.optional(),
  identity: z.custom<TeamIdentity>((v) => v instanceof TeamIdentity, { message: withFix('is not a TeamIdentity', 'use TeamIdentity.awsRole(), .gcpServiceAccount() or .kubernetesNamespace()') }),
  cloudBudget: z.custom<TeamCloudBudget>(() => true).optional(),
  owner: z.string().optional(),
  environment: z.string().optional(),
  removalPolicy: z.enum(TenantRemovalPolicy).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
}));

const keyOptionsSchema = schemaFor<TenantKeyOptions>()(z.strictObject({
  models: z.array(z.string()).optional(),
  tokensPerMinute: z.number().optional(),
  requestsPerMinute: z.number().optional(),
  monthlyBudgetUsd: z.number().optional(),
  modelLimits: modelLimitsSchema.optional(),
  rotationDays: z.number().int().min(1).max(90, withFix('is more than 90 days', 'rotate keys at least every 90 days (LLM-SEC-1)')).optional(),
  owner: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  readByTeamIdentity: z.boolean().optional(),
}));

/** Paths of the desired-state builder → the props they come from. */
const PROP_OF: Readonly<Record<string, string>> = { budgetUsd: 'monthlyBudgetUsd', budgetDuration: 'monthlyBudgetUsd', gateway: 'gateway.name' };
const KEY_PROP_OF: Readonly<Record<string, string>> = { budgetUsd: 'monthlyBudgetUsd', budgetDuration: 'monthlyBudgetUsd', feature: 'name' };

/** Which runtime (management surface) an identity needs. */
const IDENTITY_RUNTIME: Readonly<Record<TeamIdentityKind, 'aws' | 'gcp' | 'kubernetes'>> = {
  [TeamIdentityKind.AWS_ROLE]: 'aws',
  [TeamIdentityKind.GCP_SERVICE_ACCOUNT]: 'gcp',
  [TeamIdentityKind.KUBERNETES_NAMESPACE]: 'kubernetes',
};
const READER_RUNTIME: Readonly<Record<TeamKeyReaderKind, 'aws' | 'gcp' | 'kubernetes'>> = {
  [TeamKeyReaderKind.AWS_IAM_ROLE]: 'aws',
  [TeamKeyReaderKind.GCP_SERVICE_ACCOUNT]: 'gcp',
  [TeamKeyReaderKind.KUBERNETES_SERVICE_ACCOUNT]: 'kubernetes',
};

interface KeyRecord {
  readonly options: TenantKeyOptions;
  readonly input: KeyDesiredStateInput;
}

/**
 * A team on a gateway: its LiteLLM team (allowed models, monthly budget with a soft alert, TPM/RPM and per-model
 * limits), one virtual key per feature, its own cloud identity, and a cloud budget. Put it in the team's own
 * stack; it references the gateway's stack only through a fixed set of outputs of the gateway's
 * `GatewayTenancy`, so adding a team never changes the platform stack.
 *
 * ```ts
 * const hiring = new TenantQuota(teamStack, 'hiring', {
 *   gateway, team: 'hiring', models: ['chat', 'embed'],
 *   monthlyBudgetUsd: 2_000, softBudgetPercent: 80, tokensPerMinute: 200_000, requestsPerMinute: 600,
 *   identity: TeamIdentity.awsRole(),
 *   cloudBudget: { monthlyLimitUsd: 500, emails: ['hiring-leads@example.com'] },
 * });
 * const key = hiring.addKey('job-description-gen', { tokensPerMinute: 50_000, rotationDays: 30 });
 * key.secret; // SecretRef: the feature reads its virtual key here
 * ```
 *
 * **How the desired state reaches LiteLLM.** The gateway is private, and Terraform providers for LiteLLM keep key
 * values in state; so the team's desired state (a readable JSON document: plans show its diff) is applied by the
 * gateway's reconciler inside the gateway's network: on AWS a Lambda invoked by this stack's
 * `aws_lambda_invocation`, on Kubernetes a Job per desired-state hash, on Cloud Run a job run by the pipeline and
 * a schedule. Key values are generated there and written straight to the secret store; never to Terraform.
 */
export class TenantQuota extends Construct implements IGovernedConstruct {
  public readonly team: string;
  public readonly gateway: LlmGateway;
  /** The gateway's tenancy control plane (in the gateway's stack). */
  public readonly tenancy: GatewayTenancy;
  /** The team's identity as created (role, service account or namespace). */
  public readonly identity: TeamIdentityHandle;
  public readonly environment: string | undefined;

  private readonly input: Omit<TeamDesiredStateInput, 'keys'>;
  private readonly keys = new Map<string, KeyRecord>();
  private readonly handles = new Map<string, ITenantKey>();
  private readonly binding: TeamBinding;
  private readonly runtime: 'aws' | 'gcp' | 'kubernetes';

  constructor(scope: Construct, id: string, props: TenantQuotaProps) {
    super(scope, id);
    const extra = new ProblemCollector();
    const gateway = props?.gateway instanceof LlmGateway ? props.gateway : undefined;
    const management = gateway?.management;
    const runtime = management?.aws ? 'aws' : management?.gcp ? 'gcp' : management?.kubernetes ? 'kubernetes' : undefined;
    if (gateway && !runtime) extra.add('gateway', gateway.node.path, 'offers no management surface (custom runtime)', 'run the gateway on ECS Fargate, Cloud Run or Kubernetes');

    // Models must be aliases the gateway serves.
    if (gateway && Array.isArray(props.models)) {
      const aliases = [...new Set(gateway.models.map((m) => m.alias))].sort();
      props.models.forEach((m, i) => {
        if (typeof m === 'string' && !aliases.includes(m)) extra.add(`models[${i}]`, m, `is not an alias of gateway ${gateway.node.path}`, `use one of ${aliases.join(', ')}, or add the model to the gateway`);
      });
    }
    if (props?.identity instanceof TeamIdentity) {
      extra.addAll(props.identity._problems('identity'));
      if (runtime && IDENTITY_RUNTIME[props.identity.kind] !== runtime) {
        extra.add('identity', props.identity.kind, `does not match the gateway's runtime (${gateway!.runtime.kind})`, `use ${runtime === 'aws' ? 'TeamIdentity.awsRole()' : runtime === 'gcp' ? 'TeamIdentity.gcpServiceAccount()' : 'TeamIdentity.kubernetesNamespace()'}`);
      }
      if (runtime === 'kubernetes' && management?.kubernetes && !management.kubernetes.callerNamespaceLabels) {
        extra.add('gateway', gateway!.node.path, 'admits caller namespaces by name only, so every team would change the gateway\'s stack', 'set callerNamespaceLabels on the Kubernetes runtime (e.g. { "llm-platform.io/gateway-access": "<gateway>" }); team namespaces get those labels');
      }
    }
    if (props?.cloudBudget !== undefined) {
      const cloud = runtime === 'gcp' ? 'gcp' : runtime === 'aws' ? 'aws' : runtime === 'kubernetes' ? (props.cloudBudget?.billingAccount !== undefined ? 'gcp' : 'aws') : 'none';
      extra.addAll(cloudBudgetProblems(props.cloudBudget, 'cloudBudget', runtime ? cloud : 'aws'));
    }
    const environment = props?.environment ?? gateway?.ownershipTags.environment;
    const input: Omit<TeamDesiredStateInput, 'keys'> = {
      gateway: gateway?.gatewayName ?? '',
      team: props?.team,
      environment,
      owner: props?.owner,
      removalPolicy: props?.removalPolicy,
      models: props?.models,
      budgetUsd: props?.monthlyBudgetUsd,
      softBudgetPercent: props?.monthlyBudgetUsd === undefined ? undefined : (props?.softBudgetPercent ?? 80),
      tokensPerMinute: props?.tokensPerMinute,
      requestsPerMinute: props?.requestsPerMinute,
      modelLimits: props?.modelLimits,
      metadata: props?.metadata,
    };
    if (props && typeof props === 'object') {
      for (const pr of desiredStateProblems(input)) {
        if (pr.path === 'gateway' && !gateway) continue;
        // Team-level problems only: the builder names its own inputs, which map onto the props.
        extra.addAll([{ ...pr, path: mapPath(pr.path, PROP_OF) }]);
      }
      if (props.softBudgetPercent !== undefined && props.monthlyBudgetUsd === undefined) {
        // Reported by the builder only with a budget it can take a percentage of; say it here either way.
        if (!extra.problems.some((x) => x.path === 'softBudgetPercent')) extra.add('softBudgetPercent', props.softBudgetPercent, 'needs monthlyBudgetUsd to take a percentage of', 'set monthlyBudgetUsd');
      }
    }
    const p = validateProps(this, propsSchema, props, extra);

    this.team = p.team;
    this.gateway = p.gateway;
    this.environment = environment;
    this.input = input;
    this.runtime = runtime!;
    this.tenancy = GatewayTenancy.of(p.gateway);

    const ctx: TeamBindingContext = {
      team: p.team,
      gatewayName: p.gateway.gatewayName,
      identity: p.identity,
      cloudBudget: p.cloudBudget ? resolveCloudBudget(p.cloudBudget) : undefined,
      desiredState: () => this.desiredState(),
      tags: { ...p.gateway.ownershipTags, team: p.team, ...(environment ? { environment } : {}) },
    };
    // The `team` tag is what the team's cloud budget filters on (AWS cost-allocation tag, GCP label).
    OwnershipTagging.apply(this, ctx.tags);
    this.binding = this.bind(ctx);
    this.identity = this.binding.identity;

    this.node.addValidation({ validate: () => desiredStateProblems(this.desiredStateInput()).map(describeProblem) });
  }

  /**
   * Adds a feature's virtual key (alias `<team>/<feature>`): a secret only the team's identity can read, the key's
   * limits in the desired state, and its rotation schedule.
   */
  public addKey(name: string, options: TenantKeyOptions = {}): ITenantKey {
    const path = `addKey('${String(name)}')`;
    const extra = new ProblemCollector();
    if (this.keys.has(name)) extra.add(`${path}.name`, name, `is already a key of team ${this.team}`, 'give each feature key a distinct name');
    if (options && Array.isArray(options.models)) {
      options.models.forEach((m, i) => {
        if (typeof m === 'string' && !this.input.models.includes(m)) extra.add(`${path}.models[${i}]`, m, `is not one of team ${this.team}'s models`, `use one of ${[...this.input.models].join(', ')}`);
      });
    }
    const keyInput: KeyDesiredStateInput = {
      feature: name,
      models: options?.models,
      tokensPerMinute: options?.tokensPerMinute,
      requestsPerMinute: options?.requestsPerMinute,
      budgetUsd: options?.monthlyBudgetUsd,
      modelLimits: options?.modelLimits,
      owner: options?.owner,
      metadata: options?.metadata,
      rotationDays: options?.rotationDays,
      // Placeholder location for checking; the binding creates the real secret once the input is valid.
      secret: { store: 'kubernetes', id: 'check/check' },
    };
    if (!this.keys.has(name)) {
      const i = this.keys.size;
      for (const pr of desiredStateProblems({ ...this.input, keys: [...[...this.keys.values()].map((k) => k.input), keyInput] })) {
        const prefix = `keys[${i}].`;
        if (!pr.path.startsWith(prefix)) continue;
        if (pr.path.startsWith(`${prefix}models`) && extra.problems.some((x) => x.path.startsWith(`${path}.models`))) continue;
        extra.addAll([{ ...pr, path: `${path}.${mapPath(pr.path.slice(prefix.length), KEY_PROP_OF)}` }]);
      }
    }
    const o = validateProps(this, z.strictObject({ [path]: keyOptionsSchema }), { [path]: options ?? {} }, extra)[path] as TenantKeyOptions;
    const rotationDays = o.rotationDays ?? 30;
    const bound = this.binding.addKey(name, rotationDays, o.readByTeamIdentity ?? true);
    this.keys.set(name, { options: o, input: { ...keyInput, rotationDays, secret: bound.location } });
    const binding = this.binding;
    const quota = this;
    const handle: ITenantKey = {
      name,
      keyAlias: `${this.team}/${name}`,
      secret: bound.ref as SecretRef,
      rotationDays,
      grantRead(reader: TeamKeyReader): void {
        quota.checkReader(name, reader);
        binding.grantRead(name, reader);
      },
    };
    this.handles.set(name, handle);
    return handle;
  }

  /** The keys added so far, by feature name. */
  public get tenantKeys(): ReadonlyArray<ITenantKey> {
    return [...this.handles.values()];
  }

  /** The team's desired state as the reconciler receives it (after every `addKey`). */
  public desiredState(): TeamDesiredState {
    return teamDesiredState(this.desiredStateInput(), this.node.path);
  }

  /** What the team tells the policy bundle (`llm:tenant`): budget and limits (LLM-GOV-5), models, keys. */
  public governanceFacts(): TenantGovernanceFacts {
    return {
      kind: 'tenant',
      team: this.team,
      gateway: this.gateway.gatewayName,
      models: [...this.input.models],
      ...(this.input.budgetUsd !== undefined ? { monthlyBudgetUsd: this.input.budgetUsd } : {}),
      ...(this.input.tokensPerMinute !== undefined ? { tokensPerMinute: this.input.tokensPerMinute } : {}),
      ...(this.input.requestsPerMinute !== undefined ? { requestsPerMinute: this.input.requestsPerMinute } : {}),
      keys: [...this.keys.entries()].map(([name, k]) => ({
        name,
        models: [...(k.options.models ?? this.input.models)],
        ...(k.options.tokensPerMinute !== undefined ? { tokensPerMinute: k.options.tokensPerMinute } : {}),
        ...(k.options.requestsPerMinute !== undefined ? { requestsPerMinute: k.options.requestsPerMinute } : {}),
        ...(k.options.monthlyBudgetUsd !== undefined ? { monthlyBudgetUsd: k.options.monthlyBudgetUsd } : {}),
        rotationDays: k.input.rotationDays ?? 30,
      })),
      ...(this.environment !== undefined ? { environment: this.environment } : {}),
    };
  }

  private desiredStateInput(): TeamDesiredStateInput {
    return { ...this.input, keys: [...this.keys.values()].map((k) => k.input) };
  }

  private checkReader(feature: string, reader: TeamKeyReader): void {
    const p = new ProblemCollector();
    if (!(reader instanceof TeamKeyReader)) {
      p.add(`key('${feature}').grantRead(reader)`, reader, 'is not a TeamKeyReader', 'use TeamKeyReader.awsRole(name), .gcpServiceAccount(email) or .kubernetesServiceAccount(name)');
    } else if (READER_RUNTIME[reader.kind] !== this.runtime) {
      p.add(`key('${feature}').grantRead(reader)`, reader.kind, `does not run where the gateway's keys live (${this.gateway.runtime.kind})`, 'grant an identity of the same cloud');
    }
    p.throwIfAny(this);
  }

  private bind(ctx: TeamBindingContext): TeamBinding {
    // Runtime-specific parts load on first use (their provider bindings are costly to import).
    switch (this.runtime) {
      case 'aws': {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { AwsTeamResources } = require('./aws/team') as typeof import('./aws/team');
        return new AwsTeamResources(this, 'Aws', ctx, this.tenancy.aws!.outputs);
      }
      case 'kubernetes': {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { KubernetesTeamResources } = require('./kubernetes/team') as typeof import('./kubernetes/team');
        return new KubernetesTeamResources(this, 'Kubernetes', ctx, this.tenancy.kubernetes!.outputs);
      }
      case 'gcp': {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { GcpTeamResources } = require('./gcp/team') as typeof import('./gcp/team');
        return new GcpTeamResources(this, 'Gcp', ctx, this.tenancy.gcp!.outputs);
      }
      default:
        throw new ValidationError(this, [{ path: 'gateway', received: 'custom runtime', message: 'offers no management surface', fix: 'run the gateway on ECS Fargate, Cloud Run or Kubernetes' }]);
    }
  }
}

function mapPath(path: string, map: Readonly<Record<string, string>>): string {
  const head = path.split(/[.[]/)[0];
  return map[head] ? map[head] + path.slice(head.length) : path;
}
