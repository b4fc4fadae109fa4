import { parse } from 'yaml';
import { AURORA, CLOUD_SQL, QDRANT, errorOf, newStore, resource, synth } from './helpers';
import { TerraformOutput, Testing } from '../../src/core/cdktf';
import { makeName, NameTarget } from '../../src/core/naming';
import { normalizeForSnapshot } from '../../src/testing';
import { CloudSqlSslMode, VectorBackend, VectorDistance, VectorIndex, VectorPrincipal } from '../../src/vector-store';
import { QDRANT_BOOTSTRAP_SCRIPT, renderQdrantSpec } from '../../src/vector-store/backends/qdrant-bootstrap';
import { VectorAccess } from '../../src/vector-store/model';

Testing.setupJest();

const SA = 'support-app@llm-platform-prod.iam.gserviceaccount.com';

describe('VectorStore on Cloud SQL pgvector', () => {
  function populated() {
    const { stack, store } = newStore(CLOUD_SQL());
    const kb = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 768 });
    kb.grantReadWrite(VectorPrincipal.gcpServiceAccount(SA));
    return { stack, store, kb };
  }

  test('defaults (snapshot)', () => {
    expect(normalizeForSnapshot(synth(populated().stack))).toMatchSnapshot();
  });

  test('instance: private IP only, TLS enforced, IAM auth, regional HA, backups with PITR, deletion protection, Query Insights', () => {
    const inst = resource(synth(populated().stack), 'google_sql_database_instance');
    expect(inst).toMatchObject({
      database_version: 'POSTGRES_16',
      deletion_protection: true,
      settings: {
        availability_type: 'REGIONAL',
        deletion_protection_enabled: true,
        disk_autoresize: true,
        ip_configuration: { ipv4_enabled: false, private_network: 'projects/llm-platform-prod/global/networks/platform', ssl_mode: 'ENCRYPTED_ONLY' },
        backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
        insights_config: { query_insights_enabled: true, record_client_address: false },
      },
    });
    expect(inst.settings.database_flags).toContainEqual({ name: 'cloudsql.iam_authentication', value: 'on' });
  });

  test('ssl mode and HA are options', () => {
    const { stack } = newStore(
      VectorBackend.cloudSqlPgvector({
        project: 'llm-platform-prod',
        region: 'europe-west1',
        network: 'projects/llm-platform-prod/global/networks/platform',
        bootstrapSubnetwork: 'projects/llm-platform-prod/regions/europe-west1/subnetworks/jobs',
        sslMode: CloudSqlSslMode.TRUSTED_CLIENT_CERTIFICATE_REQUIRED,
        highAvailability: false,
      }),
    );
    const inst = resource(synth(stack), 'google_sql_database_instance');
    expect(inst.settings.ip_configuration.ssl_mode).toBe('TRUSTED_CLIENT_CERTIFICATE_REQUIRED');
    expect(inst.settings.availability_type).toBe('ZONAL');
  });

  test('a grant makes a Cloud IAM database user and instance-scoped IAM bindings', () => {
    const json = synth(populated().stack);
    expect(resource(json, 'google_sql_user', 'User-')).toMatchObject({ name: 'support-app@llm-platform-prod.iam', type: 'CLOUD_IAM_SERVICE_ACCOUNT' });
    const bindings = Object.values<any>(json.resource.google_project_iam_member);
    expect(bindings.map((b) => b.role).sort()).toEqual(['roles/cloudsql.client', 'roles/cloudsql.instanceUser']);
    for (const b of bindings) {
      expect(b.member).toBe(`serviceAccount:${SA}`);
      expect(b.condition.expression).toContain('resource.name == "projects/llm-platform-prod/instances/');
    }
  });

  test('bootstrap: the admin password is write-only, the job runs the rendered SQL over TLS, Cloud Scheduler runs the job', () => {
    const json = synth(populated().stack);
    const admin = resource(json, 'google_sql_user', 'AdminUser');
    expect(admin.password).toBeUndefined();
    expect(admin.password_wo).toMatch(/^\$\{ephemeral\.random_password\.vs_admin_[0-9a-f]{12}\.result\}$/);
    expect(Object.keys(json.ephemeral.random_password)).toHaveLength(1);
    const job = resource(json, 'google_cloud_run_v2_job');
    const env = Object.fromEntries(job.template.template.containers[0].env.map((e: any) => [e.name, e.value ?? e.value_source]));
    expect(env.BOOTSTRAP_SQL).toContain('CREATE TABLE IF NOT EXISTS "vs_support"."kb_articles"');
    expect(env.BOOTSTRAP_SQL).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "vs_support"."kb_articles" TO "support-app@llm-platform-prod.iam"');
    expect(env.BOOTSTRAP_SQL).not.toMatch(/GRANT rds_iam/);
    expect(env.PGSSLMODE).toBe('verify-ca');
    expect(env.PGPASSWORD.secret_key_ref.secret).toContain('google_secret_manager_secret.');
    expect(job.template.template.vpc_access.egress).toBe('PRIVATE_RANGES_ONLY');
    expect(job.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_sql_user\.vectors_Grants_User-/)]));
    const schedule = resource(json, 'google_cloud_scheduler_job');
    expect(schedule.schedule).toBe('*/15 * * * *');
    expect(schedule.http_target.uri).toMatch(/^https:\/\/run\.googleapis\.com\/v2\/projects\/llm-platform-prod\/locations\/europe-west1\/jobs\/\$\{google_cloud_run_v2_job\..+\.name\}:run$/);
    expect(resource(json, 'google_cloud_run_v2_job_iam_member').role).toBe('roles/run.invoker');
  });

  test('TLS: the job verifies the server against the instance CA (verify-ca), written from the instance attribute', () => {
    const job = resource(synth(populated().stack), 'google_cloud_run_v2_job');
    const container = job.template.template.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ PGSSLMODE: 'verify-ca', PGSSLROOTCERT: '/tmp/server-ca.pem', SERVER_CA_PEM: '${google_sql_database_instance.vectors_Instance_F788CAAB.server_ca_cert[0].cert}' });
    expect(container.args[0]).toMatch(/^printf "%s" "\$SERVER_CA_PEM" > \/tmp\/server-ca\.pem && printf "%s" "\$BOOTSTRAP_SQL" \| psql -X -q -v ON_ERROR_STOP=1$/);
  });

  test('the pipeline step is explicit: one job per SQL, and the apply stops until it has run', () => {
    const a = populated();
    new TerraformOutput(a.stack, 'bootstrap_command', { value: a.store.bootstrapCommand });
    const json = synth(a.stack);
    const job = resource(json, 'google_cloud_run_v2_job');
    const sha = job.template.template.containers[0].env.find((e: any) => e.name === 'BOOTSTRAP_SQL_SHA256').value;
    expect(job.name).toBe(makeName(NameTarget.CLOUD_RUN_SERVICE, 'platform', 'vectors', 'vectors-bootstrap', sha.slice(0, 8)));
    // The command names that job (the getter holds a token that resolves to the name at synth).
    const command = `gcloud run jobs execute ${job.name} --region europe-west1 --project llm-platform-prod --wait`;
    expect(json.output.bootstrap_command.value).toBe(command);
    const schedule = resource(json, 'google_cloud_scheduler_job');
    expect(schedule.lifecycle.precondition).toEqual([
      {
        condition: '${try((length(google_cloud_run_v2_job.vectors_Bootstrap_Job_C5D434FE.latest_created_execution[0].completion_time) >= 1), false)}',
        error_message: `The vector store bootstrap for this configuration has not run yet. Run \`${command}\` (it must succeed), then apply again.`,
      },
    ]);
    // A changed SQL is a different job (never executed: the precondition fails until the command runs).
    const b = populated();
    b.store.addCollection({ team: 'support', name: 'tickets', dimensions: 8 });
    expect(resource(synth(b.stack), 'google_cloud_run_v2_job').name).not.toBe(job.name);
    // Aurora and Qdrant bootstrap inside the apply.
    expect(newStore(AURORA()).store.bootstrapCommand).toBeUndefined();
  });

  test('service accounts hash every name part: two stores whose last part is the same differ', () => {
    const ids = (parts: string[]) => {
      const { stack } = newStore(CLOUD_SQL(), { nameParts: parts });
      return Object.values<any>(synth(stack).resource.google_service_account).map((sa) => sa.account_id).sort();
    };
    const a = ids(['team-a', 'vectors']);
    const b = ids(['team-b', 'vectors']);
    expect(a).toHaveLength(2);
    for (const id of [...a, ...b]) expect(id).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    expect(a.filter((x) => b.includes(x))).toEqual([]);
  });

  test('errors: backend options and principal kind', () => {
    const e = errorOf(() => newStore(VectorBackend.cloudSqlPgvector({ project: 'P', region: 'europe', network: 'default', bootstrapSubnetwork: 'jobs', databaseVersion: 'POSTGRES_12', bootstrapSchedule: 'hourly' })));
    for (const m of ['backend.project: is not a project id', 'backend.region: is not a GCP region', 'backend.network: is not a VPC network id', 'backend.bootstrapSubnetwork: is not a subnetwork id', 'backend.databaseVersion: is not a Cloud SQL PostgreSQL version with pgvector 0.8', 'backend.bootstrapSchedule: is not a cron schedule']) {
      expect(e.message).toContain(m);
    }
    const { store } = newStore(CLOUD_SQL());
    const c = store.addCollection({ team: 't', name: 'c', dimensions: 8 });
    expect(errorOf(() => c.grantRead(VectorPrincipal.iamRole('r', 'reader'))).message).toContain('cannot be used with the cloud-sql-pgvector backend');
    expect(errorOf(() => VectorPrincipal.gcpServiceAccount('someone@gmail.com')).message).toContain('is not a user-managed service account e-mail');
    expect(errorOf(() => VectorPrincipal.gcpServiceAccount('${TfToken[TOKEN.1]}')).message).toContain('must be known at synth time');
  });
});

describe('VectorStore on Qdrant (Helm)', () => {
  function populated() {
    const { stack, store } = newStore(QDRANT());
    const kb = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 1536 });
    const resumes = store.addCollection({ team: 'hiring', name: 'resumes', dimensions: 1024, distance: VectorDistance.DOT_PRODUCT, index: VectorIndex.none() });
    kb.grantReadWrite(VectorPrincipal.kubernetesServiceAccount('support', 'kb-api'));
    kb.grantRead(VectorPrincipal.kubernetesServiceAccount('hiring', 'matcher'));
    resumes.grantReadWrite(VectorPrincipal.kubernetesServiceAccount('hiring', 'matcher'));
    return { stack, store, kb };
  }

  test('defaults (snapshot)', () => {
    expect(normalizeForSnapshot(synth(populated().stack))).toMatchSnapshot();
  });

  test('pinned chart; 3 replicas in cluster mode, volumes, resources, PDB, hardened context, keys from a Secret, JWT RBAC, metrics', () => {
    const json = synth(populated().stack);
    const release = resource(json, 'helm_release');
    expect(release).toMatchObject({ chart: 'qdrant', version: '1.15.1', repository: 'https://qdrant.github.io/qdrant-helm', namespace: 'vectors', atomic: true, wait: true });
    const values = parse(release.values[0]);
    expect(values.replicaCount).toBe(3);
    expect(values.config.cluster.enabled).toBe(true);
    expect(values.config.service.jwt_rbac).toBe(true);
    expect(values.persistence.size).toBe('50Gi');
    expect(values.snapshotPersistence).toMatchObject({ enabled: true, size: '50Gi' });
    expect(values.resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } });
    expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(values.containerSecurityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const secretName = resource(json, 'kubernetes_secret_v1').metadata.name;
    expect(values.apiKey).toEqual({ valueFrom: { secretKeyRef: { name: secretName, key: 'api-key' } } });
    expect(values.readOnlyApiKey).toEqual({ valueFrom: { secretKeyRef: { name: secretName, key: 'read-only-api-key' } } });
    expect(values.metrics.serviceMonitor.enabled).toBe(false);
    expect(release.set_sensitive).toBeUndefined();
  });

  test('the key Secret is written with data_wo from ephemeral values (never in state)', () => {
    const json = synth(populated().stack);
    const secret = resource(json, 'kubernetes_secret_v1');
    expect(secret.data).toBeUndefined();
    expect(Object.keys(secret.data_wo).sort()).toEqual(['api-key', 'read-only-api-key']);
    expect(secret.data_wo_revision).toBe(1);
    expect(Object.keys(json.ephemeral.random_password)).toHaveLength(2);
  });

  test('the bootstrap Job carries the spec; its name changes with the spec; RBAC only in grantee namespaces', () => {
    const a = synth(populated().stack);
    const job = resource(a, 'kubernetes_job_v1');
    expect(job.wait_for_completion).toBe(true);
    const cm = resource(a, 'kubernetes_config_map_v1');
    const spec = JSON.parse(cm.data['spec.json']);
    expect(spec.collections.map((c: any) => c.name)).toEqual(['hiring__resumes', 'support__kb-articles']);
    const release = resource(a, 'helm_release').name;
    expect(spec.tokens).toEqual([
      { namespace: 'hiring', secretName: `matcher-${release}`, access: [{ collection: 'hiring__resumes', access: 'rw' }, { collection: 'support__kb-articles', access: 'r' }] },
      { namespace: 'support', secretName: `kb-api-${release}`, access: [{ collection: 'support__kb-articles', access: 'rw' }] },
    ]);
    expect(spec.removal).toBe('retain');
    expect(cm.data['bootstrap.py']).toBe(QDRANT_BOOTSTRAP_SCRIPT);
    const roles = Object.values<any>(a.resource.kubernetes_role_v1);
    expect(roles.map((r) => r.metadata.namespace).sort()).toEqual(['hiring', 'support']);
    const hiring = roles.find((r) => r.metadata.namespace === 'hiring');
    expect(hiring.rule[1]).toMatchObject({ verbs: ['get', 'patch', 'update'], resource_names: [`matcher-${release}`] });
    const other = populated();
    other.store.addCollection({ team: 'support', name: 'tickets', dimensions: 8 });
    expect(resource(synth(other.stack), 'kubernetes_job_v1').metadata.name).not.toBe(job.metadata.name);
  });

  test('the spec maps distances and VectorIndex.none() to Qdrant terms', () => {
    const spec = renderQdrantSpec(
      [{ team: 't', name: 'c', dimensions: 8, distance: VectorDistance.MANHATTAN, index: VectorIndex.none() }],
      [{ namespace: 'n', name: 'sa', team: 't', access: VectorAccess.READ }],
      2,
      7,
      { releaseName: 'vectors-qdrant-12345678' },
    );
    expect(spec.collections[0]).toEqual({ name: 't__c', size: 8, distance: 'Manhattan', hnsw: { m: 0, ef_construct: 100 }, replication_factor: 2 });
    // A team grant covers the team's collections.
    expect(spec.tokens[0].access).toEqual([{ collection: 't__c', access: 'r' }]);
    expect(spec.token_ttl_seconds).toBe(7 * 86400);
  });

  test('errors: replicas below a quorum, unpinned chart, wrong principal', () => {
    const e = errorOf(() => newStore(VectorBackend.qdrantHelm({ namespace: 'vectors', replicas: 1, chartVersion: 'latest', storageSize: 'lots' })));
    expect(e.message).toContain('backend.replicas: is below 3');
    expect(e.message).toContain('backend.chartVersion: is not a pinned chart version');
    expect(e.message).toContain('backend.storageSize: is not a Kubernetes quantity');
    const { store } = newStore(QDRANT());
    const c = store.addCollection({ team: 't', name: 'c', dimensions: 8 });
    expect(errorOf(() => c.grantRead(VectorPrincipal.iamRole('r', 'reader'))).message).toContain('cannot be used with the qdrant-helm backend');
    expect(errorOf(() => VectorPrincipal.kubernetesServiceAccount('Bad_NS', 'sa')).message).toContain('is not a namespace name');
  });
});
