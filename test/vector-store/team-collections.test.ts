import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct } from 'constructs';
import { AURORA, CLOUD_SQL, errorOf, newStore, QDRANT, resource } from './helpers';
import { App, TerraformOutput, Testing, TerraformStack } from '../../src/core/cdktf';
import { ValidationError } from '../../src/core/errors';
import { VectorAccess, VectorDistance, VectorIndex, VectorPrincipal, VectorRemovalPolicy, type VectorBackend } from '../../src/vector-store';
import { QDRANT_BOOTSTRAP_SCRIPT, renderQdrantSpec } from '../../src/vector-store/backends/qdrant-bootstrap';
import { renderTeamBootstrapSql } from '../../src/vector-store/sql';

// The team-scope API and what each backend renders in the team's stack. The multi-stack guarantees
// (platform byte-identical, fixed outputs, policy, Terraform) are in team-multi-stack.test.ts, the SQL's
// behaviour on PostgreSQL in sql/team-bootstrap.test.ts.

function teamStack(app: App, backend: VectorBackend, id = 'team-hiring'): TerraformStack {
  const stack = new TerraformStack(app, id);
  if (backend.kind === 'aurora-pgvector') new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  else if (backend.kind === 'cloud-sql-pgvector') new GoogleProvider(stack, 'google', { project: 'llm-platform-prod' });
  else new KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

function setup(backendFn: () => VectorBackend, extra: { removalPolicy?: VectorRemovalPolicy } = {}) {
  const backend = backendFn();
  const { stack: platform, store } = newStore(backend, extra);
  const app = platform.node.root as App;
  const team = teamStack(app, backend);
  const synthTeam = () => {
    app.synth();
    return JSON.parse(Testing.synth(team));
  };
  return { app, platform, store, team, synthTeam };
}

const HIRING_ROLE = () => VectorPrincipal.iamRole('hiring-role', 'hiring_app', { securityGroupId: 'sg-0123456789abcdef0' });
const HIRING_SA = () => VectorPrincipal.gcpServiceAccount('hiring-app@llm-platform-prod.iam.gserviceaccount.com');
const HIRING_K8S = () => VectorPrincipal.kubernetesServiceAccount('team-hiring', 'hiring');

describe('the team-scope API', () => {
  test('addTeamCollection returns a collection of the team, declared in the team stack', () => {
    const { store, team } = setup(AURORA);
    const kb = store.addTeamCollection(team, { team: 'hiring', name: 'job-posts', dimensions: 1024, distance: VectorDistance.DOT_PRODUCT, index: VectorIndex.hnsw({ m: 24, efConstruction: 96 }) });
    expect(kb).toMatchObject({ team: 'hiring', name: 'job-posts', dimensions: 1024, distance: VectorDistance.DOT_PRODUCT, schemaName: 'vs_hiring', tableName: 'job_posts', declaredInTeamStack: true });
    expect(store.collections).toEqual([]);
    expect(store.teams.map((t) => [t.team, TerraformStack.of(t).node.id, t.collections.length])).toEqual([['hiring', 'team-hiring', 1]]);
    // One scope per team, at the root of the team's stack: a call from anywhere in that stack returns it.
    const nested = new Construct(new Construct(team, 'Feature'), 'Inner');
    expect(store.forTeam(nested, 'hiring')).toBe(store.teams[0]);
    expect(store.teams[0].node.path).toBe('team-hiring/vectors-hiring');
  });

  test('Qdrant names team collections <team>--<name>, and token Secrets per team', () => {
    const { store, team } = setup(QDRANT);
    const kb = store.addTeamCollection(team, { team: 'hiring', name: 'resumes', dimensions: 8, readers: [HIRING_K8S()] });
    expect(kb.qdrantCollectionName).toBe('hiring--resumes');
    expect(kb.tokenSecretOf(HIRING_K8S())).toEqual({ namespace: 'team-hiring', name: 'hiring-platform-vectors-qdrant-402828a5-hiring' });
    // The store's own collections keep their names and Secrets.
    const own = store.addCollection({ team: 'support', name: 'kb', dimensions: 8 });
    expect(own.qdrantCollectionName).toBe('support__kb');
    expect(store.tokenSecretOf(HIRING_K8S()).name).toBe('hiring-platform-vectors-qdrant-402828a5');
  });

  test('a team is declared in one place: the store or one team stack (ValidationError either way)', () => {
    const { app, store, team } = setup(AURORA);
    store.addCollection({ team: 'support', name: 'kb', dimensions: 8 });
    const e1 = errorOf(() => store.addTeamCollection(team, { team: 'support', name: 'docs', dimensions: 8 }));
    expect(e1).toBeInstanceOf(ValidationError);
    expect((e1 as ValidationError).problems).toEqual([expect.objectContaining({ path: 'forTeam(team)', message: "is already declared on the store itself (team 'support')" })]);
    store.addTeamCollection(team, { team: 'hiring', name: 'docs', dimensions: 8 });
    const e2 = errorOf(() => store.addCollection({ team: 'hiring', name: 'kb', dimensions: 8 }));
    expect(e2.message).toMatch(/team: is declared from its own stack \(team-hiring\)/);
    expect(errorOf(() => store.grantTeamRead('hiring', HIRING_ROLE())).message).toMatch(/grantTeamRead\(team\): is declared from its own stack/);
    // From two stacks, or two spellings of one team.
    const other = teamStack(app, AURORA(), 'team-other');
    expect(errorOf(() => store.forTeam(other, 'hiring')).message).toMatch(/forTeam\(scope\): is in another stack than team hiring's collections \(team-hiring\)/);
    store.forTeam(other, 'data_science');
    expect(errorOf(() => store.forTeam(team, 'data-science')).message).toMatch(/is the same team as 'data_science'/);
    // From the store's own stack.
    expect(errorOf(() => store.forTeam(store, 'search')).message).toMatch(/forTeam\(scope\): is in the store's own stack/);
  });

  test('pgvector: a database login is granted from one place', () => {
    const { app, store, team } = setup(AURORA);
    store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantRead(VectorPrincipal.iamRole('support-role', 'support_app'));
    const e = errorOf(() => store.addTeamCollection(team, { team: 'hiring', name: 'docs', dimensions: 8, readers: [VectorPrincipal.iamRole('support-role', 'support_app')] }));
    expect((e as ValidationError).problems).toEqual([expect.objectContaining({ path: 'readers[0](principal)', message: "is a database login already granted by the store's own grants" })]);
    // Nothing was recorded by the refused call.
    expect(store.forTeam(team, 'hiring').collections).toEqual([]);
    const docs = store.addTeamCollection(team, { team: 'hiring', name: 'docs', dimensions: 8, writers: [HIRING_ROLE()] });
    const search = teamStack(app, AURORA(), 'team-search');
    const e2 = errorOf(() => store.addTeamCollection(search, { team: 'search', name: 'idx', dimensions: 8, readers: [HIRING_ROLE()] }));
    expect(e2.message).toMatch(/is a database login already granted by team hiring's stack/);
    expect(errorOf(() => store.grantTeamRead('support', HIRING_ROLE())).message).toMatch(/already granted by team hiring's stack/);
    // One IAM role per database user, across the store and its teams.
    expect(errorOf(() => docs.grantRead(VectorPrincipal.iamRole('another-role', 'hiring_app'))).message).toMatch(/is already the database user of another IAM role/);
  });

  test('Qdrant: one service account may be granted by several teams (one token Secret each)', () => {
    const { app, store, team } = setup(QDRANT);
    store.addTeamCollection(team, { team: 'hiring', name: 'docs', dimensions: 8, readers: [HIRING_K8S()] });
    const search = teamStack(app, QDRANT(), 'team-search');
    const idx = store.addTeamCollection(search, { team: 'search', name: 'idx', dimensions: 8, readers: [HIRING_K8S()] });
    expect(idx.tokenSecretOf(HIRING_K8S()).name).toMatch(/-search$/);
  });

  test('bad input is a ValidationError naming the prop, never a TypeError', () => {
    const { store, team } = setup(CLOUD_SQL);
    const scope = store.forTeam(team, 'hiring');
    for (const [options, prop] of [
      [{ team: 'hiring', name: 'Docs', dimensions: 8 }, 'name'],
      [{ team: 'hiring', name: 'docs', dimensions: 0 }, 'dimensions'],
      [{ team: 'hiring', name: 'docs', dimensions: 8, readers: 'x' }, 'readers'],
      [{ team: 'search', name: 'docs', dimensions: 8 }, 'team'],
      [{ team: 'hiring', name: 'docs', dimensions: 8, readers: [HIRING_ROLE()] }, 'readers[0](principal)'],
      [{ team: 'hiring', name: 'docs', dimensions: 3000 }, 'dimensions'],
    ] as const) {
      const e = errorOf(() => scope.addCollection(options as any));
      expect([prop, e]).toEqual([prop, expect.any(ValidationError)]);
      expect((e as ValidationError).problems.map((pr) => pr.path)).toContain(prop);
    }
    for (const bad of [null, undefined, 42]) expect(errorOf(() => store.addTeamCollection(team, bad as any))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => store.forTeam(team, 'Hiring!'))).toBeInstanceOf(ValidationError);
    // Principals: wrong types and a malformed security group are ValidationErrors too (found by the fuzz).
    for (const make of [
      () => VectorPrincipal.iamRole('hiring-role', undefined as any),
      () => VectorPrincipal.iamRole({ toString: 1 } as any, 'hiring_app'),
      () => VectorPrincipal.iamRole('hiring-role', 'hiring_app', { securityGroupId: 'sg-${file("x")}' }),
      () => VectorPrincipal.iamRole('hiring-role', 'hiring_app', null as any),
      () => VectorPrincipal.gcpServiceAccount(42 as any),
      () => VectorPrincipal.kubernetesServiceAccount(undefined as any, 'x'),
    ]) expect(errorOf(make)).toBeInstanceOf(ValidationError);
    expect(errorOf(() => store.forTeam('team-hiring' as any, 'hiring'))).toBeInstanceOf(ValidationError);
    scope.addCollection({ team: 'hiring', name: 'docs', dimensions: 8 });
    expect(errorOf(() => scope.addCollection({ team: 'hiring', name: 'docs', dimensions: 8 })).message).toMatch(/duplicates collection 'docs'/);
    expect(errorOf(() => scope.tokenSecretOf(HIRING_SA())).message).toMatch(/has no token Secrets/);
  });
});

describe('Aurora: the team stack', () => {
  test('invokes the store function with the team SQL (CRUD lifecycle, no SQL trigger), grants connect and admits the caller', () => {
    const { store, team, synthTeam } = setup(AURORA);
    const scope = store.forTeam(team, 'hiring');
    scope.addCollection({ team: 'hiring', name: 'resumes', dimensions: 8, writers: [HIRING_ROLE()] });
    scope.grantTeamRead(VectorPrincipal.iamRole('hiring-reports', 'hiring_reports'));
    const json = synthTeam();
    const run = resource(json, 'aws_lambda_invocation');
    expect(run.lifecycle_scope).toBe('CRUD');
    expect(run.function_name).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-aws_lambda_function.+function_name\}$/);
    expect(Object.keys(run.triggers)).toEqual(['cluster']);
    const input = JSON.parse(run.input);
    const expected = renderTeamBootstrapSql({
      team: 'hiring',
      collections: [scope.collections[0].spec],
      logins: [
        { name: 'hiring_app', authentication: 'rds-iam' as any, collections: [{ team: 'hiring', collection: 'resumes', access: VectorAccess.READ_WRITE }], teams: [] },
        { name: 'hiring_reports', authentication: 'rds-iam' as any, collections: [], teams: [{ team: 'hiring', access: VectorAccess.READ }] },
      ],
    });
    const { statements, indexBuilds, deleteStatements, sha256 } = expected;
    expect(input).toEqual({ statements, indexBuilds, deleteStatements, sha256 });
    // Nothing of the store's own teams or logins: the platform's group is only read (ownership guard), never granted.
    expect(run.input).not.toMatch(/support/);
    expect(run.input).not.toMatch(/GRANT \\"vs_login\\"/);
    expect(run.input).toContain('GRANT \\"vs_hiring_login\\" TO \\"hiring_app\\"');
    const policies = Object.values<any>(json.resource.aws_iam_role_policy);
    expect(policies.map((p) => [p.role, /dbuser:\$\{[^}]+cluster_resource_id\}\/(\w+)"/.exec(p.policy)?.[1]])).toEqual([['hiring-role', 'hiring_app'], ['hiring-reports', 'hiring_reports']]);
    const ingress = resource(json, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toMatchObject({ referenced_security_group_id: 'sg-0123456789abcdef0', from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
    expect(ingress.security_group_id).toMatch(/cross-stack-output-aws_security_group.+id\}$/);
  });

  test('a security group shared by every team (the tenancy callers group) is admitted once, on the store', () => {
    const { app, platform, store, team, synthTeam } = setup(AURORA);
    const shared = new SecurityGroup(platform, 'Callers', { name: 'callers', description: 'every team', vpcId: 'vpc-0123456789abcdef0' }).id;
    const principal = (t: string) => VectorPrincipal.iamRole(`${t}-role`, `${t}_app`, { securityGroupId: shared });
    // Without it, the second team stack would create a duplicate rule, which AWS refuses.
    const search = teamStack(app, AURORA(), 'team-search');
    store.addTeamCollection(team, { team: 'hiring', name: 'docs', dimensions: 8, writers: [principal('hiring')] });
    const e = errorOf(() => store.addTeamCollection(search, { team: 'search', name: 'idx', dimensions: 8, writers: [principal('search')] }));
    expect((e as ValidationError).problems).toEqual([expect.objectContaining({ path: 'writers[0](principal)', message: expect.stringMatching(/already admits to the database \(AWS refuses a duplicate rule\)/), fix: expect.stringContaining('allowConnectionsFrom') })]);
    expect(errorOf(() => store.allowConnectionsFrom('gateway-callers', shared)).message).toMatch(/is already admitted by team hiring's stack/);
    expect(synthTeam().resource.aws_vpc_security_group_ingress_rule).toBeDefined();

    // WITH the group admitted on the store first: one rule in the store's stack, none in the team stacks.
    const again = setup(AURORA);
    const callers = new SecurityGroup(again.platform, 'Callers', { name: 'callers', description: 'every team', vpcId: 'vpc-0123456789abcdef0' }).id;
    again.store.allowConnectionsFrom('gateway-callers', callers);
    const other = teamStack(again.app, AURORA(), 'team-search');
    again.store.addTeamCollection(again.team, { team: 'hiring', name: 'docs', dimensions: 8, writers: [VectorPrincipal.iamRole('hiring-role', 'hiring_app', { securityGroupId: callers })] });
    again.store.addTeamCollection(other, { team: 'search', name: 'idx', dimensions: 8, writers: [VectorPrincipal.iamRole('search-role', 'search_app', { securityGroupId: callers })] });
    expect(again.synthTeam().resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
    const rules = Object.entries<any>(JSON.parse(Testing.synth(again.platform)).resource.aws_vpc_security_group_ingress_rule);
    expect(rules.filter(([, r]) => r.referenced_security_group_id === '${aws_security_group.Callers.id}').map(([id]) => id)).toEqual([expect.stringContaining('Ingress-gateway-callers')]);
    // Not on the other backends, and not with a malformed id.
    expect(errorOf(() => setup(QDRANT).store.allowConnectionsFrom('x', 'sg-0123456789abcdef0')).message).toMatch(/has no security group/);
    expect(errorOf(() => again.store.allowConnectionsFrom('ok', 'sg-nope')).message).toMatch(/is not a security group id/);
  });

  test('a team scope with no collection left is the removal (the DESTROY policy of the store drops)', () => {
    const { store, team, synthTeam } = setup(AURORA, { removalPolicy: VectorRemovalPolicy.DESTROY });
    store.forTeam(team, 'hiring');
    const input = JSON.parse(resource(synthTeam(), 'aws_lambda_invocation').input);
    expect(input.statements).toEqual(input.deleteStatements);
    expect(input.deleteStatements.join('\n')).toContain("EXECUTE format('DROP SCHEMA %I CASCADE', 'vs_hiring')");
  });
});

describe('Cloud SQL: the team stack', () => {
  test("a job of the team's SQL on the store's image, network, runner and secret; its schedule and pipeline step; IAM users", () => {
    const { store, team, synthTeam } = setup(CLOUD_SQL);
    const scope = store.forTeam(team, 'hiring');
    scope.addCollection({ team: 'hiring', name: 'resumes', dimensions: 8, writers: [HIRING_SA()] });
    new TerraformOutput(team, 'bootstrap_command', { value: scope.bootstrapCommand });
    new TerraformOutput(TerraformStack.of(store), 'bootstrap_command', { value: store.bootstrapCommand });
    const json = synthTeam();
    const platformJson = JSON.parse(Testing.synth(TerraformStack.of(store)));
    const job = resource(json, 'google_cloud_run_v2_job');
    const template = job.template.template;
    const env = Object.fromEntries(template.containers[0].env.map((e: any) => [e.name, e.value ?? e.value_source]));
    const remote = (attr: string) => expect.stringMatching(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[^}]+${attr}\\}$`));
    expect(template.service_account).toEqual(remote('RunnerAccount_[0-9A-F]+email'));
    expect(template.vpc_access.network_interfaces).toEqual([{ network: 'projects/llm-platform-prod/global/networks/platform', subnetwork: 'projects/llm-platform-prod/regions/europe-west1/subnetworks/jobs' }]);
    expect(template.containers[0].image).toBe('postgres:16-alpine');
    expect(env).toMatchObject({ PGHOST: remote('private_ip_address'), SERVER_CA_PEM: remote('server_ca_cert0cert'), PGSSLMODE: 'verify-ca', PGUSER: 'vs_admin', PGDATABASE: 'vectors' });
    expect(env.PGPASSWORD).toEqual({ secret_key_ref: { secret: remote('secret_id'), version: 'latest' } });
    const sql = renderTeamBootstrapSql({ team: 'hiring', collections: [scope.collections[0].spec], logins: [{ name: 'hiring-app@llm-platform-prod.iam', authentication: 'platform' as any, collections: [{ team: 'hiring', collection: 'resumes', access: VectorAccess.READ_WRITE }], teams: [] }] });
    expect(env.BOOTSTRAP_SQL).toBe(sql.script);
    expect(env.BOOTSTRAP_SQL_SHA256).toBe(sql.sha256);
    expect(job.name).toMatch(new RegExp(`-hiring-.*${sql.sha256.slice(0, 8)}`));
    // The pipeline step names the team's job; the apply stops until it has run.
    const command = json.output.bootstrap_command.value;
    expect(command).toBe(`gcloud run jobs execute ${job.name} --region europe-west1 --project llm-platform-prod --wait`);
    const schedule = resource(json, 'google_cloud_scheduler_job');
    expect(schedule.lifecycle.precondition[0].error_message).toContain(command);
    expect(schedule.http_target.oauth_token.service_account_email).toEqual(remote('SchedulerAccount_[0-9A-F]+email'));
    expect(resource(json, 'google_cloud_run_v2_job_iam_member').member).toMatch(/^serviceAccount:\$\{data\.terraform_remote_state.+SchedulerAccount.+email\}$/);
    // The principal's IAM database user, created before the job runs.
    const user = resource(json, 'google_sql_user');
    // Abandoned on removal: Cloud SQL cannot delete a user that holds grants (it would block destroying the team stack).
    expect(user).toMatchObject({ name: 'hiring-app@llm-platform-prod.iam', type: 'CLOUD_IAM_SERVICE_ACCOUNT', instance: remote('Instance_[0-9A-F]+name'), deletion_policy: 'ABANDON' });
    expect(job.depends_on).toEqual([expect.stringMatching(/^google_sql_user\./)]);
    expect(Object.values<any>(json.resource.google_project_iam_member).map((m) => m.role).sort()).toEqual(['roles/cloudsql.client', 'roles/cloudsql.instanceUser']);
    // The store's own pipeline step is a different job.
    expect(platformJson.output.bootstrap_command.value).toMatch(/^gcloud run jobs execute platform-vectors-vectors-bootstrap-/);
    expect(platformJson.output.bootstrap_command.value).not.toBe(command);
  });
});

describe('Qdrant: the team stack', () => {
  test("a Job and CronJob in the store's namespace with the team's spec, a NetworkPolicy for its principals, RBAC for its token Secrets", () => {
    const { store, team, synthTeam } = setup(QDRANT);
    const scope = store.forTeam(team, 'hiring');
    scope.addCollection({ team: 'hiring', name: 'resumes', dimensions: 8, writers: [HIRING_K8S()], readers: [VectorPrincipal.kubernetesServiceAccount('analytics', 'reports')] });
    const json = synthTeam();
    const config = resource(json, 'kubernetes_config_map_v1');
    expect(config.metadata.namespace).toBe('vectors');
    expect(config.data['bootstrap.py']).toBe(QDRANT_BOOTSTRAP_SCRIPT);
    const spec = JSON.parse(config.data['spec.json']);
    expect(spec).toEqual(renderQdrantSpec(scope.collections.map((c) => c.spec), [
      { namespace: 'team-hiring', name: 'hiring', team: 'hiring', collection: 'resumes', access: VectorAccess.READ_WRITE },
      { namespace: 'analytics', name: 'reports', team: 'hiring', collection: 'resumes', access: VectorAccess.READ },
    ], 2, 7, { releaseName: 'platform-vectors-qdrant-402828a5', team: 'hiring' }));
    expect(spec.collections.map((c: any) => c.name)).toEqual(['hiring--resumes']);
    expect(spec.managed_prefix).toBe('hiring--');
    expect(spec.tokens.map((t: any) => [t.namespace, t.secretName, t.access])).toEqual([
      ['analytics', 'reports-platform-vectors-qdrant-402828a5-hiring', [{ collection: 'hiring--resumes', access: 'r' }]],
      ['team-hiring', 'hiring-platform-vectors-qdrant-402828a5-hiring', [{ collection: 'hiring--resumes', access: 'rw' }]],
    ]);
    // The store's NetworkPolicy admits the pods by their bootstrap label; they run as the store's account.
    const job = resource(json, 'kubernetes_job_v1');
    expect(job.metadata.namespace).toBe('vectors');
    expect(job.metadata.name.length).toBeLessThanOrEqual(63);
    expect(job.spec.template.metadata.labels['llm-platform.io/qdrant-bootstrap']).toBe('platform-vectors-qdrant-402828a5');
    expect(job.spec.template.spec.service_account_name).toBe('platform-vectors-qdrant-402828a5-bootstrap');
    expect(job.spec.template.spec.container[0].env.find((e: any) => e.name === 'QDRANT_API_KEY').value_from.secret_key_ref.name).toBe('platform-vectors-qdrant-402828a5-keys');
    expect(job.wait_for_completion).toBe(true);
    const cron = resource(json, 'kubernetes_cron_job_v1');
    expect(cron.metadata.name.length).toBeLessThanOrEqual(52);
    expect(cron.spec.job_template.spec.template.spec.volume[0].config_map.name).toMatch(/^\$\{kubernetes_config_map_v1\.vectors-hiring_Qdrant_Config_\w+\.metadata\[0\]\.name\}$/);
    expect(config.metadata.name).toBe(`platform-vectors-hiring-${config.metadata.name.split('-')[3]}-boot`);
    const policy = resource(json, 'kubernetes_network_policy_v1');
    expect(policy.metadata.namespace).toBe('vectors');
    expect(policy.spec.pod_selector.match_labels).toEqual({ 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': 'platform-vectors-qdrant-402828a5' });
    expect(policy.spec.ingress[0].from[0].namespace_selector.match_expressions[0].values).toEqual(['analytics', 'team-hiring']);
    expect(policy.spec.ingress[0].ports.map((p: any) => p.port)).toEqual(['6333', '6334']);
    const roles = Object.values<any>(json.resource.kubernetes_role_v1);
    expect(roles.map((r) => [r.metadata.namespace, r.rule[1].resource_names]).sort()).toEqual([
      ['analytics', ['reports-platform-vectors-qdrant-402828a5-hiring']],
      ['team-hiring', ['hiring-platform-vectors-qdrant-402828a5-hiring']],
    ]);
    expect(Object.values<any>(json.resource.kubernetes_role_binding_v1).map((b) => b.subject)).toEqual([
      [{ kind: 'ServiceAccount', name: 'platform-vectors-qdrant-402828a5-bootstrap', namespace: 'vectors' }],
      [{ kind: 'ServiceAccount', name: 'platform-vectors-qdrant-402828a5-bootstrap', namespace: 'vectors' }],
    ]);
    // The store's stack is not referenced at all: names only.
    expect(JSON.stringify(json)).not.toContain('terraform_remote_state');
  });

  test("the script's destroy pass is scoped: a team's run deletes only its removed <team>--* collections, the store's run never a team's", async () => {
    // The real script (Python 3) against a local stand-in for Qdrant's REST API.
    const existing = ['support__kb', 'old__gone', 'hiring--resumes', 'hiring--old', 'hiring-x--docs', 'search--idx', 'unmanaged'];
    const deleted = async (spec: object): Promise<string[]> => {
      const requests: string[] = [];
      const server = http.createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET' && req.url === '/collections') return res.end(JSON.stringify({ result: { collections: existing.map((name) => ({ name })) } }));
        const m = /^\/collections\/(.+)$/.exec(req.url ?? '');
        if (req.method === 'GET' && m) {
          return res.end(JSON.stringify({ result: { config: { params: { vectors: { size: 8, distance: 'Cosine' } }, hnsw_config: { m: 16, ef_construct: 64 } } } }));
        }
        return res.end('{"result":true}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdrant-team-'));
      fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
      fs.writeFileSync(path.join(dir, 'bootstrap.py'), QDRANT_BOOTSTRAP_SCRIPT.replace("'/bootstrap/spec.json'", JSON.stringify(path.join(dir, 'spec.json'))));
      const child = spawn('python3', [path.join(dir, 'bootstrap.py')], {
        env: { PATH: process.env.PATH, QDRANT_URL: `http://127.0.0.1:${(server.address() as any).port}`, QDRANT_API_KEY: 'k', QDRANT_WAIT_SECONDS: '0.05' },
      });
      let out = '';
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      server.close();
      expect([code, out]).toEqual([0, '']);
      return requests.filter((r) => r.startsWith('DELETE')).map((r) => r.slice('DELETE /collections/'.length));
    };
    const resumes = { team: 'hiring', name: 'resumes', dimensions: 8, distance: VectorDistance.COSINE, index: VectorIndex.hnsw() };
    const kb = { ...resumes, team: 'support', name: 'kb' };
    expect(await deleted(renderQdrantSpec([resumes], [], 2, 7, { releaseName: 'r', removal: 'destroy', team: 'hiring' }))).toEqual(['hiring--old']);
    expect(await deleted(renderQdrantSpec([kb], [], 2, 7, { releaseName: 'r', removal: 'destroy' }))).toEqual(['old__gone']);
    expect(await deleted(renderQdrantSpec([resumes], [], 2, 7, { releaseName: 'r', removal: 'retain', team: 'hiring' }))).toEqual([]);
  }, 60_000);
});
