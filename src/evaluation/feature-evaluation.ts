import type { Construct } from 'constructs';
import { evaluationDashboardExtension, type EvaluationPanelInput } from './evaluation-dashboard';
import type { FeatureEvaluation, EvaluationManifest } from './manifest';
import { evaluationGateCommand, evaluationManifest, featureEvaluationProblems, probeRunBudgetSeconds, EVALUATION_DIR } from './manifest';
import { addEvaluationManifest, evaluationManifestPath } from './manifest-files';
import { AwsEvaluationProbe, LAMBDA_MAX_TIMEOUT_SECONDS } from './probe-aws';
import { GcpEvaluationProbe } from './probe-gcp';
import { KubernetesEvaluationProbe, prometheusOperatorRemoteWriteUrl, type KubernetesProbeMetrics } from './probe-kubernetes';
import { EVAL_ALERT_NAMES, evaluationRuleGroups, type EvaluationRuleGroupsInput } from './rules/rule-groups';
import { scheduleGaps } from './rules/schedule-gaps';
import { Token, TerraformStack } from '../core/cdktf';
import { ValidationError, type ValidationProblem, renderReceived } from '../core/errors';
import { featureRuntime } from '../feature/feature-access';
import { evidence, fact, type EvaluationProbeFacts } from '../feature/readiness/facts';
import { terraformBlocks } from '../feature/readiness/terraform-blocks';
import type { TeamContext } from '../feature/team-context';
import type { SloObjectives } from '../observability/slo/types';
import type { TeamObservability } from '../observability/team-observability';
import { DEFAULT_TENANCY_NODE_IMAGE } from '../tenancy/gateway-tenancy';
import type { ITenantKey } from '../tenancy/tenant-key';

/** What a feature tells its evaluation's validation (before the feature created anything). */
export interface EvaluationSubject {
  /** The feature construct: the probe is created under it, in the team's stack. */
  readonly construct: Construct;
  readonly context: TeamContext;
  readonly name: string;
  /** `<team>/<feature>`. */
  readonly keyAlias: string;
  readonly models: ReadonlyArray<string>;
  readonly slo: SloObjectives;
  readonly runbookUrl?: string;
}

/** What a feature tells its evaluation (`StandardLlmFeature` passes itself once its key exists). */
export interface EvaluatedFeature extends EvaluationSubject {
  readonly key: ITenantKey;
}

/** What adding an evaluation created. */
export interface AddedEvaluation {
  readonly manifest: EvaluationManifest;
  /** The probe construct (Lambda + schedule, Cloud Run job + scheduler, or CronJob). */
  readonly probe: Construct;
  readonly ruleGroup: string;
  readonly alertNames: ReadonlyArray<string>;
  /** The readiness facts (read at synthesis: resource addresses are final then). */
  facts(): EvaluationProbeFacts;
}

function contextOf(f: EvaluationSubject) {
  const ctx = f.context;
  return {
    gateway: ctx.gateway.gatewayName,
    team: ctx.team,
    feature: f.name,
    environment: ctx.environment,
    keyAlias: f.keyAlias,
    models: f.models,
    latencyP95Ms: f.slo.latencyP95Ms,
    messageLogging: ctx.gateway.messageLoggingAllowed,
  };
}

/** Where a Kubernetes probe pushes its figures, or a problem saying why it cannot. */
function kubernetesMetrics(obs: TeamObservability): KubernetesProbeMetrics | string {
  const o = obs.target.outputs;
  if (o.monitoring === 'prometheus-operator' && o.namespace) return { kind: 'remote-write', url: prometheusOperatorRemoteWriteUrl(o.namespace) };
  return `the cluster's monitoring API is ${o.monitoring ?? 'unknown'}, which has no remote-write receiver for the probe`;
}

/**
 * Problems with an `evaluation` that need the team (all at once, before anything is created): the prop itself,
 * the judge aliases against the feature's models, the team's observability (the probe publishes to its backend and
 * the alerts live there), what the runtime needs (a literal HTTPS endpoint and a run that fits a Lambda on AWS; a
 * Prometheus Operator on Kubernetes).
 */
export function featureEvaluationContextProblems(f: EvaluationSubject, evaluation: unknown, prefix = 'evaluation'): ValidationProblem[] {
  const p = featureEvaluationProblems(evaluation, prefix);
  if (p.length > 0) return p;
  const e = evaluation as FeatureEvaluation;
  const add = (path: string, value: unknown, message: string, fix: string) => p.push({ path: `${prefix}${path ? `.${path}` : ''}`, received: renderReceived(value), message, fix });
  let manifest: EvaluationManifest;
  try {
    manifest = evaluationManifest(contextOf(f), e);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return [...p, ...err.problems.map((q) => ({ ...q, path: q.path.startsWith(prefix) ? q.path : `${prefix}.${q.path}` }))];
  }
  for (const alias of manifest.judgeAliases) {
    if (!f.models.includes(alias)) add('checks', alias, `uses judge alias '${alias}', which the feature's key cannot call (not in its models)`, `add '${alias}' to the feature's models, or judge through one of ${f.models.join(', ')}`);
  }
  const runtime = featureRuntime(f.context);
  const obs = f.context.observability;
  if (!obs) {
    add('', '(no TeamObservability)', 'needs the team\'s observability: the probe publishes to its metrics backend and the regression alerts live there',
      'create the team with LlmPlatform.teamStack(), or register TeamContext with observability: platformObservability.addTeamDashboard(team, { scope: teamStack })');
  }
  if (!runtime) add('', f.context.gateway.runtime.kind, 'runs on a gateway runtime without a management surface', 'run the gateway on ECS Fargate, Cloud Run or Kubernetes');
  const endpoint = f.context.gateway.endpoint;
  if (runtime === 'aws') {
    if (Token.isUnresolved(endpoint) || !endpoint.startsWith('https://')) {
      add('', endpoint, 'needs the gateway\'s caller endpoint as a literal https:// URL (a load balancer DNS name from the platform stack would add a platform output, and its certificate names another host)',
        'give the ECS gateway a domainName (and certificateArn): the probe calls https://<domainName> like the feature\'s callers');
    }
    const budget = probeRunBudgetSeconds(manifest);
    if (budget > LAMBDA_MAX_TIMEOUT_SECONDS) {
      add('', `${budget} s`, `can take up to ${budget} s per run (every call timing out on every attempt), more than a Lambda function may run (${LAMBDA_MAX_TIMEOUT_SECONDS} s)`,
        'lower evaluation.requestTimeout, raise evaluation.concurrency, or trim the golden set');
    }
    if (obs && obs.target.kind !== 'aws') add('', obs.target.kind, 'publishes to Amazon Managed Prometheus, but the team\'s observability target is not AWS', 'watch the ECS gateway with ObservabilityTarget.aws');
  }
  if (runtime === 'kubernetes' && obs) {
    const metrics = obs.target.kind === 'kubernetes' ? kubernetesMetrics(obs) : 'the team\'s observability target is not Kubernetes';
    if (typeof metrics === 'string') add('', metrics, 'leaves the probe no metrics endpoint to push its figures to', 'use ObservabilityTarget.kubernetes with the Prometheus Operator (enable prometheusSpec.enableRemoteWriteReceiver)');
  }
  if (runtime === 'gcp' && obs && obs.target.kind !== 'gcp') add('', obs.target.kind, 'publishes through Cloud Monitoring, but the team\'s observability target is not GCP', 'watch the Cloud Run gateway with ObservabilityTarget.gcp');
  return p;
}

const PANELS = new WeakMap<TeamObservability, Map<string, EvaluationPanelInput>>();

/**
 * A feature's evaluation, in the team's stack: the manifest and golden set beside `cdk.tf.json`
 * (`evaluation/<feature>.json|.jsonl`, what the gate reads), the probe for the gateway's runtime, the regression
 * alerts (with the team's other rules) and the evaluation panels of the feature's dashboard row. Validate first with
 * `featureEvaluationContextProblems`.
 */
export function addFeatureEvaluation(f: EvaluatedFeature, evaluation: FeatureEvaluation): AddedEvaluation {
  const problems = featureEvaluationContextProblems(f, evaluation);
  if (problems.length > 0) throw new ValidationError(f.construct.node.path, problems);
  const ctx = f.context;
  const obs = ctx.observability!;
  const stack = TerraformStack.of(f.construct);
  const manifest = evaluationManifest(contextOf(f), evaluation, f.construct.node.path);
  addEvaluationManifest(stack, f.name, () => manifest, evaluation.goldenSet);

  // ---- The probe, for the gateway's runtime ---------------------------------------------------------------
  const m = ctx.gateway.management!;
  let probe: Construct;
  let probeDetail: string;
  let scheduleType: string;
  switch (featureRuntime(ctx)) {
    case 'aws': {
      const tenancy = ctx.tenant.tenancy.aws!.outputs;
      probe = new AwsEvaluationProbe(f.construct, 'EvaluationProbe', {
        manifest,
        dataset: evaluation.goldenSet,
        gatewayUrl: ctx.gateway.endpoint,
        keySecretArn: f.key.secret.awsSecretArn,
        keySecretKmsKeyArn: tenancy.secretsKeyArn,
        network: { vpcId: m.aws!.vpcId, subnetIds: m.aws!.subnetIds, callerSecurityGroupId: tenancy.callerSecurityGroupId },
        prometheusWorkspaceId: obs.target.outputs.workspaceId!,
      });
      probeDetail = 'Lambda function in the gateway\'s private subnets';
      scheduleType = 'aws_scheduler_schedule';
      break;
    }
    case 'gcp': {
      const gcp = m.gcp!;
      probe = new GcpEvaluationProbe(f.construct, 'EvaluationProbe', {
        manifest,
        dataset: evaluation.goldenSet,
        project: gcp.project,
        region: gcp.region,
        network: gcp.network,
        subnetwork: gcp.subnetwork,
        gatewayServiceName: gcp.serviceName,
        gatewayUrl: gcpGatewayUrl(f.construct, gcp),
        keySecretId: f.key.secret.gcpSecret.secret,
        image: DEFAULT_TENANCY_NODE_IMAGE,
      });
      probeDetail = 'Cloud Run job in the gateway\'s VPC';
      scheduleType = 'google_cloud_scheduler_job';
      break;
    }
    default: {
      probe = new KubernetesEvaluationProbe(f.construct, 'EvaluationProbe', {
        manifest,
        dataset: evaluation.goldenSet,
        namespace: ctx.tenant.identity.namespace!,
        gatewayUrl: ctx.gateway.endpoint,
        keySecret: f.key.secret.kubernetesSecret,
        metrics: kubernetesMetrics(obs) as KubernetesProbeMetrics,
        image: DEFAULT_TENANCY_NODE_IMAGE,
      });
      probeDetail = 'CronJob in the team\'s namespace';
      scheduleType = 'kubernetes_cron_job_v1';
    }
  }

  // ---- Regression alerts and the dashboard row -----------------------------------------------------------
  const schedule = evaluation.schedule;
  const gaps = scheduleGaps(manifest.schedule.unixCron);
  const ruleInput: EvaluationRuleGroupsInput = {
    gateway: manifest.gateway,
    team: manifest.team,
    feature: manifest.feature,
    keyAlias: manifest.keyAlias,
    minPassRate: manifest.minPassRate,
    // The cron's shortest gap is the schedule's own (EvalSchedule checks it); time-zone shifts add an hour at most.
    minIntervalMinutes: schedule?.minIntervalMinutes ?? gaps.minMinutes,
    maxIntervalMinutes: gaps.maxMinutes + (manifest.schedule.timeZone === 'Etc/UTC' ? 0 : 60),
    runBudgetSeconds: probeRunBudgetSeconds(manifest),
    ...(ctx.environment ? { environment: ctx.environment } : {}),
    ...(f.runbookUrl ? { runbookUrl: f.runbookUrl } : {}),
    gateCommand: evaluationGateCommand(stack.node.id, f.name),
  };
  const groups = evaluationRuleGroups(ruleInput, f.construct.node.path);
  const ruleGroup = groups[0].name;
  obs.addRuleGroups(`Evaluation-${f.name}`, `${manifest.gateway}-eval-${manifest.team}-${manifest.feature}`, groups);
  let panels = PANELS.get(obs);
  if (!panels) {
    panels = new Map();
    PANELS.set(obs, panels);
    obs.addDashboardExtension(evaluationDashboardExtension(panels));
  }
  panels.set(f.name, {
    gateway: ruleInput.gateway,
    keyAlias: ruleInput.keyAlias,
    minPassRate: ruleInput.minPassRate,
    minIntervalMinutes: ruleInput.minIntervalMinutes,
    maxIntervalMinutes: ruleInput.maxIntervalMinutes,
    runBudgetSeconds: ruleInput.runBudgetSeconds,
    latencyP95Ms: f.slo.latencyP95Ms,
    ...(evaluation.maxRunCostUsd !== undefined ? { maxRunCostUsd: evaluation.maxRunCostUsd } : {}),
  });
  const alertNames = [...new Set(Object.values(EVAL_ALERT_NAMES))].sort();
  const rulesScope = obs.node.tryFindChild(`Evaluation-${f.name}`);
  const manifestFile = evaluationManifestPath(f.name);
  const datasetFile = `${EVALUATION_DIR}/${manifest.dataset.file}`;

  return {
    manifest,
    probe,
    ruleGroup,
    alertNames,
    facts(): EvaluationProbeFacts {
      const blocks = terraformBlocks(probe);
      const of = (type: string, detail: string) => blocks.filter((b) => b.type === type).map((b) => evidence.resource(b.address, detail));
      const runner = [...of('aws_lambda_function', probeDetail), ...of('google_cloud_run_v2_job', probeDetail), ...of('kubernetes_cron_job_v1', probeDetail)];
      const rules = rulesScope ? terraformBlocks(rulesScope).map((b) => evidence.resource(b.address, `rule group ${ruleGroup}`)) : [];
      return {
        goldenSet: fact({ location: `${datasetFile} (from ${evaluation.goldenSet.source})`, sha256: manifest.dataset.sha256 },
          evidence.file(datasetFile, `${manifest.dataset.cases} golden cases, shipped with the probe`), evidence.prop('props.evaluation.goldenSet', evaluation.goldenSet.source)),
        schedule: fact(manifest.schedule.description, ...of(scheduleType, scheduleType === 'kubernetes_cron_job_v1' ? `schedule ${manifest.schedule.unixCron}` : 'schedule'),
          evidence.prop('props.evaluation.schedule', manifest.schedule.description)),
        minPassRate: fact(manifest.minPassRate, evidence.prop('props.evaluation.minPassRate')),
        probe: fact(runner.length > 0, ...runner, evidence.file(manifestFile, 'the probe\'s manifest (checks, model, schedule)')),
        regressionAlerts: fact(alertNames, ...alertNames.map((a) => evidence.alert(a, ruleGroup)), ...rules),
        gateCommand: fact<string | undefined>(evaluationGateCommand(stack.node.id, f.name), evidence.file(manifestFile, 'what the gate reads'), evidence.prop('README', 'Continuous evaluation: the promotion gate in a pipeline')),
      };
    },
  };
}

/**
 * The Cloud Run gateway's own `run.app` URL, read in the team's stack (a data source by name: the platform stack gains
 * no output). Always that URL, even behind a load balancer: Cloud Run checks an ID token's audience against it, and a
 * request from the VPC (Direct VPC egress) is internal traffic that `internal` / `internal-and-cloud-load-balancing`
 * ingress admits.
 */
function gcpGatewayUrl(scope: Construct, gcp: { project: string; region: string; serviceName: string }): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DataGoogleCloudRunV2Service } = require('@cdktf/provider-google/lib/data-google-cloud-run-v2-service') as typeof import('@cdktf/provider-google/lib/data-google-cloud-run-v2-service');
  return new DataGoogleCloudRunV2Service(scope, 'GatewayService', { project: gcp.project, location: gcp.region, name: gcp.serviceName }).uri;
}
