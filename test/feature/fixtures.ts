/**
 * A complete, production-ready set of feature facts (every required item passes or is declared), and small
 * mutators, for the evaluator, report, runbook and drill tests. Values mirror what the quickstart's features
 * synthesize; the evidence addresses are shaped like real ones.
 */
import { evidence, fact, type FeatureReadinessFacts, type GatewayReadinessFacts, type ModelRouteFacts } from './api';

const GW = 'platform';
const res = (a: string, d?: string) => evidence.resource(a, d, GW);
const key = (k: string, d?: string) => evidence.configKey(k, d, GW);

export function route(alias: string, to: string[], provider = 'bedrock'): ModelRouteFacts {
  return {
    alias,
    deployments: fact([{ provider, modelId: `${alias}-model` }], key('model_list', `model_name ${alias}`)),
    fallbacks: fact(to, key('router_settings.fallbacks', `${alias} → ${to.join(' → ')}`)),
    providers: [...new Set([provider, ...(to.length > 0 ? ['vertex_ai'] : [])])].sort(),
  };
}

export function ecsGateway(): GatewayReadinessFacts {
  const routes = [route('chat', ['chat-fallback']), route('chat-fallback', [], 'vertex_ai')];
  return {
    name: 'llm-gateway',
    constructPath: 'platform/gateway',
    stack: GW,
    kind: fact('ecs-fargate', res('aws_ecs_task_definition.gateway_TaskDefinition_1')),
    replicas: fact({ min: 2, max: 10 }, res('aws_appautoscaling_target.gateway_ScalingTarget_1', 'min_capacity 2, max_capacity 10')),
    autoscaling: fact(true, res('aws_appautoscaling_policy.gateway_ScaleOnCpu_1')),
    multiZone: fact(true, res('aws_ecs_service.gateway_Service_1', '2 subnets')),
    deploymentRollback: fact(true, res('aws_ecs_service.gateway_Service_1', 'deployment_circuit_breaker { enable = true, rollback = true }')),
    image: fact({ reference: 'ghcr.io/berriai/litellm:main-v1.83.14-stable', pinned: true, digest: false }, res('aws_ecs_task_definition.gateway_TaskDefinition_1')),
    jsonLogs: fact(true, key('litellm_settings.json_logs', 'true')),
    logRetentionDays: fact(365, res('aws_cloudwatch_log_group.gateway_Logs_1', 'retention_in_days 365')),
    healthChecks: fact(true, res('aws_lb_target_group.gateway_TargetGroup_1', 'probes /health/readiness')),
    guardrails: fact([
      { name: 'detect_prompt_injection', guardrail: 'detect_prompt_injection', purpose: 'prompt-injection' as const, defaultOn: true },
      { name: 'policy-pii-masking', guardrail: 'litellm_content_filter', purpose: 'pii' as const, defaultOn: true },
    ], key('guardrails[policy-pii-masking]')),
    messageLogging: fact(false, key('litellm_settings.turn_off_message_logging', 'true')),
    metrics: fact(true, key('litellm_settings.callbacks', 'prometheus, otel, s3_v2')),
    tracing: fact(true, key('litellm_settings.callbacks'), evidence.environment('OTEL_EXPORTER', 'otlp_http', GW)),
    timeToFirstToken: fact(true, key('litellm_settings.callbacks')),
    auditTrail: fact(true, key('litellm_settings.callbacks')),
    routing: {
      numRetries: fact(2, key('router_settings.num_retries')),
      timeoutSeconds: fact(120, key('router_settings.timeout')),
      streamTimeoutSeconds: fact(120, key('router_settings.stream_timeout')),
      allowedFails: fact(3, key('router_settings.allowed_fails')),
      cooldownSeconds: fact(30, key('router_settings.cooldown_time')),
      maxFallbacks: fact(2, key('router_settings.max_fallbacks')),
    },
    routes,
    adminEndpoint: 'https://llm.internal.example.com:8443',
    names: {
      aws: {
        region: 'us-east-1',
        clusterName: 'llm-gateway-f7051705',
        serviceName: 'llm-gateway-litellm-7b2a08f7',
        taskDefinitionFamily: 'llm-gateway-litellm-7b2a08f7',
        loadBalancerName: 'llm-gateway-f7051705',
        targetGroupName: 'llm-gateway-f7051705',
        masterKeySecretName: 'llm-gateway/master-key-1234',
      },
    },
  };
}

export interface FixtureOptions {
  readonly environment?: string;
  readonly name?: string;
  readonly team?: string;
  readonly gateway?: GatewayReadinessFacts;
}

/** A feature that is ready for production (two items `declared`: prompt repository and golden dataset). */
export function readyFacts(o: FixtureOptions = {}): FeatureReadinessFacts {
  const team = o.team ?? 'hiring';
  const name = o.name ?? 'job-description-gen';
  const gateway = o.gateway ?? ecsGateway();
  const p = (x: string, d?: string) => evidence.prop(`props.${x}`, d);
  return {
    feature: {
      team,
      name,
      constructPath: `${team}/${name}`,
      stack: team,
      environment: fact(o.environment ?? 'production', p('environment')),
      owner: fact('hiring-squad', p('owner')),
      oncall: fact('pagerduty:hiring-oncall', p('oncall')),
      keyAlias: `${team}/${name}`,
    },
    dataClassification: fact('confidential', p('dataClassification')),
    toolExecution: fact({ mode: 'none' as const, tools: [] }, p('toolExecution')),
    structuredOutput: fact({ declared: true, automation: true }, p('structuredOutput')),
    businessFallback: fact('Show the manual form; the posting is saved as a draft', p('businessFallback')),
    prompts: {
      repository: fact('github.com/acme/hiring-prompts', p('prompts.repository')),
      evaluation: fact({ goldenDataset: 's3://acme-evals/jd.jsonl', minScore: 0.8 }, p('prompts.evaluation')),
    },
    models: [gateway.routes[0]],
    gateway,
    quota: {
      tokensPerMinute: fact(50_000, p('quota.tokensPerMinute'), evidence.resource('aws_lambda_invocation.Quota_Reconcile_1', 'tpm_limit 50000')),
      requestsPerMinute: fact(200, p('quota.requestsPerMinute')),
      monthlyBudgetUsd: fact(1_000, p('quota.monthlyBudgetUsd')),
      teamMonthlyBudgetUsd: fact(5_000, evidence.prop('team.monthlyBudgetUsd')),
      cloudBudget: fact(undefined, evidence.prop('team.cloudBudget')),
      keyRotationDays: fact(30, evidence.resource('aws_secretsmanager_secret_rotation.Key_Rotation_1', 'every 30 days')),
    },
    observability: {
      dashboard: fact({ uid: `llm-team-llm-gateway-${team}`, file: `dashboards/llm-team-llm-gateway-${team}.json` }, evidence.dashboard(`llm-team-llm-gateway-${team}`)),
      alerts: fact(['LlmAvailabilityBudgetBurn', 'LlmLatencyBudgetBurn', 'LlmSpendBudgetExhaustionProjected'], evidence.alert('LlmAvailabilityBudgetBurn', `llm-feature-llm-gateway-${team}-${name}`)),
      ruleGroup: `llm-feature-llm-gateway-${team}-${name}`,
      slo: fact({ availability: 0.999, latencyP95Ms: 1200 }, p('slo')),
      monthlyBudgetUsd: 1_000,
    },
    access: {
      keySecret: fact({ store: 'aws-secrets-manager', id: `llm-gateway/tenants/${team}/${name}` }, evidence.resource('aws_secretsmanager_secret.Key_1')),
      readers: fact(['arn:aws:iam::123456789012:role/jd-gen'], evidence.resource('aws_secretsmanager_secret_policy.Key_Policy_1')),
      networkPath: fact(['security group sg-0123 → gateway inference listener'], evidence.resource('aws_vpc_security_group_ingress_rule.Callers_1')),
      encryption: fact({ atRest: true, inTransit: true }, evidence.resource('aws_kms_key.Tenancy_Key_1'), evidence.resource('aws_lb_listener.gateway_Https_1', 'TLS 1.3', GW)),
    },
    policy: { bundle: fact({ packs: ['security-baseline', 'llm-governance'] }, evidence.prop(`${team}/Policy`)) },
    drills: fact([], p('drills')),
  };
}

/** Deep-ish override helper: `tweak(f, { quota: { ...f.quota, tokensPerMinute: fact(undefined) } })`. */
export function tweak(f: FeatureReadinessFacts, change: Partial<FeatureReadinessFacts>): FeatureReadinessFacts {
  return { ...f, ...change };
}
