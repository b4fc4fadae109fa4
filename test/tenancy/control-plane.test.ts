import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as fc from 'fast-check';
import { awsPlatform, awsQuota, newApp, resources, SUBNETS, synthJson, teamStack, VPC } from './helpers';
import { SecretRef, ValidationError } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { type EcsFargateGateway, LlmGateway } from '../../src/gateway';
import { Compliance, PolicyBundle, PolicyPack } from '../../src/policy';
import { SUPPRESSION_METADATA } from '../../src/policy/suppressions';
import { GatewayTenancy, TeamIdentity, TenantQuota, type TenantQuotaProps } from '../../src/tenancy';
import { AwsTenancyControlPlane } from '../../src/tenancy/aws/control-plane';
import { GATEWAY_ADMIN_HANDLER_DIR, GatewayAdminHandler } from '../../src/tenancy/lambdas';
import { buildExample } from '../examples/load-examples';

describe('GatewayTenancy on ECS Fargate', () => {
  const app = newApp();
  const { stack, gateway } = awsPlatform(app, 'platform', { tenancy: true });
  const json = synthJson(app, stack);
  const tenancyOnly = (type: string) => Object.entries(resources(json, type)).filter(([k]) => k.includes('Tenancy')).map(([, v]) => v);
  const policies = tenancyOnly('aws_iam_role_policy');
  const fns = tenancyOnly('aws_lambda_function');
  const policyOf = (name: string) => JSON.parse(policies.find((p) => p.name === name)!.policy);

  it('runs one function per handler of the gateway-admin code, in the gateway\'s private subnets', () => {
    expect(fns.map((f) => f.handler).sort()).toEqual(Object.values(GatewayAdminHandler).sort());
    for (const f of fns) {
      expect(f.vpc_config.subnet_ids).toEqual(['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1']);
      expect(f.runtime).toBe('nodejs22.x');
      expect(f.environment.variables.ADMIN_URL).toMatch(/^https:\/\/llm\.internal\.example\.com:8443$/);
      expect(f.environment.variables.MASTER_KEY_SECRET_ARN).toMatch(/aws_secretsmanager_secret\.gateway_EcsFargate_MasterKey/);
      expect(f.kms_key_arn).toMatch(/aws_kms_key\.Tenancy_Aws_SecretsKey/);
    }
    expect(GATEWAY_ADMIN_HANDLER_DIR).toMatch(/gateway-admin$/);
  });

  it('admits the functions to the admin listener only', () => {
    const rules = Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => /Tenancy_Aws_SecurityGroup/.test(r.referenced_security_group_id ?? ''));
    const ports = rules.map((r) => r.from_port).sort();
    expect(ports).toEqual([6379, 8443]);
  });

  it('gives each function its own role, under a boundary made of exactly their permissions', () => {
    const roles = tenancyOnly('aws_iam_role');
    expect(roles).toHaveLength(4);
    expect(new Set(roles.map((r) => r.permissions_boundary)).size).toBe(1);
    expect(roles[0].permissions_boundary).toMatch(/aws_iam_policy\.Tenancy_Aws_Boundary/);
  });

  it('scopes the reconciler to the master key (read) and the tenants\' secrets (write), nothing else in Secrets Manager', () => {
    const doc = policyOf('reconcile');
    const sm = doc.Statement.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:')));
    expect(sm.map((s: any) => s.Sid).sort()).toEqual(['ReadMasterKey', 'WriteTenantKeys']);
    expect(sm.find((s: any) => s.Sid === 'WriteTenantKeys').Resource).toMatch(/:secret:llm-gateway\/tenants\/\*$/);
    expect(JSON.stringify(doc)).not.toContain('UpdateSecretVersionStage');
    expect(doc.Statement.every((s: any) => s.Resource !== '*' || ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces'].includes([s.Action].flat()[0]))).toBe(true);
  });

  it('lets the master-key and Redis rotations restart exactly the gateway\'s service', () => {
    for (const name of ['rotate-master-key', 'rotate-redis-auth']) {
      const restart = policyOf(name).Statement.find((s: any) => s.Sid === 'RollingRestart');
      expect(restart.Resource).toMatch(/aws_ecs_service\.gateway_EcsFargate_Service/);
    }
    expect(JSON.stringify(policyOf('rotate-redis-auth'))).toContain('elasticache:ModifyReplicationGroup');
  });

  it('rotates the master key and the Redis AUTH token every 30 days, starting on the schedule', () => {
    const rotations = Object.values(resources(json, 'aws_secretsmanager_secret_rotation'));
    expect(rotations).toHaveLength(2);
    expect(rotations.every((r) => r.rotation_rules.automatically_after_days === 30 && r.rotate_immediately === false)).toBe(true);
    const ids = rotations.map((r) => r.secret_id).sort();
    expect(ids[0]).toMatch(/MasterKey/);
    expect(ids[1]).toMatch(/Redis_AuthToken/);
  });

  it('lets Secrets Manager invoke the rotation functions (per secret, or per account for team keys)', () => {
    const perms = Object.values(resources(json, 'aws_lambda_permission'));
    expect(perms).toHaveLength(3);
    expect(perms.every((p) => p.principal === 'secretsmanager.amazonaws.com')).toBe(true);
    expect(perms.filter((p) => p.source_account !== undefined)).toHaveLength(1);
  });

  it('matches a master key given by partial ARN in IAM and in the rotation permission (IAM needs its -?????? suffix)', () => {
    // GIVEN a management surface whose master key is a partial ARN (no six-character suffix)
    const own = newApp();
    const s = new TerraformStack(own, 'own');
    new AwsProvider(s, 'aws', { region: 'us-east-1' });
    const partial = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:llm/master';
    const masterKey = SecretRef.awsSecretsManager(partial);
    const placement = {
      vpcId: VPC,
      subnetIds: SUBNETS,
      secretsKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
      clusterName: 'c',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/c',
      serviceName: 's',
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/c/s',
      allowAdminFrom: () => undefined,
    };
    // WHEN the control plane is built on it
    new AwsTenancyControlPlane(s, 'Plane', {
      gatewayName: 'gw',
      gateway: undefined as unknown as LlmGateway,
      aws: placement,
      callerSecurityGroupId: 'sg-0123456789abcdef0',
      management: { adminUrl: 'https://gw.internal.example.com', masterKey, saltKey: masterKey, aws: placement },
      logRetentionDays: 365,
      platformSecretRotationDays: 30,
      gracePeriodSeconds: 86400,
      runtime: 'nodejs22.x',
    });
    const j = JSON.parse(Testing.synth(s));
    // THEN policies and the Lambda permission name `<partial>-??????`; the API calls keep the ARN as given
    const doc = (name: string) => JSON.parse(Object.values(resources(j, 'aws_iam_role_policy')).find((p) => p.name === name)!.policy);
    expect(doc('reconcile').Statement.find((st: any) => st.Sid === 'ReadMasterKey').Resource).toBe(`${partial}-??????`);
    expect(doc('rotate-master-key').Statement.find((st: any) => st.Sid === 'RotateMasterKey').Resource).toBe(`${partial}-??????`);
    expect(Object.values(resources(j, 'aws_lambda_permission')).filter((p) => p.source_arn).map((p) => p.source_arn)).toEqual([`${partial}-??????`]);
    expect(Object.values(resources(j, 'aws_secretsmanager_secret_rotation'))[0].secret_id).toBe(partial);
    expect(Object.values(resources(j, 'aws_lambda_function'))[0].environment.variables.MASTER_KEY_SECRET_ARN).toBe(partial);
  });

  it('makes Terraform ignore the rotated Redis AUTH token', () => {
    const [rg] = Object.values(resources(json, 'aws_elasticache_replication_group'));
    expect(rg.lifecycle.ignore_changes).toEqual(['auth_token', 'auth_token_update_strategy']);
  });

  it('records why the salt key is never rotated, for the app to accept LLM-SEC-1 with (the library suppresses nothing itself)', () => {
    const salt = gateway.node.findAll().find((c) => c.node.path.endsWith('SaltKey/Resource'))!;
    expect(salt.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA)).toEqual([]);
    const runtime = gateway.node.findChild('EcsFargate') as EcsFargateGateway;
    expect(runtime.saltKey.secret).toBe(salt);
    expect(runtime.saltKey.neverRotatedReason).toMatch(/never rotated/);
  });

  it('rejects a second control plane and bad props', () => {
    const other = newApp();
    const p = awsPlatform(other, 'platform', { tenancy: true });
    expect(() => new GatewayTenancy(p.stack, 'Again', { gateway: p.gateway })).toThrow(/already has a GatewayTenancy/);
    const third = newApp();
    const q = awsPlatform(third, 'platform');
    let e: ValidationError | undefined;
    try {
      new GatewayTenancy(q.stack, 'T', { gateway: q.gateway, platformSecretRotationDays: 365, keyGracePeriodHours: 0, jobImage: 'node:latest', logRetentionDays: 2 });
    } catch (x) {
      e = x as ValidationError;
    }
    expect(e?.problems.map((pr) => pr.path).sort()).toEqual(['jobImage', 'keyGracePeriodHours', 'logRetentionDays', 'platformSecretRotationDays']);
    const fourth = newApp();
    const r = awsPlatform(fourth, 'platform');
    expect(() => new GatewayTenancy(new TerraformStack(fourth, 'elsewhere'), 'T', { gateway: r.gateway })).toThrow(/is in another stack/);
  });
});

describe('policy on tenancy', () => {
  it('LLM-GOV-5 fails synthesis for a team without budget or rate limits', () => {
    const app = newApp();
    const { gateway } = awsPlatform(app, 'platform', { tenancy: true });
    const team = teamStack(app, 'hiring');
    const bundle = new PolicyBundle(team, 'Policy', { packs: [PolicyPack.llmGovernance()] });
    awsQuota(team, gateway, 'hiring', { monthlyBudgetUsd: undefined, softBudgetPercent: undefined, tokensPerMinute: undefined, requestsPerMinute: 600 });
    // Error findings fail synthesis (error annotations), naming the rule.
    expect(() => app.synth()).toThrow(/LLM-GOV-5/);
    const gov5 = bundle.findings().filter((f) => f.ruleId === 'LLM-GOV-5');
    expect(gov5.map((f) => f.findingId).sort()).toEqual(['MonthlyBudget', 'TokensPerMinute']);
    expect(gov5.every((f) => f.resourceType === 'llm:tenant' && f.level === 'error')).toBe(true);
  });

  it('LLM-GOV-5 passes for a team with budget and limits', () => {
    const app = newApp();
    const { gateway } = awsPlatform(app, 'platform', { tenancy: true });
    const team = teamStack(app, 'hiring');
    const bundle = new PolicyBundle(team, 'Policy', { packs: [PolicyPack.llmGovernance()] });
    awsQuota(team, gateway, 'hiring');
    Testing.synth(team);
    expect(bundle.findings().filter((f) => f.ruleId === 'LLM-GOV-5').map((f) => f.compliance)).toEqual([Compliance.COMPLIANT]);
  });

  it('the quickstart has no LLM-SEC-1 finding but the reasoned salt-key suppression', () => {
    const app = buildExample('aws-ecs-gateway', Testing.app());
    const bundle = new PolicyBundle(app, 'policy', { packs: [PolicyPack.securityBaseline()] });
    for (const s of app.node.findAll().filter(TerraformStack.isStack)) Testing.synth(s as TerraformStack);
    const sec1 = bundle.findings().filter((f) => f.ruleId === 'LLM-SEC-1' && f.compliance !== Compliance.COMPLIANT);
    expect(sec1).toHaveLength(1);
    expect(sec1[0]).toMatchObject({ compliance: Compliance.SUPPRESSED, resourcePath: expect.stringMatching(/SaltKey\/Resource$/), suppressionReason: expect.stringMatching(/salt key/) });
    // Every other secret rotates: master key, Redis AUTH token, and each team key.
    const rotating = new Set(bundle.findings().filter((f) => f.ruleId === 'LLM-SEC-1' && f.resourceType === 'aws_secretsmanager_secret' && f.compliance === Compliance.COMPLIANT).map((f) => f.resourcePath));
    expect(rotating.size).toBe(5);
  });
});

describe('TenantQuota props, fuzzed', () => {
  // One app and platform for all runs; each run gets its own team stack.
  const app = newApp();
  const { gateway } = awsPlatform(app, 'platform', { tenancy: true });
  let n = 0;
  const anyValue = fc.oneof(
    fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined), fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }),
  );

  it('rejects bad input with a ValidationError, never a TypeError', () => {
    fc.assert(fc.property(
      fc.record({
        team: fc.oneof(fc.constantFrom('hiring', 'search-2', 'a'), anyValue),
        models: fc.oneof(fc.constant(['chat']), fc.array(fc.oneof(fc.constantFrom('chat', 'embed', '*'), fc.string()), { maxLength: 3 }), anyValue),
        monthlyBudgetUsd: fc.oneof(fc.constant(100), anyValue),
        softBudgetPercent: fc.oneof(fc.constant(80), anyValue),
        tokensPerMinute: fc.oneof(fc.constant(1000), anyValue),
        requestsPerMinute: fc.oneof(fc.constant(10), anyValue),
        identity: fc.oneof(fc.constant(TeamIdentity.awsRole()), fc.constant(TeamIdentity.gcpServiceAccount()), anyValue),
        cloudBudget: fc.oneof(fc.constant(undefined), fc.constant({ monthlyLimitUsd: 10, emails: ['a@example.com'] }), anyValue),
        owner: fc.oneof(fc.constant(undefined), anyValue),
      }, { requiredKeys: [] }),
      (props) => {
        const stack = new TerraformStack(app, `fuzz-${n++}`);
        try {
          const quota = new TenantQuota(stack, 'Quota', { gateway, ...props } as unknown as TenantQuotaProps);
          quota.addKey('feature');
          // Accepted input must give a valid document.
          expect(quota.desiredState().team.team_alias).toBe(props.team);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          expect(e.problems.length).toBeGreaterThan(0);
          for (const p of e.problems) expect(p.fix.length).toBeGreaterThan(0);
        }
      },
    ), { numRuns: 150 });
  });

  it('rejects bad key options with a ValidationError, never a TypeError', () => {
    const stack = teamStack(app, 'keys');
    const quota = awsQuota(stack, gateway, 'keys');
    let k = 0;
    fc.assert(fc.property(
      fc.record({
        models: anyValue,
        tokensPerMinute: anyValue,
        requestsPerMinute: anyValue,
        monthlyBudgetUsd: anyValue,
        rotationDays: anyValue,
        owner: anyValue,
        metadata: anyValue,
        modelLimits: anyValue,
      }, { requiredKeys: [] }),
      (options) => {
        try {
          quota.addKey(`f${k++}`, options as never);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
        }
      },
    ), { numRuns: 150 });
    // Valid options still work after all the rejected ones (nothing half-created).
    quota.addKey('valid', { tokensPerMinute: 1_000, rotationDays: 7 });
    expect(quota.tenantKeys.map((t) => t.name)).toContain('valid');
  });

  it('keeps the gateway type honest: a non-gateway is a ValidationError', () => {
    expect(() => new TenantQuota(new TerraformStack(app, 'bad'), 'Q', { gateway: {} as LlmGateway, team: 'x', models: ['chat'], identity: TeamIdentity.awsRole() })).toThrow(ValidationError);
  });
});
