import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AURORA, CLOUD_SQL, QDRANT } from './helpers';
import { App, Testing, TerraformStack } from '../../src/core/cdktf';
import { Compliance, findingLabel, PolicyBundle, PolicyPack } from '../../src/policy';
import { synthToDirectory, terraformCheck } from '../../src/testing';
import { VectorBackendKind, VectorPrincipal, VectorStore, type VectorBackend } from '../../src/vector-store';
import { awsPlatform, awsQuota, newApp } from '../tenancy/helpers';

// Collections declared from team stacks (cdktf multi-stack): the platform's stack is byte-identical with
// 0, 1 and 2 team stacks, team stacks read a fixed set of the platform's outputs, and their resources pass
// both policy packs and (AWS) the real-Terraform check.

type Backend = 'aurora-pgvector' | 'cloud-sql-pgvector' | 'qdrant-helm';
const BACKENDS: ReadonlyArray<[Backend, () => VectorBackend]> = [['aurora-pgvector', AURORA], ['cloud-sql-pgvector', CLOUD_SQL], ['qdrant-helm', QDRANT]];

function providers(stack: TerraformStack, kind: VectorBackendKind): void {
  if (kind === VectorBackendKind.AURORA_PGVECTOR) new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  if (kind === VectorBackendKind.CLOUD_SQL_PGVECTOR) new GoogleProvider(stack, 'google', { project: 'llm-platform-prod' });
  if (kind === VectorBackendKind.QDRANT_HELM) {
    new KubernetesProvider(stack, 'kubernetes', {});
    new HelmProvider(stack, 'helm', {});
  }
}

/** A principal of a team on a backend: the team's role, service account or ServiceAccount. */
function principalOf(kind: VectorBackendKind, team: string): VectorPrincipal {
  // Each team's workloads have their own security group (a shared one is admitted once, on the store).
  const sg = `sg-${Buffer.from(team).toString('hex').padEnd(17, '0').slice(0, 17)}`;
  if (kind === VectorBackendKind.AURORA_PGVECTOR) return VectorPrincipal.iamRole(`${team}-role`, `${team}_app`, { securityGroupId: sg });
  if (kind === VectorBackendKind.CLOUD_SQL_PGVECTOR) return VectorPrincipal.gcpServiceAccount(`${team}-app@llm-platform-prod.iam.gserviceaccount.com`);
  return VectorPrincipal.kubernetesServiceAccount(`team-${team}`, team);
}

/** An app with the platform (a store with one collection of its own) and one stack per team, each with two collections. */
interface Built {
  readonly app: App;
  readonly store: VectorStore;
  readonly stacks: Record<string, TerraformStack>;
}

function buildApp(backend: () => VectorBackend, teams: ReadonlyArray<string>): Built {
  const app = Testing.app({ stubVersion: true });
  const platform = new TerraformStack(app, 'platform');
  const b = backend();
  providers(platform, b.kind);
  const store = new VectorStore(platform, 'vectors', { backend: b });
  store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantReadWrite(principalOf(b.kind, 'support'));
  const stacks: Record<string, TerraformStack> = { platform };
  for (const team of teams) {
    const stack = new TerraformStack(app, `team-${team}`);
    providers(stack, b.kind);
    const principal = principalOf(b.kind, team);
    store.addTeamCollection(stack, { team, name: 'docs', dimensions: 8, writers: [principal] });
    store.addTeamCollection(stack, { team, name: 'faq', dimensions: 8, readers: [principal] });
    stacks[stack.node.id] = stack;
  }
  return { app, store, stacks };
}

/** Every stack's synthesized JSON, by stack id. */
function synthAll(app: App): Record<string, string> {
  app.synth();
  const dir = path.join(app.outdir, 'stacks');
  return Object.fromEntries(fs.readdirSync(dir).sort().map((s) => [s, fs.readFileSync(path.join(dir, s, 'cdk.tf.json'), 'utf8')]));
}

/** The platform outputs a stack reads through terraform_remote_state. */
const inputs = (json: string): string[] => [...new Set([...json.matchAll(/terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)/g)].map((m) => m[1]))].sort();

describe.each(BACKENDS)('%s: collections from team stacks', (name, backend) => {
  const none = synthAll(buildApp(backend, []).app);
  const one = synthAll(buildApp(backend, ['hiring']).app);
  const two = synthAll(buildApp(backend, ['hiring', 'search']).app);

  it("leaves the platform stack's JSON byte-identical with 0, 1 and 2 team stacks", () => {
    expect(one.platform).toBe(none.platform);
    expect(two.platform).toBe(none.platform);
    // And the platform's own bootstrap is unchanged by team collections (its SQL, its Job/spec).
    expect(none.platform).not.toContain('hiring');
  });

  it('keeps the first team stack unchanged when a second one is added', () => {
    expect(two['team-hiring']).toBe(one['team-hiring']);
  });

  it('team stacks read only a fixed set of outputs the platform registers whatever the number of teams', () => {
    const expected = { 'aurora-pgvector': 3, 'cloud-sql-pgvector': 6, 'qdrant-helm': 0 }[name];
    const hiring = inputs(two['team-hiring']);
    expect(hiring).toHaveLength(expected);
    expect(inputs(two['team-search'])).toEqual(hiring);
    const outputs = Object.keys(JSON.parse(none.platform).output ?? {}).filter((o) => o.startsWith('cross-stack-output-')).sort();
    expect(outputs).toEqual(hiring);
  });

  it('puts the team resources only in the team stack, with team names in them', () => {
    const json = JSON.parse(two['team-search']);
    expect(two['team-search']).toContain('search');
    expect(two['team-search']).not.toContain('hiring');
    const types = Object.keys(json.resource).sort();
    const expected: Record<Backend, string[]> = {
      'aurora-pgvector': ['aws_iam_role_policy', 'aws_lambda_invocation', 'aws_vpc_security_group_ingress_rule'],
      'cloud-sql-pgvector': ['google_cloud_run_v2_job', 'google_cloud_run_v2_job_iam_member', 'google_cloud_scheduler_job', 'google_project_iam_member', 'google_sql_user'],
      'qdrant-helm': ['kubernetes_config_map_v1', 'kubernetes_cron_job_v1', 'kubernetes_job_v1', 'kubernetes_network_policy_v1', 'kubernetes_role_binding_v1', 'kubernetes_role_v1'],
    };
    expect(types).toEqual(expected[name]);
  });

  it('team stack resources pass both policy packs with 0 unsuppressed findings, warnings and unknowns included', () => {
    const { app, stacks } = buildApp(backend, ['hiring']);
    const bundle = new PolicyBundle(stacks['team-hiring'], 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
    app.synth();
    const findings = bundle.findings().filter((f) => f.resourcePath.startsWith('team-hiring/'));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.compliance === Compliance.NON_COMPLIANT || f.compliance === Compliance.UNKNOWN).map((f) => `${f.resourcePath} ${findingLabel(f)} ${f.level}`)).toEqual([]);
    expect(findings.filter((f) => f.compliance === Compliance.SUPPRESSED)).toEqual([]);
  });

  it('orders the team stack after the platform stack', () => {
    const { app, stacks } = buildApp(backend, ['hiring']);
    app.synth();
    expect(stacks['team-hiring'].dependencies).toContain(stacks.platform);
  });
});

describe('Aurora: the team role of TenantQuota', () => {
  // The tenancy team role (src/tenancy/aws/team.ts) already has the vector login `<team>_app` in its
  // boundary; the team collection grants that role exactly that user on this cluster.
  const app = newApp();
  const { stack: platform, gateway } = awsPlatform(app, 'platform', { tenancy: true });
  const store = new VectorStore(platform, 'vectors', { backend: AURORA() });
  const team = new TerraformStack(app, 'team-hiring');
  new AwsProvider(team, 'aws', { region: 'us-east-1' });
  const quota = awsQuota(team, gateway, 'hiring');
  const principal = VectorPrincipal.iamRole(quota.identity.roleName!, quota.identity.vectorDbUser!);
  store.addTeamCollection(team, { team: 'hiring', name: 'resumes', dimensions: 1024, writers: [principal] });
  const bundle = new PolicyBundle(team, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
  const json = JSON.parse(synthAll(app)['team-hiring']);

  it("grants rds-db:connect on the team's own database user of this cluster only, inside the team boundary", () => {
    expect(quota.identity.vectorDbUser).toBe('hiring_app');
    const policy = Object.values<any>(json.resource.aws_iam_role_policy).find((p) => p.name.includes('vector-store'));
    expect(policy.role).toBe(`\${aws_iam_role.${Object.keys(json.resource.aws_iam_role)[0]}.name}`);
    expect(policy.policy).toMatch(/"Action" = "rds-db:connect", "Resource" = "arn:\$\{data\.aws_partition\.[^}]+\}:rds-db:\$\{data\.aws_region\.[^}]+\}:\$\{data\.aws_caller_identity\.[^}]+\}:dbuser:\$\{data\.terraform_remote_state\.[^}]+cluster_resource_id\}\/hiring_app"/);
    const boundary = Object.values<any>(json.resource.aws_iam_policy).find((p) => p.policy.includes('ConnectToOwnVectors'));
    expect(JSON.parse(boundary.policy).Statement.find((s: any) => s.Sid === 'ConnectToOwnVectors').Resource).toMatch(/:dbuser:\*\/hiring_app$/);
  });

  it('passes both policy packs (team stack) with 0 unsuppressed findings from the vector resources', () => {
    const mine = bundle.findings().filter((f) => f.resourcePath.startsWith('team-hiring/vectors-hiring/'));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((f) => f.compliance !== Compliance.COMPLIANT && f.compliance !== Compliance.NOT_APPLICABLE).map((f) => `${f.resourcePath} ${findingLabel(f)}`)).toEqual([]);
  });

  it('the team stack passes the real-Terraform check (validate + mocked plan/apply, remote state overridden)', async () => {
    const result = await terraformCheck(synthToDirectory(team));
    if (result.status === 'skipped' && process.env.CI !== 'true') return;
    expect(result.message).not.toMatch(/Error:/);
    expect(result.status).toBe('passed');
    expect(result.checkedResources).toBeGreaterThan(5);
  }, 600_000);
});
