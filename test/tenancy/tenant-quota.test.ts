import { awsPlatform, awsQuota, newApp, resources, synthJson, teamStack } from './helpers';
import { ValidationError } from '../../src/core';
import { TerraformStack } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import { TeamIdentity, TeamKeyReader, TenantRemovalPolicy } from '../../src/tenancy';
import { normalizeForSnapshot } from '../../src/testing';

function setup() {
  const app = newApp();
  const { stack: platform, gateway } = awsPlatform(app, 'platform', { tenancy: true });
  const team = teamStack(app, 'hiring');
  return { app, platform, gateway, team };
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('TenantQuota on ECS Fargate', () => {
  describe('desired state', () => {
    const { app, gateway, team } = setup();
    const quota = awsQuota(team, gateway, 'hiring', { modelLimits: { chat: { tokensPerMinute: 150_000 } } });
    quota.addKey('job-description-gen', { tokensPerMinute: 50_000, rotationDays: 30, models: ['chat'] });
    quota.addKey('cv-screening', { requestsPerMinute: 100, monthlyBudgetUsd: 500, owner: 'screening-squad' });
    const json = synthJson(app, team);
    const [invocation] = Object.values(resources(json, 'aws_lambda_invocation'));
    const doc = JSON.parse(invocation.input);

    it('invokes the gateway\'s reconciler with the readable desired state, on every lifecycle event', () => {
      expect(invocation.lifecycle_scope).toBe('CRUD');
      expect(invocation.function_name).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-aws_lambda_function.*function_name\}$/);
      // Pretty-printed, one field per line: the plan shows the diff of a budget or a limit.
      expect(invocation.input.split('\n').length).toBeGreaterThan(40);
      expect(invocation.triggers).toBeUndefined();
    });

    it('holds the team: alias, models, monthly budget with an 80 % soft budget, TPM/RPM and per-model limits', () => {
      expect(doc.team).toEqual({
        team_id: 'hiring',
        team_alias: 'hiring',
        models: ['chat', 'embed'],
        max_budget: 2000,
        budget_duration: '1mo',
        soft_budget: 1600,
        tpm_limit: 200000,
        rpm_limit: 600,
        model_tpm_limit: { chat: 150000 },
        metadata: { environment: 'prod', gateway: 'llm-gateway', managed_by: 'cdktf-llm-platform', owner: 'hiring-squad', team: 'hiring' },
      });
      expect(doc.removalPolicy).toBe('retain');
    });

    it('holds one key per feature, with its limits, metadata, rotation and secret name', () => {
      expect(doc.keys.map((k: any) => k.key_alias)).toEqual(['hiring/cv-screening', 'hiring/job-description-gen']);
      const jd = doc.keys[1];
      expect(jd).toMatchObject({ models: ['chat'], tpm_limit: 50000, rotation_days: 30, secret: { store: 'aws-secrets-manager', id: 'llm-gateway/tenants/hiring/job-description-gen' } });
      expect(jd.metadata).toEqual({ environment: 'prod', feature: 'job-description-gen', gateway: 'llm-gateway', managed_by: 'cdktf-llm-platform', owner: 'hiring-squad', team: 'hiring' });
      expect(doc.keys[0]).toMatchObject({ max_budget: 500, budget_duration: '1mo', rpm_limit: 100, metadata: { owner: 'screening-squad' } });
    });

    it('creates the key secrets empty (no value or version in Terraform), encrypted with the tenancy key', () => {
      const secrets = Object.values(resources(json, 'aws_secretsmanager_secret'));
      expect(secrets.map((s) => s.name).sort()).toEqual(['llm-gateway/tenants/hiring/cv-screening', 'llm-gateway/tenants/hiring/job-description-gen']);
      expect(secrets.every((s) => /cross-stack-output-aws_kms_key.*arn/.test(s.kms_key_id) && s.recovery_window_in_days === 30)).toBe(true);
      expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
      expect(json.ephemeral).toBeUndefined();
      expect(invocation.depends_on).toHaveLength(2);
    });

    it('rotates each key on its schedule, after the reconciler wrote the first value', () => {
      const rotations = Object.values(resources(json, 'aws_secretsmanager_secret_rotation'));
      expect(rotations.map((r) => r.rotation_rules.automatically_after_days).sort()).toEqual([30, 30]);
      expect(rotations.every((r) => r.rotate_immediately === false && /cross-stack-output-aws_lambda_function.*arn/.test(r.rotation_lambda_arn))).toBe(true);
      expect(rotations.every((r) => r.depends_on.some((d: string) => d.startsWith('aws_lambda_invocation.')))).toBe(true);
    });

    it('reports tenancy facts for the policy bundle', () => {
      expect(quota.governanceFacts()).toMatchObject({
        kind: 'tenant',
        team: 'hiring',
        gateway: 'llm-gateway',
        monthlyBudgetUsd: 2000,
        tokensPerMinute: 200000,
        requestsPerMinute: 600,
        environment: 'prod',
        keys: [{ name: 'job-description-gen', models: ['chat'], tokensPerMinute: 50000, rotationDays: 30 }, { name: 'cv-screening', monthlyBudgetUsd: 500, rotationDays: 30 }],
      });
    });

    it('exposes each key as a SecretRef to the api_key field', () => {
      const [jd] = quota.tenantKeys;
      expect(jd.keyAlias).toBe('hiring/job-description-gen');
      expect(jd.secret.field).toBe('api_key');
      expect(jd.secret.store).toBe('aws-secrets-manager');
    });
  });

  describe('identity', () => {
    const { app, gateway, team } = setup();
    const quota = awsQuota(team, gateway, 'hiring', {
      identity: TeamIdentity.awsRole({ trustedRoleArns: ['arn:aws:iam::123456789012:role/hiring-ci'], boundaryAllow: [{ Sid: 'OwnBucket', Action: 's3:GetObject', Resource: 'arn:aws:s3:::hiring-data/*' }] }),
    });
    const key = quota.addKey('assistant');
    key.grantRead(TeamKeyReader.awsRole('hiring-batch'));
    const json = synthJson(app, team);

    it('creates a role per team with a boundary that denies escalation and its own removal', () => {
      const [role] = Object.values(resources(json, 'aws_iam_role'));
      expect(role.permissions_boundary).toMatch(/^\$\{aws_iam_policy\.hiring_Aws_Boundary/);
      const [boundary] = Object.values(resources(json, 'aws_iam_policy'));
      const doc = JSON.parse(boundary.policy);
      const sids = doc.Statement.map((s: any) => s.Sid);
      expect(sids).toEqual(['ReadOwnKeys', 'DecryptOwnKeys', 'ConnectToOwnVectors', 'OwnBucket', 'NoPrivilegeEscalation', 'KeepTheBoundary']);
      expect(doc.Statement[0].Resource).toMatch(/:secret:llm-gateway\/tenants\/hiring\/\*$/);
      expect(doc.Statement[2].Resource).toMatch(/:dbuser:\*\/hiring_app$/);
      expect(quota.identity.vectorDbUser).toBe('hiring_app');
    });

    it('trusts the team\'s compute service (for this account only) and the listed roles', () => {
      const [role] = Object.values(resources(json, 'aws_iam_role'));
      expect(role.assume_role_policy).toContain('ecs-tasks.amazonaws.com');
      expect(role.assume_role_policy).toContain('aws:SourceAccount');
      expect(role.assume_role_policy).toContain('arn:aws:iam::123456789012:role/hiring-ci');
    });

    it('lets the team role, and granted readers, read exactly their keys through Secrets Manager', () => {
      const policies = Object.values(resources(json, 'aws_iam_role_policy'));
      expect(policies).toHaveLength(2);
      expect(policies.map((p) => p.role).some((r) => r === 'hiring-batch')).toBe(true);
      for (const p of policies) {
        expect(p.policy).toContain('secretsmanager:GetSecretValue');
        expect(p.policy).toContain('kms:EncryptionContext:SecretARN');
        expect(p.policy).toContain('aws_secretsmanager_secret.hiring_Aws_Key-assistant');
        expect(p.policy).not.toMatch(/"Resource":"\*"/);
      }
    });
  });

  describe('cloud budget', () => {
    const { app, gateway, team } = setup();
    awsQuota(team, gateway, 'hiring', { cloudBudget: { monthlyLimitUsd: 750, emails: ['a@example.com'], snsTopicArns: ['arn:aws:sns:us-east-1:123456789012:budgets'], actualThresholdPercents: [50, 100], forecastThresholdPercents: [90] } });
    const json = synthJson(app, team);
    const [budget] = Object.values(resources(json, 'aws_budgets_budget'));

    it('filters the team\'s spend on the team cost-allocation tag, monthly', () => {
      expect(budget).toMatchObject({ budget_type: 'COST', limit_amount: '750.00', limit_unit: 'USD', time_unit: 'MONTHLY' });
      expect(budget.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:team$hiring'] }]);
    });

    it('notifies on actual and forecast spend', () => {
      expect(budget.notification.map((n: any) => `${n.notification_type}:${n.threshold}`)).toEqual(['ACTUAL:50', 'ACTUAL:100', 'FORECASTED:90']);
      expect(budget.notification.every((n: any) => n.subscriber_email_addresses[0] === 'a@example.com' && n.subscriber_sns_topic_arns.length === 1)).toBe(true);
    });

    it('tags the team\'s resources with the team', () => {
      const [role] = Object.values(resources(json, 'aws_iam_role'));
      expect(role.tags).toMatchObject({ team: 'hiring', environment: 'prod' });
    });
  });

  describe('removal policy', () => {
    it('is written into the desired state', () => {
      const { app, gateway, team } = setup();
      awsQuota(team, gateway, 'hiring', { removalPolicy: TenantRemovalPolicy.DESTROY });
      const [invocation] = Object.values(resources(synthJson(app, team), 'aws_lambda_invocation'));
      expect(JSON.parse(invocation.input).removalPolicy).toBe('destroy');
    });
  });

  describe('validation', () => {
    it('reports every problem at once, naming path, prop, value and fix', () => {
      const { gateway, team } = setup();
      const e = errorOf(() => awsQuota(team, gateway, 'hiring', {
        models: ['chat', 'gpt-9'],
        monthlyBudgetUsd: 0,
        softBudgetPercent: 120,
        tokensPerMinute: -5,
        requestsPerMinute: 1.5,
      }));
      expect(e.constructPath).toBe('team-hiring/hiring');
      const byPath = Object.fromEntries(e.problems.map((p) => [p.path, p]));
      expect(byPath['models[1]'].message).toMatch(/is not an alias of gateway platform\/gateway/);
      expect(byPath['models[1]'].fix).toMatch(/chat, embed/);
      expect(byPath['models[1]'].received).toBe('"gpt-9"');
      expect(byPath.monthlyBudgetUsd.message).toMatch(/positive/);
      expect(byPath.softBudgetPercent.message).toMatch(/percentage/);
      expect(byPath.tokensPerMinute).toBeDefined();
      expect(byPath.requestsPerMinute).toBeDefined();
    });

    it('rejects an identity that does not match the gateway\'s runtime', () => {
      const { gateway, team } = setup();
      const e = errorOf(() => awsQuota(team, gateway, 'hiring', { identity: TeamIdentity.kubernetesNamespace() }));
      expect(e.problems.find((p) => p.path === 'identity')?.fix).toMatch(/TeamIdentity\.awsRole\(\)/);
    });

    it('rejects bad identity and budget options', () => {
      const { gateway, team } = setup();
      const e = errorOf(() => awsQuota(team, gateway, 'hiring', {
        identity: TeamIdentity.awsRole({ trustedRoleArns: ['hiring-ci'], trustedServices: ['ecs tasks'], vectorDbUser: 'Hiring' }),
        cloudBudget: { monthlyLimitUsd: -1, emails: ['not-an-email'], billingAccount: '012345-6789AB-CDEF01' },
      }));
      const paths = e.problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining([
        'identity.trustedRoleArns[0]', 'identity.trustedServices[0]', 'identity.vectorDbUser',
        'cloudBudget.monthlyLimitUsd', 'cloudBudget.emails[0]', 'cloudBudget.billingAccount',
      ]));
    });

    it('rejects a bad team name', () => {
      const { gateway, team } = setup();
      const e = errorOf(() => awsQuota(team, gateway, 'Hiring Team'));
      expect(e.problems.map((p) => p.path)).toContain('team');
    });

    it('rejects duplicate keys, foreign models and key limits above the team\'s', () => {
      const { gateway, team } = setup();
      const quota = awsQuota(team, gateway, 'hiring', { models: ['chat'] });
      quota.addKey('assistant');
      expect(errorOf(() => quota.addKey('assistant')).problems[0]).toMatchObject({ path: "addKey('assistant').name", message: expect.stringMatching(/already a key/) });
      const e = errorOf(() => quota.addKey('summaries', { models: ['embed'], tokensPerMinute: 500_000, monthlyBudgetUsd: 5_000, rotationDays: 365 }));
      const paths = e.problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining([
        "addKey('summaries').models[0]", "addKey('summaries').tokensPerMinute", "addKey('summaries').monthlyBudgetUsd", "addKey('summaries').rotationDays",
      ]));
      expect(e.problems.find((p) => p.path === "addKey('summaries').rotationDays")?.message).toMatch(/90 days/);
      // Nothing was created for the rejected key.
      expect(quota.tenantKeys.map((k) => k.name)).toEqual(['assistant']);
    });

    it('rejects a bad key name', () => {
      const { gateway, team } = setup();
      const quota = awsQuota(team, gateway, 'hiring');
      expect(errorOf(() => quota.addKey('Job Descriptions')).problems[0].path).toBe("addKey('Job Descriptions').name");
    });

    it('rejects a reader of another cloud', () => {
      const { gateway, team } = setup();
      const key = awsQuota(team, gateway, 'hiring').addKey('assistant');
      expect(errorOf(() => key.grantRead(TeamKeyReader.kubernetesServiceAccount('batch'))).problems[0].message).toMatch(/does not run where/);
    });

    it('rejects a gateway without a management surface', () => {
      const app = newApp();
      const stack = new TerraformStack(app, 's');
      const { FakeRuntime } = jest.requireActual('../gateway/helpers');
      const gateway = new LlmGateway(stack, 'gw', { runtime: GatewayRuntime.custom(new FakeRuntime()), models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })] });
      const e = errorOf(() => awsQuota(stack, gateway, 'hiring', { models: ['chat'] }));
      expect(e.problems[0]).toMatchObject({ path: 'gateway', message: expect.stringMatching(/no management surface/) });
    });
  });
});

describe('TenantQuota defaults', () => {
  const { app, gateway, team } = setup();
  const quota = awsQuota(team, gateway, 'hiring');
  quota.addKey('assistant');
  const json = synthJson(app, team);

  it('matches the snapshot of its defaults (team stack)', () => {
    expect(normalizeForSnapshot(json)).toMatchSnapshot();
  });

  it('keeps the construct ids of its stateful resources (renaming one replaces the key secret)', () => {
    // Key secrets (their values live in Secrets Manager) and the role other stacks grant to.
    expect(Object.keys(resources(json, 'aws_secretsmanager_secret'))).toEqual(['hiring_Aws_Key-assistant_3EC3232B']);
    expect(Object.keys(resources(json, 'aws_iam_role'))).toEqual(['hiring_Aws_Role_D27FA9A3']);
    expect(Object.keys(resources(json, 'aws_lambda_invocation'))).toEqual(['hiring_Aws_Reconcile_CE93041A']);
  });

  it('keeps the construct id of the tenancy KMS key (it encrypts every team key)', () => {
    const platform = synthJson(app, app.node.children.find((c) => c.node.id === 'platform') as TerraformStack);
    expect(Object.keys(resources(platform, 'aws_kms_key'))).toContain('Tenancy_Aws_SecretsKey_1BB3E0F5');
  });
});

describe('user strings reach Terraform as literal text', () => {
  it('escapes template sequences in the owner and metadata of the desired state', () => {
    const { app, gateway, team } = setup();
    const quota = awsQuota(team, gateway, 'hiring', { owner: 'squad-${file("/etc/passwd")}', metadata: { ticket: '%{ if true }x%{ endif }' } });
    quota.addKey('assistant');
    const [invocation] = Object.values(resources(synthJson(app, team), 'aws_lambda_invocation'));
    expect(invocation.input).toContain('squad-$${file(');
    expect(invocation.input).toContain('%%{ if true }');
    expect(invocation.input).not.toMatch(/[^$]\$\{file/);
    // Terraform reads back exactly what was given.
    expect(quota.desiredState().team.metadata.owner).toBe('squad-${file("/etc/passwd")}');
  });
});
