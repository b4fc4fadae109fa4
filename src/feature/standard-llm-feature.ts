import { Construct, type IConstruct } from 'constructs';
import { VectorStoreFailoverDrill } from './drills/vector-store-failover-drill';
import { CALLER_FACTORY, CALLER_RUNTIME, featureRuntime, grantCallers, type CallerGrants } from './feature-access';
import { FeatureCaller, FeatureCallerKind } from './feature-caller';
import { featureGovernanceFacts, featureReadinessFacts, type FeatureState } from './feature-facts';
import { FEATURE_NAME, featurePropsSchema, type StandardLlmFeatureProps } from './feature-props';
import { addFeatureCollection, vectorProblems } from './feature-vectors';
import type { EvaluationProbeFacts, FeatureReadinessFacts, VectorCollectionFacts } from './readiness/facts';
import { FeatureReadiness } from './readiness/feature-readiness';
import { TeamContext } from './team-context';
import { ToolExecution } from './tool-execution';
import { ProblemCollector } from '../core/errors';
import { validateProps } from '../core/validation';
import { addFeatureEvaluation, featureEvaluationContextProblems, type AddedEvaluation } from '../evaluation/feature-evaluation';
import { featureEvaluationProblems } from '../evaluation/manifest';
import { renderers } from '../observability/renderers';
import { isAlertingRule } from '../observability/slo/types';
import type { FeatureGovernanceFacts, IGovernedConstruct } from '../policy/governance-facts';
import type { ITenantKey } from '../tenancy/tenant-key';
import type { VectorCollection } from '../vector-store/vector-store';

/**
 * One LLM feature of a squad, with what production needs from day one. Create it inside a team stack
 * (`LlmPlatform.teamStack()`, or a stack with a registered `TeamContext`); everything it creates lands in
 * that stack, never in the platform's.
 *
 * ```ts
 * new StandardLlmFeature(hiring, 'job-description-gen', {
 *   models: ['chat'],
 *   quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
 *   slo: { availability: 0.999, latencyP95Ms: 1200 },
 *   dataClassification: DataClassification.CONFIDENTIAL,
 *   toolExecution: ToolExecution.none(),
 *   businessFallback: 'Show the manual form; the posting is saved as a draft',
 *   prompts: { repository: 'https://git.example.com/hiring/prompts', evaluation: { goldenDataset: 'evals/jd.jsonl', minScore: 0.8 } },
 *   callers: [FeatureCaller.awsRole(jdService.taskRoleName)],
 *   owner: 'hiring-squad', oncall: 'hiring-oncall',
 * });
 * ```
 *
 * What it gets:
 * - **Its own virtual key** (LiteLLM key alias `<team>/<feature>`, metadata team, feature, environment, owner,
 *   data classification): its models, TPM/RPM limits and monthly budget enforced by the gateway, rotated on a
 *   schedule, in a secret that only its `callers` may read.
 * - **Network access** for its callers to the gateway's inference routes: on AWS the tenancy's caller security
 *   group (attach `gatewayCallerSecurityGroupId`), on Cloud Run `roles/run.invoker` for each caller, on Kubernetes
 *   the team namespace the gateway admits.
 * - **Its row on the team dashboard and its SLO and spend alerts** (when the team has a `TeamObservability`).
 * - **Its vector collection**, granted to its callers (`vectorCollection`).
 * - **Governance facts** (`llm:feature`) for the policy bundle, a generated runbook and an executed readiness
 *   report (`readiness-report.{json,md}` beside the stack's `cdk.tf.json`; in production a failing required item
 *   fails synthesis).
 *
 * Every call is attributable: the key alias is the `api_key_alias` label of LiteLLM's Prometheus metrics and
 * `metadata.user_api_key_alias` in its traces and audit trail, next to the team alias.
 */
export class StandardLlmFeature extends Construct implements IGovernedConstruct {
  /** Feature name (the construct id). */
  public readonly featureName: string;
  /** Team name. */
  public readonly team: string;
  /** The team this feature belongs to. */
  public readonly context: TeamContext;
  /** The feature's virtual key: its secret (`key.secret`), alias and rotation. */
  public readonly key: ITenantKey;
  /** LiteLLM key alias, `<team>/<feature>` (metrics label `api_key_alias`). */
  public readonly keyAlias: string;
  /**
   * AWS: the security group callers attach to reach the gateway (a token from the platform stack).
   * `undefined` on other runtimes.
   */
  public readonly gatewayCallerSecurityGroupId?: string;
  /** The feature's vector collection, when it declared one. */
  public readonly vectorCollection?: VectorCollection;
  /** The validated props. */
  public readonly props: StandardLlmFeatureProps;
  /** The feature's evaluation (probe, manifest, regression alerts), when it declared one. */
  public readonly evaluation?: AddedEvaluation;

  private readonly state: FeatureState;
  private evaluationProbe?: () => EvaluationProbeFacts | undefined;

  constructor(scope: Construct, id: string, props: StandardLlmFeatureProps) {
    // The id is the feature name, so it is user input: a non-string must become a ValidationError below, not a
    // TypeError inside Construct.
    super(scope, typeof id === 'string' ? id : `invalid-${typeof id}`);
    const extra = new ProblemCollector();
    const ctx = TeamContext.tryOf(this);
    if (!ctx) {
      extra.add('(scope)', scope.node.path, 'is not inside a team stack: a feature needs its team\'s quota, gateway and observability',
        'create the feature in a stack from LlmPlatform.teamStack(app, team, {...}), or register the team once: TeamContext.register(teamStack, { tenant, observability })');
    }
    if (typeof id !== 'string' || !FEATURE_NAME.test(id)) {
      extra.add('(id)', id, 'is not a valid feature name (it becomes the key alias <team>/<feature>, a Kubernetes Secret name and a metrics label)',
        'use 1-40 lowercase letters, digits and -, starting with a letter and ending with a letter or digit');
    }
    if (ctx && props !== null && typeof props === 'object') extra.addAll(contextProblems(ctx, id, props).problems);
    if (props !== null && typeof props === 'object' && props.evaluation !== undefined) extra.addAll(evaluationProblems(this, ctx, id, props));
    const p = validateProps(this, featurePropsSchema, props, extra) as StandardLlmFeatureProps;

    const context = ctx!;
    this.context = context;
    this.featureName = id;
    this.team = context.team;
    this.props = p;
    // contextProblems refused duplicates, so every caller is granted once.
    const callers = p.callers;
    const runbookUrl = p.runbookUrl ?? context.runbookUrl;

    // ---- The key: limits, budget and metadata enforced by the gateway, readable by the callers only ----
    this.key = context.tenant.addKey(id, {
      models: [...p.models],
      tokensPerMinute: p.quota.tokensPerMinute,
      requestsPerMinute: p.quota.requestsPerMinute,
      monthlyBudgetUsd: p.quota.monthlyBudgetUsd,
      rotationDays: p.keyRotationDays ?? 30,
      owner: p.owner,
      // Land in LiteLLM's logging metadata (`user_api_key_auth_metadata`): the audit trail shows what the key may carry.
      metadata: { data_classification: p.dataClassification, tool_execution: p.toolExecution.mode },
      readByTeamIdentity: callers.some((c) => c.kind === FeatureCallerKind.TEAM_IDENTITY),
    });
    this.keyAlias = this.key.keyAlias;
    const grants: CallerGrants = grantCallers(this, context, this.key, callers);
    this.gatewayCallerSecurityGroupId = featureRuntime(context) === 'aws' ? context.tenant.identity.gatewayCallerSecurityGroupId : undefined;

    // ---- Dashboard row, SLO and spend alerts, in the team's stack ----------------------------------
    let observability: FeatureState['observability'];
    const teamObservability = context.observability;
    if (teamObservability) {
      const input = {
        name: id,
        keyAlias: this.keyAlias,
        slo: p.slo,
        monthlyBudgetUsd: p.quota.monthlyBudgetUsd,
        ...(runbookUrl ? { runbookUrl } : {}),
      };
      teamObservability.addFeature(input);
      // The same input the team's observability renders, so alert names cannot drift from the rules.
      const { name: feature, ...rest } = input;
      const groups = renderers().featureRuleGroups({ gateway: teamObservability.gateway, team: context.team, feature, ...rest });
      observability = {
        dashboardUid: teamObservability.dashboardUid,
        alerts: [...new Set(groups.flatMap((g) => g.rules).filter(isAlertingRule).map((r) => r.alert))].sort(),
        ruleGroup: groups[0]?.name ?? '',
        rules: teamObservability.node.tryFindChild(`Feature-${id}`),
      };
    }

    // ---- Vector collection, from the team stack ------------------------------------------------------
    let vectorFacts: (() => VectorCollectionFacts) | undefined;
    if (p.vectorCollection) {
      const added = addFeatureCollection(this, context, id, p.vectorCollection, callers);
      this.vectorCollection = added.collection;
      vectorFacts = added.facts;
    }

    // ---- Drills (opt-in): the vector store failover drill of the team stack, when the feature retrieves ---------
    const drills: IConstruct[] = [];
    if (p.drills && p.vectorCollection && context.vectorStore) {
      const drill = VectorStoreFailoverDrill.forStack(this, { gateway: context.gateway, vectorStore: context.vectorStore, slo: p.slo });
      if (drill) drills.push(drill);
    }

    // ---- Continuous evaluation: probe, manifest for the gate, regression alerts, dashboard panels ----------------
    if (p.evaluation) {
      const subject = { construct: this, context, name: id, keyAlias: this.keyAlias, key: this.key, models: p.models, slo: p.slo };
      this.evaluation = addFeatureEvaluation({ ...subject, ...(runbookUrl ? { runbookUrl } : {}) }, p.evaluation);
      const added = this.evaluation;
      this.setEvaluationProbe(() => added.facts());
    }

    this.state = {
      construct: this,
      drills,
      name: id,
      ctx: context,
      props: p,
      key: this.key,
      callers,
      grants,
      ...(observability ? { observability } : {}),
      ...(vectorFacts ? { vectorCollection: vectorFacts } : {}),
      evaluationProbe: () => this.evaluationProbe?.(),
      ...(runbookUrl ? { runbookUrl } : {}),
    };
    FeatureReadiness.register(this, () => this.readinessFacts(), { drills: p.drills ?? false });
  }

  /**
   * Issue 15's hook: an evaluation probe reports its facts here; `readinessFacts()` includes them, which turns
   * `continuous-qa` (and prompt regression tests) from declared into passed.
   */
  public setEvaluationProbe(produce: () => EvaluationProbeFacts | undefined): void {
    this.evaluationProbe = produce;
  }

  /** What the readiness evaluator reads about this feature, with evidence (call at synthesis, after every `add*`). */
  public readinessFacts(): FeatureReadinessFacts {
    return featureReadinessFacts(this.state);
  }

  /** What the policy bundle reads (`llm:feature`). */
  public governanceFacts(): FeatureGovernanceFacts {
    return featureGovernanceFacts(this.state);
  }
}

/** Checks that need the team: models, quota against the team's, callers against the runtime, the name's uniqueness. */
function contextProblems(ctx: TeamContext, id: string, props: StandardLlmFeatureProps): ProblemCollector {
  const p = new ProblemCollector();
  const runtime = featureRuntime(ctx);
  if (!runtime) p.add('(scope)', ctx.gateway.node.path, `gateway runs on a ${ctx.gateway.runtime.kind} runtime without a management surface, so it cannot hold feature keys`, 'run the gateway on ECS Fargate, Cloud Run or Kubernetes');
  if (ctx.tenant.tenantKeys.some((k) => k.name === id)) p.add('(id)', id, `is already a key of team ${ctx.team}`, 'give each feature of the team its own name');
  const team = ctx.tenant.governanceFacts();
  const aliases = [...new Set(ctx.gateway.models.map((m) => m.alias))].sort();
  if (Array.isArray(props.models)) {
    const seen = new Set<string>();
    props.models.forEach((m, i) => {
      if (typeof m !== 'string') return;
      if (seen.has(m)) p.add(`models[${i}]`, m, 'is listed twice', 'list each alias once');
      seen.add(m);
      if (!aliases.includes(m)) p.add(`models[${i}]`, m, `is not an alias of gateway ${ctx.gateway.gatewayName}`, `use one of ${aliases.join(', ')}`);
      else if (!team.models.includes(m)) p.add(`models[${i}]`, m, `is not one of team ${ctx.team}'s models`, `use one of ${team.models.join(', ')}, or add it to the team's TenantQuota models`);
    });
  }
  const q = props.quota;
  if (q && typeof q === 'object') {
    const over = (field: 'tokensPerMinute' | 'requestsPerMinute' | 'monthlyBudgetUsd', teamValue: number | undefined, what: string) => {
      const v = q[field];
      if (typeof v === 'number' && teamValue !== undefined && v > teamValue) p.add(`quota.${field}`, v, `is above the team's ${what} (${teamValue})`, `give the feature at most ${teamValue}, or raise the team's TenantQuota`);
    };
    over('tokensPerMinute', team.tokensPerMinute, 'tokens per minute');
    over('requestsPerMinute', team.requestsPerMinute, 'requests per minute');
    over('monthlyBudgetUsd', team.monthlyBudgetUsd, 'monthly budget');
  }
  if (props.toolExecution instanceof ToolExecution) p.addAll(props.toolExecution._problems('toolExecution'));
  const callers = Array.isArray(props.callers) ? props.callers : [];
  const seen = new Set<string>();
  callers.forEach((c, i) => {
    if (!(c instanceof FeatureCaller)) return;
    const at = `callers[${i}]`;
    p.addAll(c._problems(at));
    if (seen.has(c._key)) p.add(at, c.toString(), 'is listed twice', 'list each caller once');
    seen.add(c._key);
    if (runtime && c.kind !== FeatureCallerKind.TEAM_IDENTITY && CALLER_RUNTIME[c.kind] !== runtime) {
      p.add(at, c.kind, `does not run where the gateway runs (${ctx.gateway.runtime.kind})`, `use ${CALLER_FACTORY[runtime]} or FeatureCaller.teamIdentity()`);
    }
    if (runtime === 'kubernetes' && c.kind === FeatureCallerKind.KUBERNETES_SERVICE_ACCOUNT && typeof c.namespace === 'string' && c.namespace !== ctx.tenant.identity.namespace) {
      p.add(`${at}.namespace`, c.namespace, `is not the team's namespace (${ctx.tenant.identity.namespace}): the key is a Secret there and the gateway admits that namespace`, `run the caller in namespace ${ctx.tenant.identity.namespace}`);
    }
  });
  if (props.vectorCollection && typeof props.vectorCollection === 'object') {
    p.addAll(vectorProblems(ctx, id, props.vectorCollection, callers.filter((c): c is FeatureCaller => c instanceof FeatureCaller)));
  }
  return p;
}

/** The evaluation's problems: with the team when the props it depends on are usable, else the prop's own. */
function evaluationProblems(feature: Construct, ctx: TeamContext | undefined, id: string, props: StandardLlmFeatureProps) {
  const models = props.models;
  const usable = ctx && Array.isArray(models) && models.length > 0 && models.every((m) => typeof m === 'string')
    && props.slo !== null && typeof props.slo === 'object' && typeof props.slo.latencyP95Ms === 'number';
  if (!usable) return featureEvaluationProblems(props.evaluation);
  return featureEvaluationContextProblems({ construct: feature, context: ctx, name: id, keyAlias: `${ctx.team}/${id}`, models, slo: props.slo }, props.evaluation);
}
