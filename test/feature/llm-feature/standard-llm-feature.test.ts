import { callerFor, featureProps, oneFeature, platform, resources, synthJson, team } from './fixtures';
import { FeatureCaller, StandardLlmFeature, ToolExecution } from '../../../src/feature';

/** Every IAM policy document (inline or managed) of a synthesized stack, with its logical id. */
function policyDocuments(json: any): Array<{ id: string; role?: string; doc: string }> {
  return [
    ...Object.entries(resources(json, 'aws_iam_role_policy')).map(([id, r]: [string, any]) => ({ id, role: r.role, doc: String(r.policy) })),
    ...Object.entries(resources(json, 'aws_iam_policy')).map(([id, r]: [string, any]) => ({ id, doc: String(r.policy) })),
  ];
}

/** The desired state the team's reconciler applies (AWS: the invocation input). */
function desiredState(json: any): any {
  const [inv] = Object.values<any>(resources(json, 'aws_lambda_invocation'));
  return JSON.parse(inv.input);
}

describe('StandardLlmFeature on ECS Fargate', () => {
  const f = oneFeature('aws');
  const json = synthJson(f.app, f.team.stack);
  const secretId = Object.keys(resources(json, 'aws_secretsmanager_secret')).find((k) => k.includes('Key-job-description-gen'))!;
  const secretRef = `aws_secretsmanager_secret.${secretId}.arn`;

  it('gives the feature its own key: alias <team>/<feature>, its models, limits, monthly budget and metadata', () => {
    const [key] = desiredState(json).keys;
    expect(key).toMatchObject({
      key_alias: 'hiring/job-description-gen',
      models: ['chat'],
      tpm_limit: 50_000,
      rpm_limit: 200,
      max_budget: 1_000,
      budget_duration: '1mo',
      rotation_days: 30,
      metadata: { team: 'hiring', feature: 'job-description-gen', environment: 'prod', owner: 'hiring-squad', data_classification: 'confidential', tool_execution: 'none' },
      secret: { store: 'aws-secrets-manager', id: 'llm-gw/tenants/hiring/job-description-gen' },
    });
    expect(f.feature.keyAlias).toBe('hiring/job-description-gen');
    expect(f.feature.key.secret.awsSecretArn).toBeDefined();
  });

  it('lets only its caller read the key: exactly one IAM policy names the secret, on the caller role', () => {
    const naming = policyDocuments(json).filter((p) => p.doc.includes(secretRef));
    expect(naming).toHaveLength(1);
    expect(naming[0].role).toBe('jd-gen-task');
    const doc = JSON.parse(naming[0].doc);
    expect(doc.Statement[0]).toMatchObject({ Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: [`\${${secretRef}}`] });
    // KMS decrypt only through Secrets Manager, only for this secret.
    expect(doc.Statement[1].Condition['ForAnyValue:StringEquals']['kms:EncryptionContext:SecretARN']).toEqual([`\${${secretRef}}`]);
    // The team role gets no read grant (its boundary is a ceiling, not a grant).
    expect(Object.values<any>(resources(json, 'aws_iam_role_policy')).some((r) => String(r.role).includes('aws_iam_role'))).toBe(false);
  });

  it('in the platform stack, only the tenancy\'s reconciler and key rotation reach team key secrets (they write them)', () => {
    const platformJson = synthJson(f.app, f.stack);
    const reaching = policyDocuments(platformJson).filter((p) => p.doc.includes(':secret:llm-gw/tenants/')).map((p) => p.id.replace(/_[0-9A-F]{8}$/, ''));
    expect(reaching.sort()).toEqual(['Tenancy_Aws_Boundary', 'Tenancy_Aws_FeatureKeyRotation_Policy', 'Tenancy_Aws_Reconciler_Policy']);
  });

  it('gives the caller the gateway\'s caller security group to attach (a platform output, inference listener only)', () => {
    expect(f.feature.gatewayCallerSecurityGroupId).toBeDefined();
    expect(f.feature.gatewayCallerSecurityGroupId).toBe(f.team.tenant.identity.gatewayCallerSecurityGroupId);
  });

  it('adds the feature\'s SLO and spend alerts to the team\'s stack', () => {
    const names = Object.values<any>(resources(json, 'aws_prometheus_rule_group_namespace')).map((n) => n.name).sort();
    expect(names).toEqual(['llm-gw-feature-hiring-job-description-gen', 'llm-gw-team-hiring']);
    const rules = Object.values<any>(resources(json, 'aws_prometheus_rule_group_namespace')).find((n) => n.name.includes('feature')).data;
    for (const alert of ['LlmAvailabilityBudgetBurn', 'LlmLatencyBudgetBurn', 'LlmSpendBudgetExhaustionProjected']) expect(rules).toContain(`alert: ${alert}`);
    expect(rules).toContain('hiring/job-description-gen');
  });

  it('lets the team identity read the key only when it is a declared caller', () => {
    const p = platform('aws');
    const t = team(p);
    new StandardLlmFeature(t.stack, 'cv-screening', featureProps('aws', { callers: [FeatureCaller.teamIdentity()] }));
    const j = synthJson(p.app, t.stack);
    const policies = Object.values<any>(resources(j, 'aws_iam_role_policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].role).toMatch(/^\$\{aws_iam_role\.Quota_Aws_Role_[0-9A-F]+\.name\}$/);
  });

  it('grants a role once when it calls two features of the team, naming both keys', () => {
    const p = platform('aws');
    const t = team(p);
    new StandardLlmFeature(t.stack, 'a-feature', featureProps('aws'));
    new StandardLlmFeature(t.stack, 'b-feature', featureProps('aws'));
    const j = synthJson(p.app, t.stack);
    const [policy, ...rest] = Object.values<any>(resources(j, 'aws_iam_role_policy'));
    expect(rest).toHaveLength(0);
    expect(JSON.parse(policy.policy).Statement[0].Resource).toHaveLength(2);
  });
});

describe('StandardLlmFeature on Cloud Run', () => {
  const f = oneFeature('gcp');
  const json = synthJson(f.app, f.team.stack);
  const members = Object.entries<any>(resources(json, 'google_secret_manager_secret_iam_member'));
  const keySecret = Object.keys(resources(json, 'google_secret_manager_secret')).find((k) => k.includes('Key-job-description-gen'))!;

  it('lets only its caller (and the tenancy jobs that write it) access the key', () => {
    const onKey = members.filter(([, m]) => String(m.secret_id).includes(keySecret));
    const accessors = onKey.filter(([, m]) => m.role === 'roles/secretmanager.secretAccessor').map(([, m]) => String(m.member));
    expect(accessors).toHaveLength(2);
    expect(accessors).toContain('serviceAccount:jd-gen-svc@acme-llm-prod.iam.gserviceaccount.com');
    // The other accessor is the tenancy jobs' service account (they write and rotate it), never the team's own SA.
    expect(accessors.filter((a) => !a.startsWith('serviceAccount:jd-gen'))).toEqual([expect.stringMatching(/^serviceAccount:llm-gw-tenancy-[0-9a-f]+@/)]);
    expect(accessors.some((a) => a.includes('google_service_account.'))).toBe(false);
  });

  it('grants the caller run.invoker on the gateway from the team stack', () => {
    const invokers = Object.entries<any>(resources(json, 'google_cloud_run_v2_service_iam_member'));
    const mine = invokers.filter(([id]) => id.startsWith('LlmFeatureCallers-hiring_Invoker'));
    expect(mine).toHaveLength(1);
    expect(mine[0][1]).toMatchObject({ role: 'roles/run.invoker', member: 'serviceAccount:jd-gen-svc@acme-llm-prod.iam.gserviceaccount.com' });
    expect(String(mine[0][1].name)).toContain('terraform_remote_state');
  });

  it('creates one run.invoker member for a service account that calls two features', () => {
    const p = platform('gcp');
    const t = team(p);
    new StandardLlmFeature(t.stack, 'a-feature', featureProps('gcp'));
    new StandardLlmFeature(t.stack, 'b-feature', featureProps('gcp'));
    const j = synthJson(p.app, t.stack);
    expect(Object.keys(resources(j, 'google_cloud_run_v2_service_iam_member')).filter((id) => id.startsWith('LlmFeatureCallers'))).toHaveLength(1);
  });
});

describe('StandardLlmFeature on Kubernetes', () => {
  const f = oneFeature('kubernetes');
  const json = synthJson(f.app, f.team.stack);

  it('lets only its caller ServiceAccount get the key Secret (besides the tenancy jobs that write it)', () => {
    const roles = Object.entries<any>(resources(json, 'kubernetes_role_v1'));
    const bindings = Object.values<any>(resources(json, 'kubernetes_role_binding_v1'));
    const readers = roles.filter(([, r]) => r.rule.some((rule: any) => rule.verbs.includes('get') && (rule.resource_names ?? []).includes('llm-key-job-description-gen')));
    const readerSubjects = readers.flatMap(([id]) => bindings.filter((b) => b.role_ref.name === `\${kubernetes_role_v1.${id}.metadata[0].name}`).flatMap((b) => b.subject));
    // The caller, and the tenancy jobs' ServiceAccount (gateway namespace) that writes and rotates the Secret.
    expect(readerSubjects.map((s: any) => `${s.namespace === 'llm' ? 'llm' : 'team'}/${s.name}`).sort()).toEqual(['llm/llm-gw-tenancy-018d7f43', 'team/jd-gen-app']);
    // The tenancy jobs may write it (create, then get/patch/update by name); that Role is the only other one naming it.
    const writers = roles.filter(([, r]) => r.rule.some((rule: any) => (rule.resource_names ?? []).includes('llm-key-job-description-gen') && rule.verbs.includes('patch')));
    expect(writers.map(([id]) => id)).toEqual([expect.stringMatching(/KeyWriterRole/)]);
    // The team's own ServiceAccount ('hiring') is not granted.
    expect(readerSubjects.some((s: any) => s.name === 'hiring')).toBe(false);
    // Never an empty resourceNames (every Secret of the namespace).
    expect(roles.every(([, r]) => r.rule.every((rule: any) => rule.resource_names === undefined || rule.resource_names.length > 0))).toBe(true);
  });

  it('needs no rule in the gateway\'s stack: the team namespace carries the labels the gateway admits', () => {
    const [ns] = Object.values<any>(resources(json, 'kubernetes_namespace_v1'));
    expect(ns.metadata).toMatchObject({ name: 'team-hiring', labels: { 'llm-platform.io/gateway-access': 'llm-gw' } });
    expect(f.feature.gatewayCallerSecurityGroupId).toBeUndefined();
  });

  it('keeps the key a Secret in the team namespace (SecretRef for the caller\'s pod)', () => {
    expect(f.feature.key.secret.kubernetesSecret).toEqual({ name: 'llm-key-job-description-gen', key: 'api_key' });
  });
});

describe.each(['aws', 'gcp', 'kubernetes'] as const)('StandardLlmFeature (%s): props reach the key and the team', (runtime) => {
  it('an allow-listed tool list reaches the key metadata as its mode', () => {
    const f = oneFeature(runtime, { toolExecution: ToolExecution.allowListed(['lookup_order']), callers: [callerFor(runtime)] });
    expect(f.team.tenant.desiredState().keys[0].metadata.tool_execution).toBe('allow-listed');
    expect(f.feature.governanceFacts()).toMatchObject({ kind: 'feature', toolExecution: 'allow-listed', tools: ['lookup_order'] });
  });
});

describe.each(['aws', 'gcp', 'kubernetes'] as const)('the longest feature name (%s)', (runtime) => {
  it('reaches every target (key alias, secret, Secret name, rule group, label) and synthesizes', () => {
    const p = platform(runtime);
    const t = team(p);
    const name = `f${'x'.repeat(38)}9`;
    const feature = new StandardLlmFeature(t.stack, name, featureProps(runtime, { callers: [callerFor(runtime, 'long')] }));
    expect(name).toHaveLength(40);
    expect(() => p.app.synth()).not.toThrow();
    expect(feature.keyAlias).toBe(`hiring/${name}`);
  });
});
