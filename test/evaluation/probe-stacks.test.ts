/**
 * The evaluation probe a feature's `evaluation` provisions in its team's stack, per runtime: what it creates, what
 * it may do (exactly its key, its workspace / secret / namespace), its schedule, its alerts and dashboard panels,
 * the manifest the gate reads, and the readiness facts (continuous-qa passed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration } from '../../src/core/duration';
import { EvalCheck, EvalDataset, EvalSchedule, type FeatureEvaluation } from '../../src/evaluation';
import { EVAL_ALERT_NAMES } from '../../src/evaluation/rules';
import { StandardLlmFeature } from '../../src/feature';
import { evaluateReadiness } from '../../src/feature/readiness/evaluate';
import { Compliance, findingLabel, PolicyBundle } from '../../src/policy';
import { synthToDirectory, terraformCheck } from '../../src/testing';
import { callerFor, featureProps, oneFeature, resources, synthJson } from '../feature/llm-feature/fixtures';


const GOLDEN = path.join(__dirname, 'fixtures', 'job-description.jsonl');

export function evaluation(overrides: Partial<FeatureEvaluation> = {}): FeatureEvaluation {
  return {
    goldenSet: EvalDataset.fromFile(GOLDEN),
    schedule: EvalSchedule.every(Duration.minutes(30)),
    checks: [EvalCheck.contains('Responsibilities', { ignoreCase: true }), EvalCheck.maxLatencyMs(5000)],
    minPassRate: 0.9,
    ...overrides,
  };
}

const types = (json: any): string[] => Object.keys(json.resource ?? {}).sort();
const count = (json: any): number => Object.values(json.resource ?? {}).reduce((n: number, r: any) => n + Object.keys(r).length, 0);
const policyOf = (json: any, id: RegExp): any => {
  const [, p] = Object.entries(resources(json, 'aws_iam_role_policy')).find(([k]) => id.test(k))!;
  return JSON.parse((p as any).policy);
};

describe('AWS: EventBridge Scheduler → Lambda in the gateway\'s VPC', () => {
  const built = oneFeature('aws', { evaluation: evaluation() });
  const json = synthJson(built.app, built.team.stack);
  const bare = (() => {
    const b = oneFeature('aws');
    return synthJson(b.app, b.team.stack);
  })();

  it('adds a probe: schedule, function, roles, boundary, logs, dead-letter queue, async-invoke config, and the team\'s key and group', () => {
    const added = types(json).filter((t) => !types(bare).includes(t));
    expect(added).toEqual([
      'aws_cloudwatch_log_group', 'aws_kms_alias', 'aws_kms_key', 'aws_lambda_function', 'aws_lambda_function_event_invoke_config', 'aws_scheduler_schedule',
      'aws_security_group', 'aws_sqs_queue', 'aws_vpc_security_group_egress_rule',
    ]);
    // The first probe of a team: 11 of its own + the team's KMS key, alias, security group and its rule.
    expect(count(json) - count(bare)).toBe(15);
  });

  it('a second evaluated feature adds 11 resources (the team\'s key and group are shared)', () => {
    const two = oneFeature('aws', { evaluation: evaluation() });
    new StandardLlmFeature(two.team.stack, 'cv-screening', featureProps('aws', { callers: [callerFor('aws', 'cv')], evaluation: evaluation() }));
    const twoBare = oneFeature('aws');
    new StandardLlmFeature(twoBare.team.stack, 'cv-screening', featureProps('aws', { callers: [callerFor('aws', 'cv')] }));
    const perFeature = count(synthJson(twoBare.app, twoBare.team.stack)) - count(bare);
    expect(perFeature).toBe(4); // key secret, its rotation, the caller's read grant, the SLO rule namespace
    expect(count(synthJson(two.app, two.team.stack)) - count(json)).toBe(perFeature + 11);
  });

  it('passes the real-Terraform check (validate + mocked plan against the AWS provider schema)', async () => {
    const result = await terraformCheck(synthToDirectory(built.team.stack));
    if (result.status === 'skipped' && process.env.CI !== 'true') return;
    expect(result.message).not.toMatch(/Error:/);
    expect(result.status).toBe('passed');
  }, 240_000);

  it('both policy packs: no finding on the probe\'s resources, nothing suppressed', () => {
    const [bundle] = PolicyBundle.governing(built.team.stack);
    const probeFindings = bundle.findings().filter((f) => /EvaluationProbe|LlmEvaluationProbes/.test(f.resourcePath));
    expect(probeFindings.length).toBeGreaterThan(0);
    expect(probeFindings.filter((f) => f.compliance !== Compliance.COMPLIANT && f.compliance !== Compliance.NOT_APPLICABLE)
      .map((f) => `${f.resourcePath} ${findingLabel(f)} ${f.compliance}: ${f.fix}`)).toEqual([]);
  });

  it('runs in the gateway\'s private subnets with the caller security group and its own HTTPS-only group', () => {
    const [fn] = Object.values(resources(json, 'aws_lambda_function')).filter((f: any) => /eval/.test(f.function_name)) as any[];
    expect(fn.vpc_config.subnet_ids).toEqual(['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1']);
    expect(fn.vpc_config.security_group_ids).toHaveLength(2);
    expect(fn.vpc_config.security_group_ids.join(' ')).toMatch(/cross-stack-output/);
    expect(fn.tracing_config).toEqual({ mode: 'Active' });
    expect(fn.reserved_concurrent_executions).toBe(1);
    expect(fn.timeout).toBeLessThanOrEqual(900);
    expect(fn.kms_key_arn).toMatch(/aws_kms_key/);
    expect(fn.environment.variables).toEqual({
      GATEWAY_URL: 'https://llm.internal.example.com',
      API_KEY_SECRET_ARN: expect.stringMatching(/aws_secretsmanager_secret\..*\.arn/),
      PROMETHEUS_REMOTE_WRITE_URL: expect.stringMatching(/^https:\/\/aps-workspaces\.\$\{data\.aws_region\..*\}\.\$\{data\.aws_partition\..*dns_suffix\}\/workspaces\/\$\{data\.terraform_remote_state\..*\}\/api\/v1\/remote_write$/),
      EVAL_LOG_CONTENT: 'false',
    });
    const egress = Object.values(resources(json, 'aws_vpc_security_group_egress_rule')) as any[];
    expect(egress.filter((r) => /eval/i.test(r.description ?? '') || /AWS APIs \(Secrets Manager, Amazon Managed Prometheus\)/.test(r.description))).toEqual([
      expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' }),
    ]);
  });

  it('the function reads exactly the feature\'s key and writes exactly the platform\'s workspace', () => {
    const doc = policyOf(json, /FunctionRole/);
    const sid = (s: string) => doc.Statement.find((x: any) => x.Sid === s);
    expect(sid('ReadFeatureKey')).toEqual({ Sid: 'ReadFeatureKey', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.Quota_.*Key-job-description-gen.*\.arn\}$/) });
    expect(sid('DecryptFeatureKey').Condition['ForAnyValue:StringEquals']['kms:EncryptionContext:SecretARN']).toEqual([sid('ReadFeatureKey').Resource]);
    expect(sid('RemoteWriteFigures')).toEqual({ Sid: 'RemoteWriteFigures', Effect: 'Allow', Action: 'aps:RemoteWrite', Resource: expect.stringMatching(/^arn:\$\{data\.aws_partition.*\}:aps:.*:workspace\/\$\{data\.terraform_remote_state\./) });
    // Nothing else of Secrets Manager, nothing on other workspaces or secrets.
    const resourcesOf = doc.Statement.flatMap((s: any) => [s.Resource].flat());
    expect(resourcesOf.filter((r: string) => r === '*').length).toBe(2);
    expect(doc.Statement.filter((s: any) => s.Resource === '*').map((s: any) => s.Sid).sort()).toEqual(['Traces', 'VpcNetworkInterfaces']);
  });

  it('the schedule invokes exactly that function, with delivery retries and a dead-letter queue; the run is not retried', () => {
    const [schedule] = Object.values(resources(json, 'aws_scheduler_schedule')) as any[];
    expect(schedule.schedule_expression).toBe('rate(30 minutes)');
    expect(schedule.schedule_expression_timezone).toBe('Etc/UTC');
    expect(schedule.target.retry_policy).toEqual({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 300 });
    expect(schedule.target.dead_letter_config.arn).toMatch(/aws_sqs_queue/);
    const doc = policyOf(json, /ScheduleRole/);
    const [fn] = Object.values(resources(json, 'aws_lambda_function')).filter((f: any) => /eval/.test(f.function_name)) as any[];
    expect(fn.function_name).toMatch(/^llm-gw-hiring-job-description-gen-eval/);
    expect(doc.Statement[0]).toEqual({ Sid: 'InvokeProbe', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: expect.stringMatching(new RegExp(`:function:${fn.function_name}$`)) });
    expect(schedule.target.arn).toMatch(/aws_lambda_function\..*\.arn/);
    const [invoke] = Object.values(resources(json, 'aws_lambda_function_event_invoke_config')) as any[];
    expect(invoke.maximum_retry_attempts).toBe(0);
    const [queue] = Object.values(resources(json, 'aws_sqs_queue')) as any[];
    expect(queue.kms_master_key_id).toMatch(/aws_kms_key/);
    const roles = Object.values(resources(json, 'aws_iam_role')).filter((r: any) => /eval/.test(r.name)) as any[];
    expect(roles).toHaveLength(2);
    for (const r of roles) expect(r.permissions_boundary).toMatch(/aws_iam_policy/);
  });

  it('deploys the regression alerts with the team\'s rules and writes the manifest and golden set beside cdk.tf.json', () => {
    const namespaces = Object.values(resources(json, 'aws_prometheus_rule_group_namespace')) as any[];
    const evalNs = namespaces.find((n) => /eval/.test(n.name))!;
    expect(evalNs.name).toBe('llm-gw-eval-hiring-job-description-gen');
    for (const a of Object.values(EVAL_ALERT_NAMES)) expect(evalNs.data).toContain(`alert: ${a}`);
    const dir = path.join(built.app.outdir, 'stacks', built.team.stack.node.id, 'evaluation');
    expect(fs.readdirSync(dir).sort()).toEqual(['job-description-gen.json', 'job-description-gen.jsonl']);
    expect(fs.readFileSync(path.join(dir, 'job-description-gen.jsonl'), 'utf8')).toBe(fs.readFileSync(GOLDEN, 'utf8'));
  });

  it('the team dashboard gets the evaluation panels in the feature\'s row', () => {
    const dashboards = path.join(built.app.outdir, 'stacks', built.team.stack.node.id, 'dashboards');
    const [file] = fs.readdirSync(dashboards);
    const d = JSON.parse(fs.readFileSync(path.join(dashboards, file), 'utf8'));
    const titles = d.panels.map((p: any) => p.title);
    expect(titles).toEqual(expect.arrayContaining([
      'job-description-gen: golden-set pass rate (latest run)',
      'job-description-gen: golden-set pass rate by deployment',
      'job-description-gen: golden-set p95 latency by deployment',
      'job-description-gen: cost per golden-set run by deployment',
    ]));
  });

  it('readiness: the same feature without evaluation is only declared (a golden dataset named), with it passed', () => {
    const without = oneFeature('aws');
    const item = (f: typeof built.feature) => evaluateReadiness(f.readinessFacts()).items.find((i) => i.id === 'continuous-qa')!;
    expect(item(without.feature).status).toBe('declared');
    expect(item(built.feature).status).toBe('passed');
    const facts = built.feature.readinessFacts().evaluationProbe!;
    expect(facts.goldenSet.value.sha256).toBe(EvalDataset.fromFile(GOLDEN).sha256);
    expect(facts.schedule.value).toBe('every 30 minutes');
    expect(facts.minPassRate.value).toBe(0.9);
    expect(facts.schedule.evidence.map((e) => e.ref)).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_scheduler_schedule\./)]));
    expect(facts.gateCommand?.value).toBe('npx cdktf-llm-platform eval --stack team-hiring --feature job-description-gen --against <deployment-id> --gateway-url <gateway-url>');
  });

  it('readiness: continuous-qa and the regression-tests check pass, with the probe\'s resources as evidence', () => {
    const facts = built.feature.readinessFacts();
    expect(facts.evaluationProbe?.probe.value).toBe(true);
    const result = evaluateReadiness(facts);
    const qa = result.items.find((i) => i.id === 'continuous-qa')!;
    expect(qa.status).toBe('passed');
    expect(JSON.stringify(qa)).toMatch(/aws_lambda_function\./);
    expect(JSON.stringify(qa)).toContain(EVAL_ALERT_NAMES.belowMinimum);
    const regression = result.items.find((i) => i.id === 'prompt-versioning')!.checks.find((c) => c.name === 'regression tests')!;
    expect(regression.status).toBe('passed');
  });
});

describe('validation', () => {
  it.each<[string, Partial<FeatureEvaluation>, RegExp]>([
    ['a judge alias the key cannot call', { checks: [EvalCheck.judge({ alias: 'judge', rubric: 'Is it a job description?' })] }, /judge alias 'judge'/],
    ['a run that cannot fit a Lambda', { requestTimeout: Duration.minutes(5), concurrency: 1 }, /more than a Lambda function may run/],
    ['a minPassRate above 1', { minPassRate: 1.5 }, /evaluation.minPassRate/],
  ])('%s is a ValidationError naming the feature', (_name, overrides, message) => {
    expect(() => oneFeature('aws', { evaluation: evaluation(overrides) })).toThrow(message);
  });

  it('a team without observability cannot have an evaluation', () => {
    expect(() => oneFeature('aws', { evaluation: evaluation() }, { observability: false })).toThrow(/needs the team's observability/);
  });
});


describe('GCP: Cloud Scheduler → Cloud Run job in the gateway\'s VPC', () => {
  const built = oneFeature('gcp', { evaluation: evaluation() });
  const json = synthJson(built.app, built.team.stack);
  const probeResources = (type: string) => Object.entries(resources(json, type)).filter(([k]) => /EvaluationProbe|LlmEvaluationProbes/.test(k)).map(([, v]) => v as any);

  it('a job under its own service account, started by Cloud Scheduler with an OAuth token of the team\'s scheduler identity', () => {
    const [job] = probeResources('google_cloud_run_v2_job');
    const t = job.template.template;
    expect(t.service_account).toMatch(/google_service_account\..*EvaluationProbe.*\.email/);
    expect(t.max_retries).toBe(0);
    expect(t.vpc_access).toEqual({ network_interfaces: [{ network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' }], egress: 'ALL_TRAFFIC' });
    const env = Object.fromEntries(t.containers[0].env.map((e: any) => [e.name, e.value ?? e.value_source]));
    expect(env.API_KEY).toEqual({ secret_key_ref: { secret: expect.stringMatching(/^projects\/acme-llm-prod\/secrets\//), version: 'latest' } });
    expect(env.OTLP_METRICS_ENDPOINT).toBe('https://telemetry.googleapis.com/v1/metrics');
    expect(env.GATEWAY_URL).toMatch(/data\.google_cloud_run_v2_service\..*\.uri/);
    expect(env.GATEWAY_ID_TOKEN_AUDIENCE).toBe(env.GATEWAY_URL);
    expect(env.EVAL_MANIFEST_FILE).toBe('/mnt/eval/features/job-description-gen/manifest.json');
    const [schedule] = probeResources('google_cloud_scheduler_job');
    expect(schedule.schedule).toBe('*/30 * * * *');
    expect(schedule.http_target.oauth_token.service_account_email).toMatch(/SchedulerServiceAccount/);
    expect(schedule.http_target.uri).toMatch(/^https:\/\/run\.googleapis\.com\/v2\/projects\/acme-llm-prod\/locations\/europe-west1\/jobs\/.*:run$/);
  });

  it('its service account may read exactly its key secret, invoke the gateway, write metrics and read its own files', () => {
    const members = [
      ...probeResources('google_secret_manager_secret_iam_member'),
      ...probeResources('google_cloud_run_v2_service_iam_member'),
      ...probeResources('google_project_iam_member'),
      ...probeResources('google_storage_bucket_iam_member'),
    ].filter((m) => /EvaluationProbe_ServiceAccount/.test(m.member));
    expect(members.map((m) => m.role).sort()).toEqual(['roles/run.invoker', 'roles/secretmanager.secretAccessor', 'roles/storage.objectViewer', 'roles/telemetry.metricsWriter']);
    const read = members.find((m) => m.role === 'roles/storage.objectViewer');
    expect(read.condition.expression).toContain('/objects/features/job-description-gen/');
    const key = members.find((m) => m.role === 'roles/secretmanager.secretAccessor');
    expect(key.secret_id).toMatch(/^llm-/);
  });

  it('readiness: continuous-qa passes', () => {
    const qa = evaluateReadiness(built.feature.readinessFacts()).items.find((i) => i.id === 'continuous-qa')!;
    expect(qa.status).toBe('passed');
    expect(JSON.stringify(qa)).toMatch(/google_cloud_run_v2_job\./);
  });
});

describe('Kubernetes: a CronJob in the team namespace', () => {
  const built = oneFeature('kubernetes', { evaluation: evaluation() });
  const json = synthJson(built.app, built.team.stack);
  const [cron] = Object.values(resources(json, 'kubernetes_cron_job_v1')).filter((c: any) => /eval/.test(c.metadata.name)) as any[];

  it('runs in the team\'s namespace on the key Secret, restricted, limited, one at a time, not retried', () => {
    expect(cron.metadata.namespace).toBe('team-hiring');
    expect(cron.spec.schedule).toBe('*/30 * * * *');
    expect(cron.spec.concurrency_policy).toBe('Forbid');
    const job = cron.spec.job_template.spec;
    expect(job.backoff_limit).toBe(0);
    const pod = job.template.spec;
    expect(pod.automount_service_account_token).toBe(false);
    expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } });
    const c = pod.container[0];
    expect(c.security_context).toMatchObject({ allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.resources.limits).toEqual({ cpu: '500m', memory: '256Mi' });
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? e.value_from]));
    expect(env.API_KEY).toEqual({ secret_key_ref: { name: 'llm-key-job-description-gen', key: 'api_key' } });
    expect(env.PROMETHEUS_REMOTE_WRITE_URL).toBe('http://prometheus-operated.monitoring.svc:9090/api/v1/write');
    expect(env.GATEWAY_URL).toBe('https://llm.internal.example.com');
  });

  it('the team namespace is the one the gateway admits (its caller labels)', () => {
    const [ns] = Object.values(resources(json, 'kubernetes_namespace_v1')) as any[];
    expect(ns.metadata.name).toBe('team-hiring');
    expect(ns.metadata.labels).toMatchObject({ 'llm-platform.io/gateway-access': 'llm-gw' });
  });

  it('deploys a PrometheusRule with the evaluation alerts and passes readiness', () => {
    const rules = Object.values(resources(json, 'kubernetes_manifest')).map((m: any) => m.manifest).filter((m: any) => m.kind === 'PrometheusRule' && /eval/.test(m.metadata.name));
    expect(rules).toHaveLength(1);
    expect(JSON.stringify(rules[0])).toContain(EVAL_ALERT_NAMES.stale);
    expect(evaluateReadiness(built.feature.readinessFacts()).items.find((i) => i.id === 'continuous-qa')!.status).toBe('passed');
  });
});

describe.each(['gcp', 'kubernetes'] as const)('both policy packs on the %s probe', (runtime) => {
  it('no finding on the probe\'s resources, nothing suppressed', () => {
    const built = oneFeature(runtime, { evaluation: evaluation() });
    synthJson(built.app, built.team.stack);
    const [bundle] = PolicyBundle.governing(built.team.stack);
    const probeFindings = bundle.findings().filter((f) => /EvaluationProbe|LlmEvaluationProbes/.test(f.resourcePath));
    expect(probeFindings.length).toBeGreaterThan(0);
    expect(probeFindings.filter((f) => f.compliance !== Compliance.COMPLIANT && f.compliance !== Compliance.NOT_APPLICABLE)
      .map((f) => `${f.resourcePath} ${findingLabel(f)} ${f.compliance}: ${f.fix}`)).toEqual([]);
  });
});

describe.each([
  // [runtime, a probe's own resources, what the team's first probe adds besides]
  ['gcp', 14, 18], // job + its invoker, gateway invoker, scheduler, 4 alert policies, metrics writer, key accessor, SA, bucket read, 2 objects | bucket, 16 code objects, scheduler SA
  ['kubernetes', 4, 0], // ServiceAccount, ConfigMap, CronJob, PrometheusRule
] as const)('resources per probe (%s)', (runtime, perProbe, perTeam) => {
  it(`a probe is ${perProbe} resources, plus ${perTeam} shared by the team's probes`, () => {
    const bare = oneFeature(runtime);
    const one = oneFeature(runtime, { evaluation: evaluation() });
    const two = oneFeature(runtime, { evaluation: evaluation() });
    new StandardLlmFeature(two.team.stack, 'cv-screening', featureProps(runtime, { callers: [callerFor(runtime, 'cv')], evaluation: evaluation() }));
    const twoBare = oneFeature(runtime);
    new StandardLlmFeature(twoBare.team.stack, 'cv-screening', featureProps(runtime, { callers: [callerFor(runtime, 'cv')] }));
    const n = (b: ReturnType<typeof oneFeature>) => count(synthJson(b.app, b.team.stack));
    const [cBare, cOne, cTwo, cTwoBare] = [n(bare), n(one), n(two), n(twoBare)];
    expect(cOne - cBare).toBe(perProbe + perTeam);
    expect((cTwo - cTwoBare) - (cOne - cBare)).toBe(perProbe);
  });
});

describe('stable ids of the probes\' stateful resources (state addresses never change once released)', () => {
  it.each([
    ['aws', 'aws_kms_key', 'LlmEvaluationProbes_Key_'],
    ['aws', 'aws_cloudwatch_log_group', 'job-description-gen_EvaluationProbe_Logs_'],
    ['aws', 'aws_sqs_queue', 'job-description-gen_EvaluationProbe_DeadLetterQueue_'],
    ['gcp', 'google_storage_bucket', 'LlmEvaluationProbes_Bucket_'],
  ] as const)('%s %s', (runtime, type, prefix) => {
    const built = oneFeature(runtime, { evaluation: evaluation() });
    const ids = Object.keys(resources(synthJson(built.app, built.team.stack), type)).filter((k) => /Evaluation/.test(k));
    expect(ids).toHaveLength(1);
    expect(ids[0].startsWith(prefix)).toBe(true);
  });
});
