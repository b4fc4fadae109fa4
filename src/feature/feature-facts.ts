import type { IConstruct } from 'constructs';
import { encryptionFacts, keyEvidence, type CallerGrants, type KeyEvidence } from './feature-access';
import type { FeatureCaller } from './feature-caller';
import { OutputConsumer, type StandardLlmFeatureProps } from './feature-props';
import { evidence, fact, type EvaluationProbeFacts, type Evidence, type FeatureReadinessFacts, type ObservabilityFacts, type VectorCollectionFacts } from './readiness/facts';
import { gatewayReadinessFacts, modelRouteFacts } from './readiness/gateway-facts';
import { dig, literalNumber, terraformBlocks } from './readiness/terraform-blocks';
import type { TeamContext } from './team-context';
import { ToolExecutionMode } from './tool-execution';
import { TerraformStack } from '../core/cdktf';
import type { LlmGateway } from '../gateway/llm-gateway';
import { PolicyBundle } from '../policy/bundle';
import type { FeatureGovernanceFacts, GovernedGuardrail } from '../policy/governance-facts';
import type { ITenantKey } from '../tenancy/tenant-key';

/** Everything a feature knows about itself once built, from which its facts are read at synthesis. */
export interface FeatureState {
  readonly construct: IConstruct;
  readonly name: string;
  readonly ctx: TeamContext;
  readonly props: StandardLlmFeatureProps;
  readonly key: ITenantKey;
  readonly callers: ReadonlyArray<FeatureCaller>;
  readonly grants: CallerGrants;
  readonly observability?: {
    readonly dashboardUid: string;
    readonly alerts: ReadonlyArray<string>;
    readonly ruleGroup: string;
    /** The construct holding the feature's rule resources (under the team's observability). */
    readonly rules?: IConstruct;
  };
  readonly vectorCollection?: () => VectorCollectionFacts;
  readonly evaluationProbe?: () => EvaluationProbeFacts | undefined;
  readonly runbookUrl?: string;
  /** Drill constructs of the feature (each with the page it writes). */
  readonly drills?: ReadonlyArray<IConstruct & { readonly pagePath?: string }>;
}

const sorted = <T>(xs: Iterable<T>): T[] => [...xs].sort();
/** Bundles whose runtime guardrails a gateway has been handed by a feature's facts. */
const FED = new WeakMap<LlmGateway, Set<PolicyBundle>>();

/** The key's entry in the team's desired state (what the reconciler applies), and where it is rendered. */
function desiredKey(s: FeatureState, ev: KeyEvidence): { location: { store: string; id: string }; evidence: Evidence[] } {
  const doc = s.ctx.tenant.desiredState();
  const entry = doc.keys.find((k) => k.key_alias === s.key.keyAlias);
  return { location: entry ? { store: entry.secret.store, id: entry.secret.id } : { store: 'unknown', id: '' }, evidence: ev.desiredState };
}

/** What the feature tells the readiness evaluator (`FeatureReadinessFacts`), with evidence for each fact. */
export function featureReadinessFacts(s: FeatureState): FeatureReadinessFacts {
  const { ctx, props, key } = s;
  const stack = TerraformStack.of(s.construct);
  const gateway = gatewayReadinessFacts(ctx.gateway);
  const ev = keyEvidence(ctx, s.name, s.callers);
  const state = desiredKey(s, ev);
  const alias = key.keyAlias;
  const ds = (field: string) => state.evidence.map((e) => ({ ...e, detail: `keys[${alias}].${field}` }));
  const p = (path: string, detail?: string) => evidence.prop(`props.${path}`, detail);
  const tenantFacts = ctx.tenant.governanceFacts();
  const tools = props.toolExecution.tools;
  const structured = props.structuredOutput !== undefined;
  const automation = (props.outputConsumer ?? OutputConsumer.PERSON) === OutputConsumer.AUTOMATION;
  const evaluation = props.prompts?.evaluation;
  const probe = s.evaluationProbe?.();
  const bundles = PolicyBundle.governing(stack);
  const budgets = terraformBlocks(ctx.tenant).filter((b) => b.type === 'aws_budgets_budget' || b.type === 'google_billing_budget');
  const cloudLimit = budgets.map((b) => literalNumber(b.type === 'aws_budgets_budget' ? b.config().limit_amount : dig(b.config(), 'amount', 'specified_amount', 'units'))).find((n) => n !== undefined);

  return {
    feature: {
      team: ctx.team,
      name: s.name,
      constructPath: s.construct.node.path,
      stack: stack.node.id,
      environment: fact(ctx.environment, evidence.prop('TeamContext.environment', 'the team stack\'s environment')),
      owner: fact<string | undefined>(props.owner, p('owner'), ...ds('metadata.owner')),
      oncall: fact<string | undefined>(props.oncall, p('oncall')),
      keyAlias: alias,
      ...(s.runbookUrl ? { runbookUrl: s.runbookUrl } : {}),
    },
    dataClassification: fact(props.dataClassification, p('dataClassification')),
    toolExecution: fact({ mode: props.toolExecution.mode === ToolExecutionMode.NONE ? 'none' : 'allow-listed', tools }, p('toolExecution', props.toolExecution.mode)),
    structuredOutput: fact({ declared: structured, automation }, p('structuredOutput', structured ? 'JSON schema declared' : 'none'), p('outputConsumer', automation ? 'automation' : 'person')),
    businessFallback: fact<string | undefined>(props.businessFallback, p('businessFallback')),
    prompts: {
      repository: fact<string | undefined>(props.prompts?.repository, p('prompts.repository')),
      evaluation: fact<{ goldenDataset: string; minScore: number } | undefined>(evaluation ? { goldenDataset: evaluation.goldenDataset, minScore: evaluation.minScore } : undefined, p('prompts.evaluation')),
    },
    ...(probe ? { evaluationProbe: probe } : {}),
    models: modelRouteFacts(gateway, props.models),
    gateway,
    quota: {
      tokensPerMinute: fact<number | undefined>(props.quota.tokensPerMinute, p('quota.tokensPerMinute'), ...ds('tpm_limit')),
      requestsPerMinute: fact<number | undefined>(props.quota.requestsPerMinute, p('quota.requestsPerMinute'), ...ds('rpm_limit')),
      monthlyBudgetUsd: fact<number | undefined>(props.quota.monthlyBudgetUsd, p('quota.monthlyBudgetUsd'), ...ds('max_budget')),
      teamMonthlyBudgetUsd: fact<number | undefined>(tenantFacts.monthlyBudgetUsd, evidence.prop('TenantQuota.monthlyBudgetUsd'), ...state.evidence.map((e) => ({ ...e, detail: 'team.max_budget' }))),
      cloudBudget: fact<{ monthlyLimitUsd: number } | undefined>(cloudLimit !== undefined ? { monthlyLimitUsd: cloudLimit } : undefined,
        ...(budgets.length > 0 ? budgets.map((b) => evidence.resource(b.address, 'team cloud budget')) : [evidence.prop('TenantQuota.cloudBudget', 'none')])),
      keyRotationDays: fact<number | undefined>(key.rotationDays, p('keyRotationDays'), ...ev.rotation),
    },
    ...(s.observability ? { observability: observabilityFacts(s) } : {}),
    access: {
      keySecret: fact(state.location, ...ev.secret, ...state.evidence.map((e) => ({ ...e, detail: `keys[${alias}].secret` }))),
      readers: fact(sorted(s.grants.readers), ...ev.readers, p('callers')),
      networkPath: fact(sorted(s.grants.networkPath), ...ev.network),
      encryption: encryptionFacts(ctx, ev.secret),
    },
    ...(s.vectorCollection ? { vectorCollection: s.vectorCollection() } : {}),
    policy: {
      bundle: fact<{ packs: ReadonlyArray<string> } | undefined>(
        bundles.length > 0 ? { packs: sorted(new Set(bundles.flatMap((b) => b.packs.map((pk) => pk.name)))) } : undefined,
        ...(bundles.length > 0 ? bundles.map((b) => evidence.prop(`PolicyBundle ${b.node.path}`)) : [evidence.prop('PolicyBundle', `none governs stack ${stack.node.id}`)]),
      ),
    },
    drills: fact<ReadonlyArray<string>>(
      sorted((s.drills ?? []).map((d) => d.pagePath).filter((x): x is string => typeof x === 'string')),
      p('drills', props.drills ? 'enabled' : 'off'),
      ...(s.drills ?? []).flatMap((d) => [
        ...(d.pagePath ? [evidence.file(d.pagePath)] : []),
        ...terraformBlocks(d).filter((b) => b.type === 'aws_fis_experiment_template').map((b) => evidence.resource(b.address, 'fault injection experiment')),
      ]),
    ),
  };
}

function observabilityFacts(s: FeatureState): ObservabilityFacts {
  const o = s.observability!;
  const file = `dashboards/${o.dashboardUid}.json`;
  const rules = o.rules ? terraformBlocks(o.rules).map((b) => evidence.resource(b.address, `rule group ${o.ruleGroup}`)) : [];
  return {
    dashboard: fact({ uid: o.dashboardUid, file }, evidence.dashboard(o.dashboardUid, `row ${s.name}`), evidence.file(file)),
    alerts: fact(sorted(new Set(o.alerts)), ...o.alerts.map((a) => evidence.alert(a, o.ruleGroup)), ...rules),
    ruleGroup: o.ruleGroup,
    slo: fact({ availability: s.props.slo.availability, latencyP95Ms: s.props.slo.latencyP95Ms }, evidence.prop('props.slo')),
    monthlyBudgetUsd: s.props.quota.monthlyBudgetUsd,
  };
}

/**
 * What the feature tells the policy bundle (`llm:feature`): models, limits, classification, tools, output
 * contract, fallback, owner, and what the gateway serving it does (its default-on guardrails, message logging).
 */
export function featureGovernanceFacts(s: FeatureState): FeatureGovernanceFacts {
  const { ctx, props } = s;
  // The platform's bundle hands the gateway its runtime guardrails when the platform stack synthesizes; do it
  // first (idempotent) so the verdict does not depend on which stack is synthesized first.
  // Once per gateway and bundle: handing guardrails over re-renders the gateway's config (200 team stacks).
  const handed = FED.get(ctx.gateway) ?? new Set<PolicyBundle>();
  FED.set(ctx.gateway, handed);
  for (const bundle of PolicyBundle.governing(TerraformStack.of(ctx.gateway))) {
    if (handed.has(bundle)) continue;
    handed.add(bundle);
    if (bundle.runtimeGuardrails.length > 0) ctx.gateway.addPolicyGuardrails(bundle.runtimeGuardrails);
  }
  const gw = ctx.gateway.governanceFacts();
  const guardrails: GovernedGuardrail[] = gw.guardrails.filter((g) => g.defaultOn).map((g) => ({ ...g }));
  return {
    kind: 'feature',
    team: ctx.team,
    name: s.name,
    gateway: ctx.gateway.gatewayName,
    models: [...props.models],
    dataClassification: props.dataClassification,
    guardrails,
    messageLogging: gw.messageLogging,
    monthlyBudgetUsd: props.quota.monthlyBudgetUsd,
    tokensPerMinute: props.quota.tokensPerMinute,
    requestsPerMinute: props.quota.requestsPerMinute,
    toolExecution: props.toolExecution.mode === ToolExecutionMode.NONE ? 'none' : 'allow-listed',
    ...(props.toolExecution.mode === ToolExecutionMode.ALLOW_LISTED ? { tools: props.toolExecution.tools } : {}),
    automation: (props.outputConsumer ?? OutputConsumer.PERSON) === OutputConsumer.AUTOMATION,
    structuredOutput: props.structuredOutput !== undefined,
    businessFallback: props.businessFallback,
    owner: props.owner,
    oncall: props.oncall,
    environment: ctx.environment,
  };
}
