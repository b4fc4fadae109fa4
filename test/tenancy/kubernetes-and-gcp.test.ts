import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { newApp, resources, synthJson } from './helpers';
import { ValidationError } from '../../src/core';
import { TerraformStack } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import { KubernetesRedis } from '../../src/gateway/runtimes/kubernetes';
import { GatewayTenancy, TeamIdentity, TeamKeyReader, TenantQuota } from '../../src/tenancy';

const ACCESS_LABELS = { 'llm-platform.io/gateway-access': 'llm-gateway' };

function k8sPlatform(callerNamespaceLabels: Record<string, string> = ACCESS_LABELS) {
  const app = newApp();
  const platform = new TerraformStack(app, 'platform');
  new KubernetesProvider(platform, 'k8s', {});
  new HelmProvider(platform, 'helm', {});
  new RandomProvider(platform, 'random', {});
  const gateway = new LlmGateway(platform, 'gateway', {
    name: 'llm-gateway',
    runtime: GatewayRuntime.kubernetes({ redis: KubernetesRedis.inClusterForNonProduction(), callerNamespaceLabels }),
    models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
    tags: { team: 'platform', environment: 'staging' },
  });
  new GatewayTenancy(platform, 'Tenancy', { gateway });
  const team = new TerraformStack(app, 'team-search');
  new KubernetesProvider(team, 'k8s', {});
  return { app, platform, gateway, team };
}

describe('TenantQuota on Kubernetes', () => {
  const { app, platform, gateway, team } = k8sPlatform();
  const quota = new TenantQuota(team, 'search', {
    gateway,
    team: 'search',
    models: ['chat'],
    monthlyBudgetUsd: 1_000,
    tokensPerMinute: 100_000,
    requestsPerMinute: 300,
    identity: TeamIdentity.kubernetesNamespace({ namespace: 'search' }),
  });
  const key = quota.addKey('ranking', { rotationDays: 7 });
  key.grantRead(TeamKeyReader.kubernetesServiceAccount('ranking-batch'));
  const json = synthJson(app, team);
  const platformJson = synthJson(app, platform);

  it('creates the team namespace with the labels the gateway\'s NetworkPolicy admits, and restricted pod security', () => {
    const [ns] = Object.values(resources(json, 'kubernetes_namespace_v1'));
    expect(ns.metadata.name).toBe('search');
    expect(ns.metadata.labels).toMatchObject({ ...ACCESS_LABELS, 'pod-security.kubernetes.io/enforce': 'restricted', 'llm-platform.io/team': 'search' });
  });

  it('denies ingress to the team\'s pods except from its own pods', () => {
    const [np] = Object.values(resources(json, 'kubernetes_network_policy_v1'));
    expect(np.spec).toMatchObject({ pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [{ pod_selector: {} }] }] });
  });

  it('runs the reconciler as a Job per desired-state hash in the gateway namespace, and waits for it', () => {
    const [job] = Object.values(resources(json, 'kubernetes_job_v1'));
    expect(job.metadata.namespace).toBe('llm-gateway');
    expect(job.metadata.name).toMatch(/^tenancy-search-[0-9a-f]{12}-[0-9a-f]{8}$/);
    expect(job.wait_for_completion).toBe(true);
    const pod = job.spec.template.spec;
    expect(pod.service_account_name).toMatch(/^llm-gateway-tenancy-/);
    const env = Object.fromEntries(pod.container[0].env.map((e: any) => [e.name, e.value ?? e.value_from]));
    expect(env.MODE).toBe('reconcile');
    expect(env.DESIRED_STATE_FILE).toBe('/etc/llm-tenancy/search.json');
    expect(env.ADMIN_URL).toMatch(/^http:\/\/.*\.llm-gateway\.svc\.cluster\.local:4000$/);
    expect(env.MASTER_KEY.secret_key_ref.name).toMatch(/keys/);
    expect(pod.container[0].security_context).toMatchObject({
      read_only_root_filesystem: true, allow_privilege_escalation: false, run_as_non_root: true,
    });
  });

  it('changes the Job name when the desired state changes', () => {
    const other = k8sPlatform();
    const q2 = new TenantQuota(other.team, 'search', {
      gateway: other.gateway,
      team: 'search',
      models: ['chat'],
      monthlyBudgetUsd: 1_500,
      tokensPerMinute: 100_000,
      requestsPerMinute: 300,
      identity: TeamIdentity.kubernetesNamespace({ namespace: 'search' }),
    });
    q2.addKey('ranking', { rotationDays: 7 });
    const name = (j: any) => (Object.values(resources(j, 'kubernetes_job_v1'))[0] as any).metadata.name;
    expect(name(synthJson(other.app, other.team))).not.toBe(name(json));
  });

  it('keeps the desired state in a ConfigMap beside the gateway and rotates keys daily', () => {
    const [cm] = Object.values(resources(json, 'kubernetes_config_map_v1'));
    expect(cm.metadata.namespace).toBe('llm-gateway');
    const doc = JSON.parse(cm.data['search.json']);
    expect(doc.keys[0]).toMatchObject({ key_alias: 'search/ranking', rotation_days: 7, secret: { store: 'kubernetes', id: 'search/llm-key-ranking' } });
    const [cron] = Object.values(resources(json, 'kubernetes_cron_job_v1'));
    expect(cron.spec.schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(cron.spec.job_template.spec.template.spec.container[0].env.find((e: any) => e.name === 'MODE').value).toBe('rotate-feature-keys');
  });

  it('lets the gateway\'s jobs write exactly the team\'s key Secrets, and readers get exactly theirs', () => {
    const roles = Object.values(resources(json, 'kubernetes_role_v1'));
    const writer = roles.find((r) => r.metadata.name.endsWith('-keys'))!;
    expect(writer.rule[1].resource_names).toEqual(['llm-key-ranking']);
    expect(writer.rule[0]).toMatchObject({ verbs: ['create'], resources: ['secrets'] });
    const readers = roles.filter((r) => r !== writer);
    expect(readers).toHaveLength(2);
    expect(readers.every((r) => r.rule[0].resource_names.length === 1 && r.rule[0].verbs[0] === 'get')).toBe(true);
    // Never an empty resourceNames (which would mean every Secret of the namespace).
    expect(roles.every((r) => r.rule.every((rule: any) => rule.resource_names === undefined || rule.resource_names.length > 0))).toBe(true);
    expect(key.secret.kubernetesSecret).toEqual({ name: 'llm-key-ranking', key: 'api_key' });
  });

  it('puts the code, the jobs\' identity and the master key rotation once in the gateway\'s stack', () => {
    const cms = Object.values(resources(platformJson, 'kubernetes_config_map_v1')).filter((c: any) => c.metadata.name.endsWith('-code'));
    expect(cms).toHaveLength(1);
    const [cron] = Object.values(resources(platformJson, 'kubernetes_cron_job_v1'));
    expect(cron.spec.job_template.spec.template.spec.container[0].env.find((e: any) => e.name === 'MODE').value).toBe('rotate-master-key');
    const [policy] = Object.values(resources(platformJson, 'kubernetes_network_policy_v1'));
    expect(JSON.stringify(policy.spec.ingress)).toContain('llm-gateway');
  });

  it('requires label-based admission on the gateway (so teams do not change its stack)', () => {
    const other = k8sPlatform({});
    expect(() => new TenantQuota(other.team, 'search', {
      gateway: other.gateway, team: 'search', models: ['chat'], identity: TeamIdentity.kubernetesNamespace(),
    })).toThrow(/callerNamespaceLabels/);
  });
});

describe('TenantQuota on Cloud Run', () => {
  const app = newApp();
  const platform = new TerraformStack(app, 'platform');
  new GoogleProvider(platform, 'google', {});
  const gateway = new LlmGateway(platform, 'gateway', {
    name: 'llm-gateway',
    runtime: GatewayRuntime.cloudRun({ project: 'acme-llm-prod', region: 'europe-west1', network: 'projects/acme-net/global/networks/main', subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run' }),
    models: [ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-1.5-pro', project: 'acme-llm-prod', location: 'europe-west1' })],
    tags: { team: 'platform', environment: 'prod' },
  });
  const tenancy = new GatewayTenancy(platform, 'Tenancy', { gateway });
  const team = new TerraformStack(app, 'team-support');
  new GoogleProvider(team, 'google', {});
  const quota = new TenantQuota(team, 'support', {
    gateway,
    team: 'support',
    models: ['chat'],
    monthlyBudgetUsd: 800,
    tokensPerMinute: 50_000,
    requestsPerMinute: 100,
    identity: TeamIdentity.gcpServiceAccount(),
    cloudBudget: { monthlyLimitUsd: 300, billingAccount: '012345-6789AB-CDEF01', monitoringNotificationChannels: ['projects/acme-llm-prod/notificationChannels/123'] },
  });
  const key = quota.addKey('triage');
  const json = synthJson(app, team);
  const platformJson = synthJson(app, platform);

  it('gives the team a service account that may invoke the gateway and read only its own key', () => {
    const [invoker] = Object.values(resources(json, 'google_cloud_run_v2_service_iam_member'));
    expect(invoker.role).toBe('roles/run.invoker');
    const members = Object.values(resources(json, 'google_secret_manager_secret_iam_member'));
    const accessors = members.filter((m) => m.role === 'roles/secretmanager.secretAccessor');
    expect(accessors.some((m) => /google_service_account\.support_Gcp_ServiceAccount/.test(m.member))).toBe(true);
    expect(members.every((m) => m.secret_id.includes('google_secret_manager_secret.support_Gcp_Key-triage'))).toBe(true);
    expect(key.secret.gcpSecret.secret).toMatch(/^projects\/acme-llm-prod\/secrets\/llm-llm-gateway-support-triage-/);
  });

  it('writes the desired state into the tenancy bucket; no secret version in Terraform', () => {
    const [obj] = Object.values(resources(json, 'google_storage_bucket_object'));
    expect(obj.name).toBe('desired-state/support.json');
    expect(JSON.parse(obj.content).team.team_alias).toBe('support');
    expect(json.resource.google_secret_manager_secret_version).toBeUndefined();
  });

  it('has a billing budget on the team label with actual and forecast thresholds', () => {
    const [b] = Object.values(resources(json, 'google_billing_budget'));
    expect(b.budget_filter.labels).toEqual({ team: 'support' });
    expect(b.threshold_rules.map((r: any) => `${r.spend_basis}:${r.threshold_percent}`)).toEqual(['CURRENT_SPEND:0.8', 'CURRENT_SPEND:1', 'FORECASTED_SPEND:1']);
  });

  it('runs reconcile hourly and rotation daily from Cloud Scheduler, and gives the pipeline a command', () => {
    const jobs = Object.values(resources(platformJson, 'google_cloud_run_v2_job')).filter((j: any) => /tenancy|reconcile|rotate/.test(JSON.stringify(j.template)));
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    const schedules = Object.values(resources(platformJson, 'google_cloud_scheduler_job'));
    expect(schedules.map((s) => s.schedule).sort()).toEqual(['37 3 * * *', '7 * * * *']);
    expect(tenancy.gcp!.reconcileCommand).toMatch(/^gcloud run jobs execute \S+ --region europe-west1 --project acme-llm-prod --wait$/);
  });

  it('grants the jobs the admin service only, and sends an ID token for it', () => {
    const members = Object.values(resources(platformJson, 'google_cloud_run_v2_service_iam_member')).filter((m) => /tenancy/.test(m.member));
    expect(members).toHaveLength(1);
    expect(members[0].name).toMatch(/AdminService/);
    const [reconcile] = Object.values(resources(platformJson, 'google_cloud_run_v2_job')).filter((j: any) => j.name.includes('reconcile'));
    const env = Object.fromEntries(reconcile.template.template.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.ADMIN_ID_TOKEN_AUDIENCE).toBe(env.ADMIN_URL);
    expect(env.DESIRED_STATE_GCS_URI).toMatch(/^gs:\/\/[a-z0-9-]+\/desired-state\/$/);
  });

  it('requires a billing account for a GCP cloud budget', () => {
    expect(() => new TenantQuota(team, 'other', {
      gateway, team: 'other', models: ['chat'], identity: TeamIdentity.gcpServiceAccount(), cloudBudget: { monthlyLimitUsd: 10, emails: ['x@example.com'] },
    })).toThrow(ValidationError);
  });
});
