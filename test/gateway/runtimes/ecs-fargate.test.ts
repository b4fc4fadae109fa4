import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
// Types of the matchers Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { AuroraCapacity } from '../../../src/aws';
import { SecretRef, ValidationError } from '../../../src/core';
import { TerraformStack, Testing } from '../../../src/core/cdktf';
import { GatewayPeer, GatewayRuntime, Guardrail, INFERENCE_ROUTES, LlmGateway, ModelDeployment, REDACTION_OVERRIDE_HEADER, configHash } from '../../../src/gateway';
import {
  EcsDatabase,
  EcsFargateRuntime,
  type EcsFargateRuntimeProps,
  EcsRedis,
  bedrockResourceArns,
  databaseBootstrapSql,
  databaseBootstrapStatements,
} from '../../../src/gateway/runtimes/ecs-fargate';
import { rule as ecsReadOnlyRoot } from '../../../src/policy/rules/ecs/read-only-root';
import { SUPPRESSION_METADATA } from '../../../src/policy/suppressions';
import { normalizeForSnapshot } from '../../../src/testing';

Testing.setupJest();

const BASE: EcsFargateRuntimeProps = {
  vpcId: 'vpc-0123456789abcdef0',
  privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
};
const PROVIDER_KEY = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-key-AbCdEf';
const chat = () => ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'us-east-1', id: 'chat-bedrock' });

function setup(props: Partial<EcsFargateRuntimeProps> = {}) {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gw',
    runtime: GatewayRuntime.ecsFargate({ ...BASE, ...props }),
    models: [chat()],
  });
  return { stack, gateway };
}

function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

function resources(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

function one(json: any, type: string): any {
  const all = resources(json, type);
  expect(all).toHaveLength(1);
  return all[0];
}

function containers(json: any): any[] {
  return JSON.parse(one(json, 'aws_ecs_task_definition').container_definitions);
}

function container(json: any, name: string): any {
  const c = containers(json).find((x) => x.name === name);
  expect(c).toBeDefined();
  return c;
}

const envOf = (c: any): Record<string, string> => Object.fromEntries(c.environment.map((e: any) => [e.name, e.value]));
const secretsOf = (c: any): Record<string, string> => Object.fromEntries((c.secrets ?? []).map((e: any) => [e.name, e.valueFrom]));

function policy(json: any, name: string): any {
  const p = resources(json, 'aws_iam_role_policy').find((x) => x.name === name);
  expect(p).toBeDefined();
  return p.policy as string;
}

function problemsOf(props: Partial<EcsFargateRuntimeProps>): string[] {
  return new EcsFargateRuntime({ ...BASE, ...props } as EcsFargateRuntimeProps).validate().map((p) => `${p.path}: ${p.message}`);
}

describe('GatewayRuntime.ecsFargate defaults', () => {
  // GIVEN only the required props WHEN synthesized THEN production defaults hold
  const { stack, gateway } = setup();
  const json = synth(stack);
  const text = Testing.synth(stack, true);

  it('matches the snapshot of its defaults', () => {
    expect(normalizeForSnapshot(json)).toMatchSnapshot();
  });

  it('pins the logical ids of stateful resources', () => {
    const stateful = ['aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_elasticache_replication_group', 'aws_secretsmanager_secret', 'aws_kms_key', 'aws_s3_bucket', 'aws_cloudwatch_log_group'];
    const ids = stateful.flatMap((t) => Object.keys(json.resource[t] ?? {}).map((id) => `${t}.${id}`)).sort();
    expect(ids).toEqual([
      'aws_cloudwatch_log_group.gateway_EcsFargate_DatabaseBootstrap_Logs_EDF4ACF7',
      'aws_cloudwatch_log_group.gateway_EcsFargate_Logs_FBDCC263',
      'aws_cloudwatch_log_group.gateway_EcsFargate_Redis_SlowLog_F4E7E9E0',
      'aws_elasticache_replication_group.gateway_EcsFargate_Redis_ReplicationGroup_B1B02117',
      'aws_kms_key.gateway_EcsFargate_Key_EED9BAFF',
      'aws_kms_key.gateway_EcsFargate_LogsKey_79C6DF2C',
      'aws_rds_cluster.gateway_EcsFargate_Database_Cluster_82AFA420',
      'aws_rds_cluster_instance.gateway_EcsFargate_Database_Instance1_D53C9229',
      'aws_rds_cluster_instance.gateway_EcsFargate_Database_Instance2_56489CBE',
      'aws_s3_bucket.gateway_EcsFargate_ConfigBucket_4C6219D4',
      'aws_s3_bucket.gateway_EcsFargate_LoadBalancer_AccessLogs_7ACE5248',
      'aws_secretsmanager_secret.gateway_EcsFargate_MasterKey_B4A07D1B',
      'aws_secretsmanager_secret.gateway_EcsFargate_Redis_AuthToken_94A20141',
      'aws_secretsmanager_secret.gateway_EcsFargate_SaltKey_E45A0E0F',
    ]);
  });

  it('reports its sizing to the gateway', () => {
    const rt = gateway.runtime._impl;
    expect([rt.kind, rt.minReplicas, rt.maxReplicas, rt.workersPerReplica, rt.providesRedis]).toEqual(['ecs-fargate', 2, 10, 1, true]);
    expect(rt.databaseMaxConnections).toBe(AuroraCapacity.serverlessV2(0.5, 8).estimatedMaxConnections);
  });

  it('runs an ECS cluster with Container Insights', () => {
    expect(text).toHaveResourceWithProperties({ tfResourceType: 'aws_ecs_cluster' }, { setting: [{ name: 'containerInsights', value: 'enabled' }] });
  });

  it('runs two Fargate tasks in private subnets without public IPs, with rollback and 100 % minimum healthy', () => {
    const svc = one(json, 'aws_ecs_service');
    expect(svc).toMatchObject({
      desired_count: 2,
      launch_type: 'FARGATE',
      platform_version: '1.4.0',
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      enable_execute_command: false,
      availability_zone_rebalancing: 'ENABLED',
      propagate_tags: 'SERVICE',
      network_configuration: { assign_public_ip: false, subnets: BASE.privateSubnetIds },
      load_balancer: [{ container_name: 'litellm', container_port: 4000 }],
      lifecycle: { ignore_changes: ['desired_count'] },
    });
    // Stores and IAM exist before the first task starts.
    expect(svc.depends_on.join(' ')).toMatch(/aws_rds_cluster_instance\..*aws_rds_cluster_instance\./);
    expect(svc.depends_on.join(' ')).toContain('aws_elasticache_replication_group.');
    expect(svc.depends_on.join(' ')).toContain('aws_lb_listener.');
  });

  it('sizes the task at 2 vCPU / 4 GiB on X86_64', () => {
    expect(one(json, 'aws_ecs_task_definition')).toMatchObject({
      cpu: '2048',
      memory: '4096',
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
      runtime_platform: { cpu_architecture: 'X86_64', operating_system_family: 'LINUX' },
    });
  });

  it('health-checks LiteLLM with Python against /health/liveliness (not exit 0, not curl)', () => {
    const hc = container(json, 'litellm').healthCheck;
    expect(hc.command[0]).toBe('CMD');
    expect(hc.command[1]).toBe('python3');
    expect(hc.command.join(' ')).toContain('http://127.0.0.1:4000/health/liveliness');
    expect(hc.command.join(' ')).not.toMatch(/exit 0|curl/);
  });

  it('injects every secret through ECS secrets (valueFrom), none as environment values', () => {
    const gw = container(json, 'litellm');
    const secrets = secretsOf(gw);
    expect(Object.keys(secrets).sort()).toEqual(['LITELLM_MASTER_KEY', 'LITELLM_SALT_KEY', 'REDIS_PASSWORD']);
    expect(secrets.LITELLM_MASTER_KEY).toMatch(/aws_secretsmanager_secret\.gateway_EcsFargate_MasterKey_\w+\.arn/);
    const env = envOf(gw);
    // Names that look secret but are not: a flag (the IAM token is generated per connection) and an S3 key.
    const notSecret = ['IAM_TOKEN_DB_AUTH', 'LITELLM_CONFIG_BUCKET_OBJECT_KEY'];
    for (const name of Object.keys(env).filter((n) => !notSecret.includes(n))) expect(name).not.toMatch(/KEY|PASSWORD|TOKEN|SECRET/);
    expect(JSON.stringify(env)).not.toMatch(/secretsmanager|secret_string/);
  });

  it('configures LiteLLM for production: IAM DB auth, TLS Redis, S3 config with its hash, no schema updates', () => {
    const env = envOf(container(json, 'litellm'));
    expect(env).toMatchObject({
      DISABLE_SCHEMA_UPDATE: 'true',
      LITELLM_MODE: 'PRODUCTION',
      LITELLM_LOG: 'ERROR',
      NUM_WORKERS: '1',
      IAM_TOKEN_DB_AUTH: 'True',
      DATABASE_USER: 'litellm_app',
      DATABASE_NAME: 'litellm',
      DATABASE_PORT: '5432',
      REDIS_PORT: '6379',
      REDIS_SSL: 'True',
      LITELLM_CONFIG_BUCKET_OBJECT_KEY: 'litellm/config.yaml',
      LITELLM_CONFIG_SHA256: configHash(gateway.renderConfig()),
      PROMETHEUS_MULTIPROC_DIR: '/tmp/prometheus_multiproc',
    });
    expect(env.DATABASE_HOST).toMatch(/aws_rds_cluster\.gateway_EcsFargate_Database_Cluster_\w+\.endpoint/);
    expect(env.REDIS_HOST).toMatch(/primary_endpoint_address/);
  });

  it('creates the LiteLLM login once, at apply time, through the Data API: no task carries the master secret', () => {
    // GIVEN / THEN no bootstrap container, and no task can read the master secret
    expect(containers(json).map((c) => c.name)).toEqual(['migrations', 'litellm']);
    expect(container(json, 'litellm').dependsOn).toEqual([{ containerName: 'migrations', condition: 'SUCCESS' }]);
    expect(JSON.stringify(one(json, 'aws_ecs_task_definition'))).not.toContain('master_user_secret');
    expect(policy(json, 'ecs-execution')).not.toContain('master_user_secret');
    expect(policy(json, 'litellm')).not.toContain('master_user_secret');
    // AND the Data API function runs the idempotent statements once (again only when they change)
    expect(one(json, 'aws_rds_cluster').enable_http_endpoint).toBe(true);
    const run = one(json, 'aws_lambda_invocation');
    expect(JSON.parse(run.input).statements).toEqual(databaseBootstrapStatements('litellm_app', 'litellm'));
    expect(run.triggers.sql_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(one(json, 'aws_lambda_function').environment.variables.SECRET_ARN).toMatch(/master_user_secret\[0\]\.secret_arn/);
    // AND the service starts only after it
    expect(one(json, 'aws_ecs_service').depends_on).toContainEqual(expect.stringMatching(/^aws_lambda_invocation\.gateway_EcsFargate_DatabaseBootstrap_LiteLlmLogin_/));
    expect(databaseBootstrapSql('litellm_app', 'litellm')).toContain('GRANT rds_iam TO litellm_app;');
  });

  it('runs the migrations as a one-shot init container that gates LiteLLM', () => {
    const mig = container(json, 'migrations');
    expect(mig).toMatchObject({ essential: false, command: ['--skip_server_startup'] });
    expect(mig.dependsOn).toBeUndefined();
    expect(mig.image).toBe(gateway.image);
    expect(envOf(mig)).toMatchObject({ DISABLE_SCHEMA_UPDATE: 'false', IAM_TOKEN_DB_AUTH: 'True' });
  });

  it('keeps LiteLLM read-only with writable task volumes for /tmp and Prometheus', () => {
    const gw = container(json, 'litellm');
    expect(gw.readonlyRootFilesystem).toBe(true);
    expect(gw.mountPoints.map((m: any) => m.containerPath)).toEqual(['/tmp', '/tmp/prometheus_multiproc']);
    expect(gw.logConfiguration).toMatchObject({ logDriver: 'awslogs', options: { 'awslogs-stream-prefix': 'litellm' } });
  });

  it('puts an internal ALB in front: invalid headers dropped, access logs on, deletion protection, long idle timeout', () => {
    expect(one(json, 'aws_lb')).toMatchObject({
      internal: true,
      load_balancer_type: 'application',
      drop_invalid_header_fields: true,
      desync_mitigation_mode: 'defensive',
      enable_deletion_protection: true,
      idle_timeout: 600,
      access_logs: { enabled: true, prefix: 'alb' },
      subnets: BASE.privateSubnetIds,
    });
  });

  it('serves HTTPS only, with a TLS 1.3/1.2 policy, on the caller (443) and admin (8443) listeners', () => {
    const listeners = resources(json, 'aws_lb_listener').sort((a, b) => a.port - b.port);
    expect(listeners).toHaveLength(2);
    for (const [l, port] of [[listeners[0], 443], [listeners[1], 8443]] as const) {
      expect(l).toMatchObject({ port, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', certificate_arn: BASE.certificateArn });
    }
  });

  it('probes /health/readiness from the target group', () => {
    expect(one(json, 'aws_lb_target_group')).toMatchObject({
      port: 4000,
      protocol: 'HTTP',
      target_type: 'ip',
      health_check: { path: '/health/readiness', matcher: '200', healthy_threshold: 2, unhealthy_threshold: 3 },
    });
  });

  it('writes access logs to a private, TLS-only, encrypted, versioned bucket', () => {
    const logsBucket = Object.entries<any>(json.resource.aws_s3_bucket).find(([id]) => id.includes('AccessLogs'))![0];
    const policies = resources(json, 'aws_s3_bucket_policy').map((p) => p.policy as string);
    expect(policies.every((p) => p.includes('aws:SecureTransport'))).toBe(true);
    expect(policies.some((p) => p.includes('logdelivery.elasticloadbalancing.amazonaws.com'))).toBe(true);
    const bpa = resources(json, 'aws_s3_bucket_public_access_block');
    expect(bpa).toHaveLength(2);
    const allBlocked = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };
    for (const b of bpa) expect(b).toMatchObject(allBlocked);
    const sse = resources(json, 'aws_s3_bucket_server_side_encryption_configuration').find((s) => s.bucket.includes(logsBucket));
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    expect(resources(json, 'aws_s3_bucket_versioning').every((v) => v.versioning_configuration.status === 'Enabled')).toBe(true);
  });

  it('delivers the config as an SSE-KMS object that only the task role may read', () => {
    const obj = one(json, 'aws_s3_object');
    expect(obj).toMatchObject({ key: 'litellm/config.yaml', server_side_encryption: 'aws:kms', content_type: 'application/yaml' });
    expect(obj.content).toBe(gateway.renderConfig());
    const task = policy(json, 'litellm');
    expect(task).toContain('"s3:GetObject"');
    expect(task).toContain('/litellm/config.yaml"');
  });

  it('allows only ALB -> tasks:4000, tasks -> Redis/DB ports and HTTPS egress', () => {
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule');
    const egress = resources(json, 'aws_vpc_security_group_egress_rule');
    const taskSg = '${aws_security_group.gateway_EcsFargate_TaskSecurityGroup_57F9491B.id}';
    const albSg = '${aws_security_group.gateway_EcsFargate_LoadBalancer_SecurityGroup_11F22B41.id}';
    expect(ingress.filter((r) => r.security_group_id === taskSg)).toEqual([
      expect.objectContaining({ referenced_security_group_id: albSg, from_port: 4000, to_port: 4000, ip_protocol: 'tcp' }),
    ]);
    const taskEgress = egress
      .filter((r) => r.security_group_id === taskSg)
      .map((r) => [r.from_port, r.cidr_ipv4 ?? r.referenced_security_group_id])
      .sort((a, b) => a[0] - b[0]);
    expect(taskEgress).toEqual([
      [443, '0.0.0.0/0'],
      [5432, expect.stringMatching(/Database_SecurityGroup/)],
      [6379, expect.stringMatching(/Redis_SecurityGroup/)],
    ]);
    const albEgress = egress.filter((r) => r.security_group_id === albSg);
    expect(albEgress).toEqual([expect.objectContaining({ referenced_security_group_id: taskSg, from_port: 4000 })]);
    // Nobody reaches the load balancer until granted: the VPC CIDR is an opt-in (allowVpcCidr).
    const albIngress = ingress.filter((r) => r.security_group_id === albSg);
    expect(albIngress).toEqual([]);
    expect(JSON.stringify(ingress)).not.toContain('0.0.0.0/0');
    // No inline rules anywhere (they would fight the rule resources).
    for (const sg of resources(json, 'aws_security_group')) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress === undefined || (Array.isArray(sg.egress) && sg.egress.length === 0)).toBe(true);
    }
  });

  it('creates a multi-AZ, failover, TLS, CMK-encrypted Redis whose AUTH token comes from a generated secret', () => {
    const rg = one(json, 'aws_elasticache_replication_group');
    expect(rg).toMatchObject({
      engine: 'redis',
      engine_version: '7.1',
      node_type: 'cache.m7g.large',
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
      at_rest_encryption_enabled: 'true',
      auth_token_update_strategy: 'ROTATE',
      snapshot_retention_limit: 7,
    });
    expect(rg.kms_key_id).toMatch(/aws_kms_key\.gateway_EcsFargate_Key_/);
    // A reference resolved by Terraform (state), never a literal in cdk.tf.json.
    expect(rg.auth_token).toMatch(/^\$\{data\.aws_secretsmanager_secret_version\.gateway_EcsFargate_Redis_AuthTokenValue_\w+\.secret_string\}$/);
    expect(rg.log_delivery_configuration).toEqual([expect.objectContaining({ log_type: 'slow-log', destination_type: 'cloudwatch-logs' })]);
  });

  it('generates the master key (sk- prefix) and salt key in Secrets Manager with write-only values', () => {
    const ephemeral = Object.values<any>(json.ephemeral.aws_secretsmanager_random_password);
    expect(ephemeral).toHaveLength(3);
    const versions = resources(json, 'aws_secretsmanager_secret_version');
    expect(versions.every((v) => v.secret_string === undefined && v.secret_string_wo_version === 1)).toBe(true);
    expect(versions.some((v) => /^sk-\$\{ephemeral\./.test(v.secret_string_wo))).toBe(true);
    expect(resources(json, 'aws_secretsmanager_secret').every((s) => s.recovery_window_in_days === 30 && s.kms_key_id)).toBe(true);
    expect(json.provider.random).toBeUndefined();
  });

  it('uses Aurora PostgreSQL with IAM auth, managed master password, deletion protection and final snapshot', () => {
    expect(one(json, 'aws_rds_cluster')).toMatchObject({
      iam_database_authentication_enabled: true,
      manage_master_user_password: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      storage_encrypted: true,
      database_name: 'litellm',
      backup_retention_period: 14,
      serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 8 },
    });
  });

  it('lets the execution role read exactly the injected secrets and the task role invoke exactly the configured models', () => {
    const exec = JSON.parse(policy(json, 'ecs-execution'));
    const inject = exec.Statement.find((st: any) => st.Sid === 'InjectSecrets');
    expect(inject.Action).toBe('secretsmanager:GetSecretValue');
    expect(inject.Resource).toHaveLength(3);
    for (const id of ['MasterKey', 'SaltKey', 'Redis_AuthToken']) {
      expect(inject.Resource).toContainEqual(expect.stringMatching(new RegExp(`^\\$\\{aws_secretsmanager_secret\\.gateway_EcsFargate_${id}_\\w+\\.arn\\}$`)));
    }
    const task = JSON.parse(policy(json, 'litellm'));
    const invoke = task.Statement.find((st: any) => st.Sid === 'InvokeConfiguredBedrockModels');
    expect(invoke.Action).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']);
    expect(invoke.Resource).toEqual([expect.stringMatching(/:bedrock:us-east-1::foundation-model\/anthropic\.claude-3-5-sonnet-20240620-v1:0$/)]);
    const connect = task.Statement.find((st: any) => st.Sid === 'DatabaseIamAuth');
    expect(connect).toMatchObject({ Action: 'rds-db:connect', Resource: expect.stringMatching(/:dbuser:\$\{aws_rds_cluster\.\w+\.cluster_resource_id\}\/litellm_app$/) });
    for (const doc of [exec, task]) {
      for (const st of doc.Statement) {
        for (const action of [st.Action].flat()) expect(action).not.toMatch(/\*/);
        for (const resource of [st.Resource].flat()) expect(resource).not.toBe('*');
      }
    }
  });

  it('lets the task role apply exactly the configured Bedrock guardrails, and none when there are none', () => {
    // GIVEN no guardrail: no ApplyGuardrail statement
    const none = JSON.parse(policy(json, 'litellm'));
    expect(none.Statement.find((st: any) => st.Sid === 'ApplyConfiguredBedrockGuardrails')).toBeUndefined();
    // WHEN a Bedrock guardrail is added after construction
    const withGuardrail = setup();
    withGuardrail.gateway.addGuardrail(Guardrail.bedrock({ guardrailIdentifier: 'ff6ujrregl1q', guardrailVersion: '3', region: 'eu-central-1' }));
    const task = JSON.parse(policy(synth(withGuardrail.stack), 'litellm'));
    // THEN ApplyGuardrail is allowed on that guardrail's ARN only
    expect(task.Statement.find((st: any) => st.Sid === 'ApplyConfiguredBedrockGuardrails')).toEqual({
      Sid: 'ApplyConfiguredBedrockGuardrails',
      Effect: 'Allow',
      Action: 'bedrock:ApplyGuardrail',
      Resource: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:bedrock:eu-central-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:guardrail\/ff6ujrregl1q$/)],
    });
  });

  it('trusts only ECS tasks of this account in both roles', () => {
    const ecsRoles = Object.entries<any>(json.resource.aws_iam_role).filter(([id]) => /_(Execution|Task)Role_/.test(id)).map(([, r]) => r);
    expect(ecsRoles).toHaveLength(2);
    for (const role of ecsRoles) {
      expect(role.assume_role_policy).toContain('"ecs-tasks.amazonaws.com"');
      expect(role.assume_role_policy).toContain('aws:SourceAccount');
      expect(role.permissions_boundary).toBeUndefined();
    }
  });

  it('scales on CPU (60 %) and ALB requests per target (500/min) between 2 and 10 tasks', () => {
    expect(one(json, 'aws_appautoscaling_target')).toMatchObject({ min_capacity: 2, max_capacity: 10, scalable_dimension: 'ecs:service:DesiredCount' });
    const policies = resources(json, 'aws_appautoscaling_policy').map((p) => p.target_tracking_scaling_policy_configuration);
    expect(policies).toEqual([
      expect.objectContaining({ target_value: 60, predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' } }),
      expect.objectContaining({ target_value: 500, predefined_metric_specification: expect.objectContaining({ predefined_metric_type: 'ALBRequestCountPerTarget' }) }),
    ]);
  });

  it('encrypts logs with a rotating CMK and keeps them a year', () => {
    for (const lg of resources(json, 'aws_cloudwatch_log_group')) {
      expect(lg.retention_in_days).toBe(365);
      expect(lg.kms_key_id).toMatch(/aws_kms_key\.gateway_EcsFargate_LogsKey_/);
    }
    for (const k of resources(json, 'aws_kms_key')) expect(k.enable_key_rotation).toBe(true);
  });

  it('creates no WAF for an internal gateway unless asked, and exposes an https endpoint', () => {
    expect(json.resource.aws_wafv2_web_acl).toBeUndefined();
    expect(gateway.endpoint).toMatch(/^https:\/\//);
  });

  it('never writes a secret value into the synthesized JSON', () => {
    expect(text).not.toMatch(/sk-[A-Za-z0-9]{16,}/);
    expect(text).not.toContain('"secret_string":');
  });
});

describe('GatewayRuntime.ecsFargate options', () => {
  it('evaluates models, secrets and sidecars added after construction', () => {
    // GIVEN a gateway WHEN a model, a secret and a sidecar are added later THEN IAM and containers include them
    const { stack, gateway } = setup();
    gateway.addModel(ModelDeployment.bedrock({ alias: 'chat', modelId: 'eu.anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-central-1', id: 'chat-eu' }));
    gateway.addSecretEnvironment('EXTRA_TOKEN', SecretRef.awsSecretsManager(PROVIDER_KEY));
    gateway.addSidecar({ name: 'otel-collector', image: 'otel/opentelemetry-collector-contrib:0.114.0', ports: [4317], cpu: 256, memoryMiB: 512, startBeforeGateway: true });
    const json = synth(stack);
    const task = policy(json, 'litellm');
    expect(task).toContain('inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0"');
    expect(task).toContain(':bedrock:eu-west-3::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"');
    expect(policy(json, 'ecs-execution')).toContain(PROVIDER_KEY);
    expect(secretsOf(container(json, 'litellm')).EXTRA_TOKEN).toBe(PROVIDER_KEY);
    expect(container(json, 'otel-collector')).toMatchObject({ essential: false, cpu: 256, memoryReservation: 512, readonlyRootFilesystem: true });
    expect(container(json, 'otel-collector').healthCheck).toBeUndefined(); // an HTTP path/port alone means nothing to ECS
    expect(container(json, 'litellm').dependsOn).toContainEqual({ containerName: 'otel-collector', condition: 'START' });
  });

  it('gives a sidecar the ECS health check of its own command (exec form), and none without one', () => {
    // GIVEN two sidecars, one with a health check command
    const { stack, gateway } = setup();
    gateway.addSidecar({ name: 'checked', image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0', healthCheck: { path: '/', port: 13133, command: ['/healthcheck', '--port=13133'] } });
    gateway.addSidecar({ name: 'unchecked', image: 'otel/opentelemetry-collector-contrib:0.114.0', healthCheck: { path: '/', port: 13133 } });
    // WHEN synthesized  THEN ECS runs the command with no shell (CMD), and the other sidecar has no health check
    const json = synth(stack);
    expect(container(json, 'checked').healthCheck).toEqual({ command: ['CMD', '/healthcheck', '--port=13133'], interval: 30, timeout: 5, retries: 3, startPeriod: 30 });
    expect(container(json, 'unchecked').healthCheck).toBeUndefined();
    // AND an empty command is a ValidationError naming the prop
    expect(() => gateway.addSidecar({ name: 'bad', image: 'otel/opentelemetry-collector-contrib:0.114.0', healthCheck: { path: '/', port: 13133, command: [] } }))
      .toThrow(/healthCheck\.command: must not be empty/);
  });

  it('goes public only behind HTTPS and a WAF whose common rules count (not block) large bodies', () => {
    // GIVEN internetFacing with createWaf WHEN synthesized THEN a public ALB with WAF and 0.0.0.0/0 on 443
    const { stack } = setup({
      loadBalancer: { internetFacing: true, createWaf: true, subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'] },
      waf: { rateLimitPerFiveMinutes: 1000, logDestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-gw' },
    });
    const json = synth(stack);
    expect(one(json, 'aws_lb')).toMatchObject({ internal: false, subnets: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'] });
    const acl = one(json, 'aws_wafv2_web_acl');
    expect(acl.scope).toBe('REGIONAL');
    const common = acl.rule.find((r: any) => r.name === 'AWSManagedRulesCommonRuleSet');
    expect(common.statement.managed_rule_group_statement.rule_action_override).toEqual([
      { name: 'NoUserAgent_HEADER', action_to_use: { count: {} } },
      { name: 'SizeRestrictions_BODY', action_to_use: { count: {} } },
    ]);
    expect(acl.rule.map((r: any) => r.name)).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'RateLimitPerClientIp']);
    expect(acl.rule[3].statement.rate_based_statement).toMatchObject({ limit: 1000, aggregate_key_type: 'IP' });
    expect(one(json, 'aws_wafv2_web_acl_association').web_acl_arn).toMatch(/aws_wafv2_web_acl\./);
    expect(one(json, 'aws_wafv2_web_acl_logging_configuration').redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'x-api-key' } }]);
    expect(resources(json, 'aws_vpc_security_group_ingress_rule').some((r) => r.cidr_ipv4 === '0.0.0.0/0' && r.from_port === 443)).toBe(true);
  });

  it('serves plain HTTP on port 80 only when explicitly allowed', () => {
    const { stack, gateway } = setup({ certificateArn: undefined, allowPlaintextHttp: true });
    const json = synth(stack);
    expect(resources(json, 'aws_lb_listener').map((l) => [l.port, l.protocol]).sort()).toEqual([[80, 'HTTP'], [8080, 'HTTP']]);
    expect(gateway.endpoint).toMatch(/^http:\/\//);
    expect(gateway.adminEndpoint).toMatch(/^http:\/\/.+:8080$/);
  });

  it('uses your Redis and database when given, creating neither', () => {
    const redisToken = SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:redis-AbCdEf');
    const dbUrl = SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', 'url');
    const { stack, gateway } = setup({
      redis: EcsRedis.existing({ host: 'master.redis.abc.use1.cache.amazonaws.com', authToken: redisToken, securityGroupId: 'sg-0123456789abcdef0' }),
      database: EcsDatabase.existing({ url: dbUrl, maxConnections: 400, securityGroupId: 'sg-0fedcba9876543210' }),
    });
    const json = synth(stack);
    expect(json.resource.aws_elasticache_replication_group).toBeUndefined();
    expect(json.resource.aws_rds_cluster).toBeUndefined();
    expect(gateway.runtime._impl.databaseMaxConnections).toBe(400);
    const gw = container(json, 'litellm');
    expect(secretsOf(gw)).toMatchObject({ DATABASE_URL: `${dbUrl.awsSecretArn}:url::`, REDIS_PASSWORD: redisToken.awsSecretArn });
    expect(envOf(gw)).toMatchObject({ REDIS_HOST: 'master.redis.abc.use1.cache.amazonaws.com', REDIS_SSL: 'True' });
    expect(envOf(gw).IAM_TOKEN_DB_AUTH).toBeUndefined();
    expect(containers(json).map((c) => c.name)).toEqual(['migrations', 'litellm']);
    expect(secretsOf(container(json, 'migrations'))).toEqual({ DATABASE_URL: `${dbUrl.awsSecretArn}:url::` });
    expect(policy(json, 'ecs-execution')).toContain(dbUrl.awsSecretArn);
    const egress = resources(json, 'aws_vpc_security_group_egress_rule').map((r) => [r.from_port, r.referenced_security_group_id ?? r.cidr_ipv4]);
    expect(egress).toEqual(expect.arrayContaining([[6379, 'sg-0123456789abcdef0'], [5432, 'sg-0fedcba9876543210']]));
  });

  it('applies the permissions boundary, sizing and autoscaling props', () => {
    const boundary = 'arn:aws:iam::123456789012:policy/platform-boundary';
    const { stack } = setup({
      permissionsBoundaryArn: boundary,
      cpu: 1024,
      memoryMiB: 3072,
      minTasks: 3,
      maxTasks: 6,
      autoscaling: { cpuTargetPercent: 50, requestsPerTargetPerMinute: 300 },
      logRetentionDays: 731,
      database: EcsDatabase.aurora({ capacity: AuroraCapacity.provisioned('db.r7g.large'), backupRetentionDays: 30 }),
    });
    const json = synth(stack);
    const roles = Object.entries<any>(json.resource.aws_iam_role);
    for (const [id, role] of roles) {
      // The database bootstrap function's role has its own exact boundary (this cluster's Data API and master secret).
      if (id.includes('_DatabaseBootstrap_')) expect(role.permissions_boundary).toMatch(/aws_iam_policy\.gateway_EcsFargate_DatabaseBootstrap_Boundary_/);
      else expect(role.permissions_boundary).toBe(boundary);
    }
    expect(one(json, 'aws_ecs_task_definition')).toMatchObject({ cpu: '1024', memory: '3072' });
    expect(one(json, 'aws_ecs_service').desired_count).toBe(3);
    expect(one(json, 'aws_appautoscaling_target')).toMatchObject({ min_capacity: 3, max_capacity: 6 });
    expect(resources(json, 'aws_appautoscaling_policy').map((p) => p.target_tracking_scaling_policy_configuration.target_value)).toEqual([50, 300]);
    expect(resources(json, 'aws_cloudwatch_log_group').every((l) => l.retention_in_days === 731)).toBe(true);
    expect(one(json, 'aws_rds_cluster').backup_retention_period).toBe(30);
    expect(resources(json, 'aws_rds_cluster_instance').every((i) => i.instance_class === 'db.r7g.large')).toBe(true);
  });

  it('admits security-group and CIDR peers on the listener port', () => {
    const { stack, gateway } = setup();
    gateway.connections.allowFrom(GatewayPeer.securityGroup('sg-0abcdef0123456789'));
    gateway.connections.allowFrom(GatewayPeer.cidr('192.168.0.0/16'));
    const json = synth(stack);
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toEqual(expect.arrayContaining([
      expect.objectContaining({ referenced_security_group_id: 'sg-0abcdef0123456789', from_port: 443 }),
      expect.objectContaining({ cidr_ipv4: '192.168.0.0/16', from_port: 443 }),
    ]));
  });

  it('creates a Route 53 alias and uses the domain name as endpoint', () => {
    const { stack, gateway } = setup({ domainName: 'llm.internal.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    const json = synth(stack);
    expect(one(json, 'aws_route53_record')).toMatchObject({ name: 'llm.internal.example.com', type: 'A', alias: { evaluate_target_health: true } });
    expect(gateway.endpoint).toBe('https://llm.internal.example.com');
  });
});

describe('GatewayRuntime.ecsFargate validation', () => {
  it.each<[string, Partial<EcsFargateRuntimeProps>, string]>([
    ['a missing certificate', { certificateArn: undefined }, 'certificateArn: is required: the listener serves HTTPS'],
    ['plaintext with a certificate', { allowPlaintextHttp: true }, 'allowPlaintextHttp: conflicts with certificateArn'],
    ['a bad VPC id', { vpcId: 'vpc-xyz' }, 'vpcId: is not a VPC id'],
    ['a bad subnet id', { privateSubnetIds: ['subnet-1', 'subnet-0fedcba9876543210'] }, 'privateSubnetIds[0]: is not a subnet id'],
    ['one subnet', { privateSubnetIds: ['subnet-0123456789abcdef0'] }, 'privateSubnetIds: needs subnets in at least two AZs'],
    ['a repeated subnet', { privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef0'] }, 'privateSubnetIds: lists a subnet twice'],
    ['a bad certificate ARN', { certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }, 'certificateArn: is not an ACM certificate ARN'],
    ['an invalid CPU', { cpu: 1500 }, 'cpu: is not a Fargate task CPU size'],
    ['an invalid CPU/memory pair', { cpu: 1024, memoryMiB: 1024 }, 'memoryMiB: is not a valid Fargate memory size for 1024 CPU units'],
    ['a single task', { minTasks: 1 }, 'minTasks: leaves the gateway without a second task in another AZ'],
    ['max below min', { minTasks: 4, maxTasks: 3 }, 'maxTasks: is below minTasks (4)'],
    ['too many workers', { workersPerTask: 32 }, 'workersPerTask: is more than 16'],
    ['a public ALB without WAF', { loadBalancer: { internetFacing: true, subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'] } }, 'loadBalancer.internetFacing: requires a WAF'],
    ['a public ALB without HTTPS', { certificateArn: undefined, allowPlaintextHttp: true, loadBalancer: { internetFacing: true, createWaf: true, subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'] } }, 'loadBalancer.internetFacing: requires HTTPS'],
    ['a public ALB without public subnets', { loadBalancer: { internetFacing: true, createWaf: true } }, 'loadBalancer.subnetIds: is required for an internet-facing load balancer'],
    ['both WAF options', { loadBalancer: { createWaf: true, wafWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/abc-123' } }, 'loadBalancer.wafWebAclArn: conflicts with createWaf'],
    ['WAF options without a WAF', { waf: { rateLimitPerFiveMinutes: 100 } }, 'waf: has no effect without loadBalancer.createWaf'],
    ['a short idle timeout', { loadBalancer: { idleTimeoutSeconds: 30 } }, 'loadBalancer.idleTimeoutSeconds: is below 60 s'],
    ['a weak TLS policy', { loadBalancer: { sslPolicy: 'ELBSecurityPolicy-2016-08' } }, 'loadBalancer.sslPolicy: is not a TLS 1.2+ ELB security policy'],
    ['a zone without a domain', { hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, 'hostedZoneId: needs domainName'],
    ['an odd log retention', { logRetentionDays: 100 }, 'logRetentionDays: is not a CloudWatch Logs retention value'],
    ['a bad boundary ARN', { permissionsBoundaryArn: 'boundary' }, 'permissionsBoundaryArn: is not an IAM policy ARN'],
    ['a CPU target above 90 %', { autoscaling: { cpuTargetPercent: 95 } }, 'autoscaling.cpuTargetPercent: is above 90 %'],
    ['an unknown prop', { desiredCount: 2 } as any, 'desiredCount'],
    ['a Redis token outside Secrets Manager', { redis: EcsRedis.existing({ host: 'redis.local', authToken: SecretRef.kubernetes('redis', 'token') }) }, 'redis.authToken: is not a Secrets Manager secret'],
    ['a single-node Redis', { redis: EcsRedis.elastiCache({ nodes: 1 }) }, 'redis.nodes: must be 2-6'],
    ['an old Redis', { redis: EcsRedis.elastiCache({ engineVersion: '6.2' }) }, 'redis.engineVersion: is not Redis OSS 7 or later'],
    ['a database without max connections', { database: EcsDatabase.existing({ url: SecretRef.awsSecretsManager(PROVIDER_KEY), maxConnections: 0 }) }, 'database.maxConnections: must be an integer of at least 10'],
  ])('rejects %s', (_name, props, expected) => {
    expect(problemsOf(props).join('\n')).toContain(expected);
  });

  it('accepts a single task when explicitly allowed, and tokens for ids', () => {
    expect(problemsOf({ minTasks: 1, allowSingleTask: true })).toEqual([]);
    expect(problemsOf({})).toEqual([]);
  });

  it('reports every problem at once, through LlmGateway, before creating resources', () => {
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    let error: unknown;
    try {
      new LlmGateway(stack, 'gateway', { runtime: GatewayRuntime.ecsFargate({ ...BASE, certificateArn: undefined, cpu: 1500, minTasks: 1 }), models: [chat()] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['runtime.cpu', 'runtime.minTasks', 'runtime.certificateArn']));
    expect(stack.node.findAll().some((c) => c.node.id === 'EcsFargate')).toBe(false);
  });

  it('rejects peers an ECS gateway cannot admit', () => {
    const { gateway } = setup();
    expect(() => gateway.connections.allowFrom(GatewayPeer.kubernetesNamespace('apps'))).toThrow(/kubernetes-namespace peer, which an ECS gateway cannot admit/);
    expect(() => gateway.connections.allowFrom(GatewayPeer.gcpPrincipal('serviceAccount:a@p.iam.gserviceaccount.com'))).toThrow(ValidationError);
  });

  it('fails synthesis when sidecars leave LiteLLM too little CPU or memory', () => {
    const { stack, gateway } = setup({ cpu: 1024, memoryMiB: 2048 });
    gateway.addSidecar({ name: 'presidio', image: 'mcr.microsoft.com/presidio-analyzer:2.2.355', cpu: 768, memoryMiB: 1536 });
    expect(() => Testing.synth(stack, true)).toThrow(/leaves less than 512 CPU units for LiteLLM after sidecars \(768\)[\s\S]*leaves less than 1024 MiB/);
  });

  it('fails synthesis for secrets ECS cannot inject', () => {
    const { stack, gateway } = setup();
    gateway.addSecretEnvironment('GCP_ONLY', SecretRef.gcpSecretManager('projects/p/secrets/s'));
    expect(() => Testing.synth(stack, true)).toThrow(/secretEnvironment\.GCP_ONLY: is not a Secrets Manager secret/);
  });
});

describe('bedrockResourceArns', () => {
  const ctx = { partition: 'aws', account: '123456789012' };

  it('scopes a plain model id to its foundation-model ARN in its Region', () => {
    expect(bedrockResourceArns([{ region: 'eu-central-1', modelId: 'amazon.nova-pro-v1:0' }], ctx)).toEqual(['arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-pro-v1:0']);
  });

  it('adds the profile and the model in every Region of a geography profile', () => {
    const arns = bedrockResourceArns([{ region: 'us-east-1', modelId: 'us.amazon.nova-pro-v1:0' }], ctx);
    expect(arns).toEqual([
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0',
      'arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-pro-v1:0',
      'arn:aws:bedrock:us-west-1::foundation-model/amazon.nova-pro-v1:0',
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0',
    ]);
  });

  it('adds the Region-less model ARN for global profiles and passes full ARNs through, without wildcards', () => {
    const appProfile = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    const arns = bedrockResourceArns([
      { region: 'us-east-1', modelId: 'global.anthropic.claude-sonnet-4-20250514-v1:0' },
      { region: 'us-east-1', modelId: appProfile },
    ], ctx);
    expect(arns).toEqual([
      'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0',
      appProfile,
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-20250514-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0',
    ]);
    expect(arns.join(' ')).not.toContain('*');
  });
});

describe('EcsFargateRuntime admin surface (callers reach inference routes only)', () => {
  const APP_SG = 'sg-0aaaaaaaaaaaaaaaa';
  const OPS_SG = 'sg-0bbbbbbbbbbbbbbbb';
  const listenerOf = (json: any, port: number) => {
    const [id] = Object.entries<any>(json.resource.aws_lb_listener).find(([, l]) => l.port === port)!;
    return { id, listener: json.resource.aws_lb_listener[id] };
  };
  const rulesOf = (json: any, listenerId: string) => resources(json, 'aws_lb_listener_rule').filter((r) => r.listener_arn === `\${aws_lb_listener.${listenerId}.arn}`).sort((a, b) => a.priority - b.priority);

  it('forwards only the inference routes from the caller listener and answers 404 for everything else', () => {
    // GIVEN a default gateway
    const { stack } = setup();
    const json = synth(stack);

    // THEN the caller listener's default action never reaches LiteLLM
    const caller = listenerOf(json, 443);
    expect(caller.listener.default_action).toEqual([expect.objectContaining({ type: 'fixed-response', fixed_response: expect.objectContaining({ status_code: '404', content_type: 'application/json' }) })]);
    // AND its forward rules list exactly INFERENCE_ROUTES, at most five values per rule (ALB's limit)
    const forwards = rulesOf(json, caller.id).filter((r) => r.action[0].type === 'forward');
    const paths = forwards.flatMap((r) => r.condition[0].path_pattern.values);
    expect(paths).toEqual([...INFERENCE_ROUTES]);
    for (const r of forwards) expect(r.condition[0].path_pattern.values.length).toBeLessThanOrEqual(5);
    // AND no admin path is among them
    for (const admin of ['/key/generate', '/team/new', '/user/new', '/model/new', '/spend/logs', '/ui', '/metrics', '/health', '/sso/key/generate']) {
      expect(paths.some((p) => new RegExp(`^${p.replace(/\*/g, '.*')}$`).test(admin))).toBe(false);
    }
    expect(paths.some((p) => new RegExp(`^${p.replace(/\*/g, '.*')}$`).test('/v1/chat/completions'))).toBe(true);
  });

  it('refuses the redaction override header before any forward rule, unless message logging is allowed', () => {
    const refusing = synth(setup().stack);
    const caller = listenerOf(refusing, 443);
    const [first] = rulesOf(refusing, caller.id);
    expect(first).toMatchObject({
      priority: 1,
      condition: [{ http_header: { http_header_name: REDACTION_OVERRIDE_HEADER, values: ['*'] } }],
      action: [expect.objectContaining({ type: 'fixed-response', fixed_response: expect.objectContaining({ status_code: '400' }) })],
    });

    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new LlmGateway(stack, 'gateway', { name: 'llm-gw', runtime: GatewayRuntime.ecsFargate(BASE), models: [chat()], allowMessageLogging: true });
    const logging = synth(stack);
    expect(resources(logging, 'aws_lb_listener_rule').some((r) => r.condition[0].http_header)).toBe(false);
  });

  it('admits callers to 443 and operators to the admin listener (8443, every route), each only where granted', () => {
    // GIVEN an app granted as caller and a reconciler granted as operator
    const { stack, gateway } = setup();
    gateway.connections.allowFrom(GatewayPeer.securityGroup(APP_SG));
    gateway.connections.allowAdminFrom(GatewayPeer.securityGroup(OPS_SG));
    const json = synth(stack);

    // THEN
    const albSg = '${aws_security_group.gateway_EcsFargate_LoadBalancer_SecurityGroup_11F22B41.id}';
    const albIngress = resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === albSg).map((r) => [r.referenced_security_group_id, r.from_port, r.to_port]).sort();
    expect(albIngress).toEqual([[APP_SG, 443, 443], [OPS_SG, 8443, 8443]].sort());
    const admin = listenerOf(json, 8443);
    expect(admin.listener.default_action).toEqual([expect.objectContaining({ type: 'forward' })]);
    expect(rulesOf(json, admin.id)).toEqual([]);
    expect(gateway.adminEndpoint).toMatch(/^https:\/\/.+:8443$/);
    expect(gateway.management?.adminUrl).toBe(gateway.adminEndpoint);
  });

  it('admits the whole VPC to the caller listener only when asked (allowVpcCidr)', () => {
    const json = synth(setup({ loadBalancer: { allowVpcCidr: true } }).stack);
    const albSg = '${aws_security_group.gateway_EcsFargate_LoadBalancer_SecurityGroup_11F22B41.id}';
    expect(resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === albSg)).toEqual([
      expect.objectContaining({ from_port: 443, cidr_ipv4: expect.stringMatching(/data\.aws_vpc\..*\.cidr_block/) }),
    ]);
  });

  it('rejects an operations peer kind ECS cannot admit', () => {
    const { gateway } = setup();
    expect(() => gateway.connections.allowAdminFrom(GatewayPeer.kubernetesNamespace('ops'))).toThrow(/allowAdminFrom\(peer\): is a kubernetes-namespace peer.*GatewayPeer\.securityGroup/);
  });

  it('turns the admin UI off unless asked for', () => {
    const json = synth(setup().stack);
    expect(envOf(container(json, 'litellm')).DISABLE_ADMIN_UI).toBe('True');
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new LlmGateway(stack, 'gateway', { name: 'llm-gw', runtime: GatewayRuntime.ecsFargate(BASE), models: [chat()], adminUi: true });
    expect(envOf(container(synth(stack), 'litellm')).DISABLE_ADMIN_UI).toBe('False');
  });
});

describe('EcsFargateRuntime migrations and pool settings', () => {
  it('runs migrations with a writable root filesystem (Prisma writes into site-packages) as a one-shot init container LLM-ECS-3 exempts; LiteLLM stays read-only', () => {
    const { stack } = setup();
    const json = synth(stack);
    expect(container(json, 'migrations').readonlyRootFilesystem).toBe(false);
    expect(container(json, 'migrations').essential).toBe(false);
    expect(container(json, 'litellm').dependsOn).toContainEqual({ containerName: 'migrations', condition: 'SUCCESS' });
    expect(container(json, 'litellm').readonlyRootFilesystem).toBe(true);
    // The library suppresses nothing of its own (issue 11 item 5): the rule itself judges the init container.
    const task = stack.node.findAll().find((c) => c.node.path.endsWith('EcsFargate/TaskDefinition'))!;
    expect(task.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA)).toEqual([]);
    const config = Object.values<any>(json.resource.aws_ecs_task_definition)[0];
    expect(ecsReadOnlyRoot.check(config, {} as any)).toEqual([]);
  });

  it('passes --config so general_settings (the pool size) is read; the S3 object stays the source', () => {
    const json = synth(setup().stack);
    const gw = container(json, 'litellm');
    expect(gw.command).toEqual(['--port', '4000', '--config', expect.stringMatching(/^s3:\/\/\$\{aws_s3_bucket\..+\.bucket\}\/litellm\/config\.yaml$/)]);
    expect(envOf(gw)).toMatchObject({ LITELLM_CONFIG_BUCKET_OBJECT_KEY: 'litellm/config.yaml' });
    expect(envOf(gw).LITELLM_CONFIG_BUCKET_NAME).toMatch(/aws_s3_bucket/);
    expect(envOf(gw).CONFIG_FILE_PATH).toBeUndefined();
  });
});
