import { parse as parseYaml } from 'yaml';
import type { Evidence, Fact, GatewayReadinessFacts, GatewayRuntimeNames, GuardrailFacts, ModelRouteFacts, RoutingFacts } from './facts';
import { evidence, fact } from './facts';
import { dig, literalNumber, literalString, providerConfig, terraformBlocks, type TerraformBlock } from './terraform-blocks';
import { TerraformStack } from '../../core/cdktf';
import { imagePinProblem, type LlmGateway } from '../../gateway/llm-gateway';
import { PolicyBundle } from '../../policy/bundle';

/** Health endpoints every built-in runtime probes (never `/health`, which calls every model). */
export const LIVENESS_PATH = '/health/liveliness';
export const READINESS_PATH = '/health/readiness';

type Config = Record<string, any>;

interface Memo {
  readonly config: string;
  readonly facts: GatewayReadinessFacts;
}

const memo = new WeakMap<LlmGateway, Memo>();
/** Bundles whose runtime guardrails a gateway has already been handed (handing them over re-renders its config). */
const fed = new WeakMap<LlmGateway, Set<PolicyBundle>>();

/**
 * What the gateway serving a feature guarantees, read from what it synthesizes: the runtime's resources
 * (addresses in the gateway's stack) and the rendered LiteLLM config (keys). Call it at synthesis (from a
 * validation or a writer), after every `add*` call. Memoized per gateway and rendered config, so 200 team
 * stacks on one gateway read it once.
 *
 * Runtime guardrails a PolicyBundle contributes to the gateway are handed over first (idempotent: the
 * bundle does the same when the gateway's stack synthesizes), so the verdict does not depend on the order
 * in which stacks are synthesized.
 */
export function gatewayReadinessFacts(gateway: LlmGateway): GatewayReadinessFacts {
  const gatewayStack = TerraformStack.of(gateway);
  const handed = fed.get(gateway) ?? new Set<PolicyBundle>();
  fed.set(gateway, handed);
  for (const bundle of PolicyBundle.governing(gatewayStack)) {
    if (handed.has(bundle)) continue;
    handed.add(bundle);
    if (bundle.runtimeGuardrails.length > 0) gateway.addPolicyGuardrails(bundle.runtimeGuardrails);
  }
  const yaml = gateway.renderConfig();
  const cached = memo.get(gateway);
  if (cached && cached.config === yaml) return cached.facts;
  const facts = derive(gateway, gatewayStack, parseYaml(yaml) as Config);
  memo.set(gateway, { config: yaml, facts });
  return facts;
}

/** The routes of `aliases` (the feature's key models), in the order given; unknown aliases get no deployments. */
export function modelRouteFacts(gateway: GatewayReadinessFacts, aliases: ReadonlyArray<string>): ModelRouteFacts[] {
  return aliases.map((alias) => gateway.routes.find((r) => r.alias === alias) ?? {
    alias,
    deployments: fact([], evidence.configKey('model_list', `no model_name ${alias}`, gateway.stack)),
    fallbacks: fact([], evidence.configKey('router_settings.fallbacks', `no entry for ${alias}`, gateway.stack)),
    providers: [],
  });
}

function derive(gateway: LlmGateway, stack: TerraformStack, config: Config): GatewayReadinessFacts {
  const stackName = stack.node.id;
  const blocks = terraformBlocks(gateway);
  const key = (k: string, detail?: string): Evidence => evidence.configKey(k, detail, stackName);
  const res = (b: TerraformBlock, detail?: string): Evidence => evidence.resource(b.address, detail, stackName);
  const litellm = (config.litellm_settings ?? {}) as Config;
  const router = (config.router_settings ?? {}) as Config;
  const callbacks: string[] = Array.isArray(litellm.callbacks) ? litellm.callbacks : [];
  const env = gateway.environment();
  const kind = gateway.runtime.kind;
  const impl = gateway.runtime._impl;
  const runtime = kind === 'ecs-fargate' ? ecsFacts(blocks, res, stack)
    : kind === 'cloud-run' ? cloudRunFacts(blocks, res)
      : kind === 'kubernetes' ? kubernetesFacts(blocks, res, gateway)
        : customFacts(kind, impl.minReplicas, impl.maxReplicas, stackName);

  const pin = imagePinProblem(gateway.image);
  const workload = runtime.workload;
  const governance = gateway.governanceFacts();
  const guardrails: GuardrailFacts[] = governance.guardrails
    .map((g) => ({ name: g.name, guardrail: g.guardrail, purpose: g.purpose, defaultOn: g.defaultOn }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const guardrailEvidence = guardrails.map((g) => g.guardrail === 'detect_prompt_injection'
    ? key('litellm_settings.callbacks', `detect_prompt_injection (${g.purpose})`)
    : key(`guardrails[${g.name}]`, `${g.guardrail}, ${g.purpose}${g.defaultOn ? ', default_on' : ''}`));

  const metrics = callbacks.includes('prometheus');
  const tracing = callbacks.includes('otel') && env.OTEL_EXPORTER !== undefined;
  const routing: RoutingFacts = {
    numRetries: fact(Number(router.num_retries ?? 0), key('router_settings.num_retries', String(router.num_retries))),
    timeoutSeconds: fact(Number(router.timeout ?? 0), key('router_settings.timeout', String(router.timeout))),
    streamTimeoutSeconds: fact(Number(router.stream_timeout ?? 0), key('router_settings.stream_timeout', String(router.stream_timeout))),
    allowedFails: fact(Number(router.allowed_fails ?? 0), key('router_settings.allowed_fails', String(router.allowed_fails))),
    cooldownSeconds: fact(Number(router.cooldown_time ?? 0), key('router_settings.cooldown_time', String(router.cooldown_time))),
    maxFallbacks: fact(Number(router.max_fallbacks ?? 0), key('router_settings.max_fallbacks', String(router.max_fallbacks))),
  };

  return {
    name: gateway.gatewayName,
    constructPath: gateway.node.path,
    stack: stackName,
    kind: fact(kind, ...(workload ? [res(workload)] : [])),
    replicas: runtime.replicas,
    autoscaling: runtime.autoscaling,
    multiZone: runtime.multiZone,
    deploymentRollback: runtime.rollback,
    image: fact(
      { reference: gateway.image, pinned: pin === undefined, digest: /@sha256:[a-f0-9]{64}$/.test(gateway.image) },
      ...(workload ? [res(workload, `image ${gateway.image}`)] : [evidence.prop(`${gateway.node.path}.image`, gateway.image)]),
    ),
    jsonLogs: fact(litellm.json_logs === true, key('litellm_settings.json_logs', String(litellm.json_logs ?? false))),
    logRetentionDays: runtime.logRetention,
    healthChecks: healthCheckFacts(blocks, res),
    guardrails: fact(guardrails, ...guardrailEvidence),
    messageLogging: fact(litellm.turn_off_message_logging === false, key('litellm_settings.turn_off_message_logging', String(litellm.turn_off_message_logging))),
    metrics: fact(metrics, key('litellm_settings.callbacks', callbacks.join(', '))),
    tracing: fact(tracing, key('litellm_settings.callbacks', callbacks.join(', ')), ...(tracing ? [evidence.environment('OTEL_EXPORTER', env.OTEL_EXPORTER, stackName)] : [])),
    timeToFirstToken: fact(metrics, key('litellm_settings.callbacks', metrics ? 'prometheus: litellm_llm_api_time_to_first_token_metric' : 'no prometheus callback')),
    auditTrail: fact(callbacks.includes('s3_v2'), key('litellm_settings.callbacks', callbacks.includes('s3_v2') ? 's3_v2 (s3_callback_params)' : 'no s3_v2 callback')),
    routing,
    routes: routes(gateway, config, stackName),
    ...(gateway.adminEndpoint !== undefined && literalString(gateway.adminEndpoint) !== undefined ? { adminEndpoint: gateway.adminEndpoint } : {}),
    names: runtime.names,
  };
}

function routes(gateway: LlmGateway, config: Config, stackName: string): ModelRouteFacts[] {
  const governance = gateway.governanceFacts();
  const router = (config.router_settings ?? {}) as Config;
  const explicit = new Set<string>((Array.isArray(router.fallbacks) ? router.fallbacks : []).flatMap((r: Record<string, unknown>) => Object.keys(r)));
  const aliases = [...new Set(governance.models.map((m) => m.alias))].sort();
  const providersOf = (alias: string) => governance.models.filter((m) => m.alias === alias).map((m) => m.provider);
  return aliases.map((alias) => {
    const deployments = governance.models.filter((m) => m.alias === alias).map((m) => ({ provider: m.provider, modelId: m.modelId }));
    const chain = governance.fallbacks.find((f) => f.from === alias && f.kind === 'general')?.to ?? [];
    const source = explicit.has(alias) ? 'router_settings.fallbacks' : 'router_settings.default_fallbacks';
    return {
      alias,
      deployments: fact(deployments, evidence.configKey('model_list', `model_name ${alias}: ${deployments.map((d) => `${d.provider}/${d.modelId}`).join(', ')}`, stackName)),
      fallbacks: fact([...chain], evidence.configKey(chain.length > 0 ? source : 'router_settings.fallbacks', chain.length > 0 ? `${alias} → ${chain.join(' → ')}` : `no fallback for ${alias}`, stackName)),
      providers: [...new Set([alias, ...chain].flatMap(providersOf))].sort(),
    };
  });
}

interface RuntimeFacts {
  readonly workload?: TerraformBlock;
  readonly replicas: Fact<{ readonly min: number; readonly max: number }>;
  readonly autoscaling: Fact<boolean>;
  readonly multiZone: Fact<boolean>;
  readonly rollback: Fact<boolean>;
  readonly logRetention: Fact<number | undefined>;
  readonly names: GatewayRuntimeNames;
}

type Res = (b: TerraformBlock, detail?: string) => Evidence;

const notFound = (what: string): Evidence => evidence.resource(what, 'not found under the gateway');

function ecsFacts(blocks: TerraformBlock[], res: Res, stack: TerraformStack): RuntimeFacts {
  const service = blocks.find((b) => b.type === 'aws_ecs_service');
  const cluster = blocks.find((b) => b.type === 'aws_ecs_cluster');
  const task = blocks.find((b) => b.type === 'aws_ecs_task_definition');
  const target = blocks.find((b) => b.type === 'aws_appautoscaling_target');
  const policies = blocks.filter((b) => b.type === 'aws_appautoscaling_policy');
  const logs = blocks.find((b) => b.type === 'aws_cloudwatch_log_group');
  const lb = blocks.find((b) => b.type === 'aws_lb');
  const targetGroup = blocks.find((b) => b.type === 'aws_lb_target_group');
  const s = service?.config() ?? {};
  const min = literalNumber(target?.config().min_capacity) ?? literalNumber(s.desired_count) ?? 0;
  const max = literalNumber(target?.config().max_capacity) ?? min;
  const breaker = dig(s, 'deployment_circuit_breaker') as Config | undefined;
  const rollback = breaker?.enable === true && breaker?.rollback === true;
  const subnets = (dig(s, 'network_configuration', 'subnets') as unknown[] | undefined) ?? [];
  const rebalancing = s.availability_zone_rebalancing === 'ENABLED';
  const retention = literalNumber(logs?.config().retention_in_days);
  const region = literalString(dig(providerConfig(stack, 'aws'), 'region'));
  const masterKey = literalString(blocks.find((b) => b.type === 'aws_secretsmanager_secret' && b.path.includes('/MasterKey/'))?.config().name);
  return {
    workload: task,
    replicas: fact({ min, max }, ...(target ? [res(target, `min_capacity ${min}, max_capacity ${max}`)] : []), ...(service ? [res(service, `desired_count ${s.desired_count}`)] : [notFound('aws_ecs_service')])),
    autoscaling: fact(target !== undefined && policies.length > 0 && max > min,
      ...(target ? [res(target)] : [notFound('aws_appautoscaling_target')]), ...policies.map((p) => res(p, 'target tracking'))),
    multiZone: fact(subnets.length >= 2 && rebalancing, service
      ? res(service, `${subnets.length} subnets in network_configuration.subnets, availability_zone_rebalancing ${s.availability_zone_rebalancing ?? 'unset'} (the subnets' zones are known at plan)`)
      : notFound('aws_ecs_service')),
    rollback: fact(rollback, service ? res(service, `deployment_circuit_breaker { enable = ${breaker?.enable}, rollback = ${breaker?.rollback} }`) : notFound('aws_ecs_service')),
    logRetention: fact(retention, logs ? res(logs, `retention_in_days ${retention}`) : notFound('aws_cloudwatch_log_group')),
    names: {
      aws: {
        ...(region ? { region } : {}),
        clusterName: literalString(cluster?.config().name) ?? '<cluster>',
        serviceName: literalString(s.name) ?? '<service>',
        taskDefinitionFamily: literalString(task?.config().family) ?? '<family>',
        ...(literalString(lb?.config().name) ? { loadBalancerName: literalString(lb?.config().name)! } : {}),
        ...(literalString(targetGroup?.config().name) ? { targetGroupName: literalString(targetGroup?.config().name)! } : {}),
        ...(masterKey ? { masterKeySecretName: masterKey } : {}),
      },
    },
  };
}

function cloudRunFacts(blocks: TerraformBlock[], res: Res): RuntimeFacts {
  const services = blocks.filter((b) => b.type === 'google_cloud_run_v2_service');
  // The callers' service (construct id `Service`); the admin service scales to zero by design.
  const service = services.find((b) => b.id === 'Service') ?? services[0];
  const s = service?.config() ?? {};
  const admin = literalString(services.find((b) => b.id === 'AdminService')?.config().name);
  const masterKey = literalString(blocks.find((b) => b.type === 'google_secret_manager_secret' && b.path.includes('/MasterKey/'))?.config().secret_id);
  const min = literalNumber(dig(s, 'template', 'scaling', 'min_instance_count')) ?? 0;
  const max = literalNumber(dig(s, 'template', 'scaling', 'max_instance_count')) ?? 100;
  const ev = service ? (d: string) => res(service, d) : () => notFound('google_cloud_run_v2_service');
  return {
    workload: service,
    replicas: fact({ min, max }, ev(`template.scaling { min_instance_count = ${min}, max_instance_count = ${max} }`)),
    autoscaling: fact(service !== undefined && max > min, ev('Cloud Run scales instances on concurrent requests')),
    // A Cloud Run service is regional: Google runs its instances across the region's zones.
    multiZone: fact(service !== undefined, ev(`regional service in ${literalString(s.location) ?? '<region>'} (instances spread across zones)`)),
    // Every deployment is a new revision; traffic moves only when the new revision is ready, and back with update-traffic.
    rollback: fact(service !== undefined, ev('revisions: a revision that fails its startup probe never takes traffic; earlier revisions stay routable')),
    logRetention: fact(undefined, ev('Cloud Logging _Default bucket retention (not set by the gateway)')),
    names: {
      gcp: {
        project: literalString(s.project) ?? '<project>',
        region: literalString(s.location) ?? '<region>',
        serviceName: literalString(s.name) ?? '<service>',
        ...(admin ? { adminServiceName: admin } : {}),
        ...(masterKey ? { masterKeySecretId: masterKey } : {}),
      },
    },
  };
}

function kubernetesFacts(blocks: TerraformBlock[], res: Res, gateway: LlmGateway): RuntimeFacts {
  const deployment = blocks.find((b) => b.type === 'kubernetes_deployment_v1');
  const hpa = blocks.find((b) => b.type === 'kubernetes_horizontal_pod_autoscaler_v2');
  const pdb = blocks.find((b) => b.type === 'kubernetes_pod_disruption_budget_v1');
  const namespaceBlock = blocks.find((b) => b.type === 'kubernetes_namespace_v1');
  const d = deployment?.config() ?? {};
  const h = hpa?.config() ?? {};
  const min = literalNumber(dig(h, 'spec', 'min_replicas')) ?? literalNumber(dig(d, 'spec', 'replicas')) ?? 0;
  const max = literalNumber(dig(h, 'spec', 'max_replicas')) ?? min;
  const spread = (dig(d, 'spec', 'template', 'spec', 'topology_spread_constraint') as Config[] | undefined) ?? [];
  const zoneSpread = spread.find((c) => c.topology_key === 'topology.kubernetes.io/zone');
  const strategy = dig(d, 'spec', 'strategy', 'type');
  const history = literalNumber(dig(d, 'spec', 'revision_history_limit'));
  const namespace = literalString(dig(d, 'metadata', 'namespace')) ?? literalString(dig(namespaceBlock?.config(), 'metadata', 'name')) ?? '<namespace>';
  const ev = deployment ? (x: string) => res(deployment, x) : () => notFound('kubernetes_deployment_v1');
  const secret = gateway.management?.kubernetes?.masterKeySecret;
  return {
    workload: deployment,
    replicas: fact({ min, max }, ...(hpa ? [res(hpa, `min_replicas ${min}, max_replicas ${max}`)] : []), ev(`spec.replicas ${dig(d, 'spec', 'replicas')}`)),
    autoscaling: fact(hpa !== undefined && max > min, hpa ? res(hpa) : notFound('kubernetes_horizontal_pod_autoscaler_v2')),
    multiZone: fact(zoneSpread !== undefined && zoneSpread.when_unsatisfiable === 'DoNotSchedule' && min >= 2,
      ev(zoneSpread ? `topology_spread_constraint on topology.kubernetes.io/zone (${zoneSpread.when_unsatisfiable})` : 'no zone topology spread constraint'),
      ...(pdb ? [res(pdb, 'pod disruption budget')] : [])),
    // `kubectl rollout undo` needs the ReplicaSet history the Deployment keeps; the rolling update never drops below capacity.
    rollback: fact(strategy === 'RollingUpdate' && (history ?? 10) > 0, ev(`strategy ${strategy}, revision_history_limit ${history ?? 'default 10'}, wait_for_rollout ${d.wait_for_rollout}`)),
    logRetention: fact(undefined, ev('cluster log pipeline (not set by the gateway)')),
    names: {
      kubernetes: {
        namespace,
        deploymentName: literalString(dig(d, 'metadata', 'name')) ?? '<deployment>',
        ...(literalString(secret?.name) && literalString(secret?.key) ? { masterKeySecret: { name: secret!.name, key: secret!.key } } : {}),
      },
    },
  };
}

function customFacts(kind: string, min: number, max: number, stackName: string): RuntimeFacts {
  const declared = evidence.prop(`runtime (${kind})`, 'custom runtime: its resources are not known to the readiness evaluator');
  void stackName;
  return {
    replicas: fact({ min, max }, declared),
    autoscaling: fact(false, declared),
    multiZone: fact(false, declared),
    rollback: fact(false, declared),
    logRetention: fact(undefined, declared),
    names: {},
  };
}

function healthCheckFacts(blocks: TerraformBlock[], res: Res): Fact<boolean> {
  const candidates = blocks.filter((b) => ['aws_ecs_task_definition', 'aws_lb_target_group', 'google_cloud_run_v2_service', 'kubernetes_deployment_v1'].includes(b.type));
  const found: Evidence[] = [];
  const seen = new Set<string>();
  for (const b of candidates) {
    const text = JSON.stringify(b.config());
    const paths = [LIVENESS_PATH, READINESS_PATH].filter((p) => text.includes(p));
    if (paths.length > 0) {
      paths.forEach((p) => seen.add(p));
      found.push(res(b, `probes ${paths.join(' and ')}`));
    }
  }
  return fact(seen.size === 2, ...(found.length > 0 ? found : [notFound('health probes')]));
}
