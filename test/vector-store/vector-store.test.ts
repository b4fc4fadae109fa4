import { AURORA, CLOUD_SQL, QDRANT, errorOf, newStack, newStore, synth } from './helpers';
import { ValidationError } from '../../src';
import { Testing } from '../../src/core/cdktf';
import { VectorBackend, VectorDistance, VectorIndex, VectorPrincipal, VectorStore } from '../../src/vector-store';

describe('VectorStore: collections', () => {
  test('defaults: cosine distance, HNSW m 16 / ef_construction 64', () => {
    const { store } = newStore(AURORA());
    const c = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 1536 });
    expect(c.distance).toBe(VectorDistance.COSINE);
    expect(c.index).toMatchObject({ kind: 'hnsw', m: 16, efConstruction: 64 });
    expect(store.collections).toHaveLength(1);
  });

  test('names: every problem at once, with path, value and fix', () => {
    const { store } = newStore(AURORA());
    const e = errorOf(() => store.addCollection({ team: 'Support', name: 'kb__articles', dimensions: 0 }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toContain('[platform/vectors] 3 invalid props');
    expect(e.message).toContain('team: is not a valid team name (received "Support")');
    expect(e.message).toContain('name: is not a valid collection name (received "kb__articles")');
    expect(e.message).toContain('dimensions: must be at least 1');
  });

  test('names longer than 40 characters are refused (derived identifiers must fit 63 bytes)', () => {
    const { store } = newStore(AURORA());
    expect(errorOf(() => store.addCollection({ team: 't', name: `a${'b'.repeat(40)}`, dimensions: 3 })).message).toContain('is not a valid collection name');
  });

  test('dimensions: above the pgvector maximum, and above the HNSW limit', () => {
    const { store } = newStore(AURORA());
    expect(errorOf(() => store.addCollection({ team: 't', name: 'huge', dimensions: 16001 })).message).toContain('dimensions: is above the aurora-pgvector maximum of 16000');
    expect(errorOf(() => store.addCollection({ team: 't', name: 'big', dimensions: 3072 })).message).toContain(
      "dimensions: is above 2000, the most an HNSW index on pgvector's vector type supports (received 3072). Fix: use VectorIndex.none()",
    );
    // Exact search is allowed above 2000.
    expect(store.addCollection({ team: 't', name: 'big', dimensions: 3072, index: VectorIndex.none() }).dimensions).toBe(3072);
    expect(errorOf(() => store.addCollection({ team: 't', name: 'frac', dimensions: 1.5 })).message).toContain('dimensions: must be a whole number');
  });

  test('Qdrant allows HNSW above 2000 dimensions', () => {
    const { store } = newStore(QDRANT());
    expect(store.addCollection({ team: 't', name: 'big', dimensions: 3072 }).qdrantCollectionName).toBe('t__big');
    expect(errorOf(() => store.addCollection({ team: 't', name: 'huger', dimensions: 70000 })).message).toContain('above the qdrant-helm maximum of 65536');
  });

  test('HNSW parameters follow pgvector limits', () => {
    const { store } = newStore(AURORA());
    const e = errorOf(() => store.addCollection({ team: 't', name: 'c', dimensions: 8, index: VectorIndex.hnsw({ m: 200, efConstruction: 10 }) }));
    expect(e.message).toContain('index.m: must be an integer from 2 to 100');
    expect(e.message).toContain('index.efConstruction: must be an integer from 4 to 1000 and at least 2 × m');
  });

  test('duplicates, including - and _ spellings of the same name or team', () => {
    const { store } = newStore(AURORA());
    store.addCollection({ team: 'job-desc', name: 'kb-articles', dimensions: 8 });
    expect(errorOf(() => store.addCollection({ team: 'job-desc', name: 'kb_articles', dimensions: 8 })).message).toContain("name: duplicates collection 'kb-articles' of team 'job-desc'");
    expect(errorOf(() => store.addCollection({ team: 'job_desc', name: 'other', dimensions: 8 })).message).toContain("team: maps to the same schema as team 'job-desc'");
  });

  test('unknown options and a wrong distance or index are refused', () => {
    const { store } = newStore(AURORA());
    const e = errorOf(() => store.addCollection({ team: 't', name: 'c', dimensions: 8, distance: 'hamming' as VectorDistance, index: { kind: 'hnsw' } as unknown as VectorIndex, extra: 1 } as any));
    expect(e.message).toContain('distance');
    expect(e.message).toContain('index: must be a VectorIndex');
    expect(e.message).toContain("remove 'extra'");
  });

  test('team grants need a valid team; the principal must be a VectorPrincipal', () => {
    const { store } = newStore(AURORA());
    expect(errorOf(() => store.grantTeamRead('Bad Team', VectorPrincipal.iamRole('r', 'reader'))).message).toContain('grantTeamRead(team): is not a valid team name');
    expect(errorOf(() => store.grantTeamReadWrite('t', { kind: 'aws-iam-role' } as unknown as VectorPrincipal)).message).toContain('grantTeamReadWrite(principal): must be a VectorPrincipal');
  });

  test('a team grant gives the login membership of the team role', () => {
    const { stack, store } = newStore(AURORA());
    store.addCollection({ team: 'hiring', name: 'resumes', dimensions: 8 });
    store.grantTeamReadWrite('hiring', VectorPrincipal.iamRole('hiring-app', 'hiring_app'));
    store.grantTeamRead('support', VectorPrincipal.iamRole('auditor', 'auditor'));
    const input = JSON.parse(Object.values<any>(synth(stack).resource.aws_lambda_invocation)[0].input);
    const sql = input.statements.join('\n');
    expect(sql).toContain('GRANT "vs_hiring_rw" TO "hiring_app"');
    // A team with no collection yet still gets its schema and roles.
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "vs_support"');
    expect(sql).toContain('GRANT "vs_support_ro" TO "auditor"');
  });
});

describe('VectorStore: props', () => {
  test('backend must be a VectorBackend; unknown props are refused', () => {
    const { stack } = newStack();
    const e = errorOf(() => new VectorStore(stack, 'v', { backend: { kind: 'aurora-pgvector' } as unknown as VectorBackend, extra: true } as any));
    expect(e.message).toContain('backend: must be a VectorBackend');
    expect(e.message).toContain("remove 'extra'");
  });

  test('nameParts drive cloud names', () => {
    const { stack } = newStore(AURORA(), { nameParts: ['acme', 'prod'] });
    const json = synth(stack);
    expect(Object.values<any>(json.resource.aws_rds_cluster)[0].cluster_identifier).toMatch(/^acme-prod-vectors-[0-9a-f]{8}$/);
  });

  test('no secret value in any backend output', () => {
    for (const backend of [AURORA(), CLOUD_SQL(), QDRANT()]) {
      const { stack, store } = newStore(backend);
      store.addCollection({ team: 't', name: 'c', dimensions: 8 });
      const out = Testing.synth(stack);
      expect(out).not.toMatch(/"(password|secret_data|master_password|api_key|apiKey)"\s*:/);
      const json = JSON.parse(out);
      for (const secret of Object.values<any>(json.resource.kubernetes_secret_v1 ?? {})) expect(secret.data).toBeUndefined();
      // Generated values are only ever references to ephemeral resources (never stored in state).
      for (const m of out.matchAll(/"(password_wo|secret_data_wo|api-key|read-only-api-key)": "([^"]*)"/g)) expect(m[2]).toMatch(/^\$\{ephemeral\.random_password\.[a-z_0-9]+\.result\}$/);
    }
  });
});

describe('logical IDs of stateful resources are pinned', () => {
  // Renaming one of these destroys data: a failing test here means a breaking change.
  test('Aurora', () => {
    const { stack } = newStore(AURORA());
    const r = synth(stack).resource;
    expect(Object.keys(r.aws_rds_cluster)).toEqual(['vectors_Database_Cluster_7960562D']);
    expect(Object.keys(r.aws_rds_cluster_instance)).toEqual(['vectors_Database_Instance1_BE8414B1', 'vectors_Database_Instance2_DAA307F3']);
    expect(Object.keys(r.aws_kms_key)).toEqual(['vectors_Key_28DDDF32']);
    expect(Object.keys(r.aws_lambda_function)).toEqual(['vectors_Bootstrap_Function_AB1200E8']);
    expect(Object.keys(r.aws_lambda_invocation)).toEqual(['vectors_Bootstrap_Run_D1FED055']);
  });

  test('Cloud SQL', () => {
    const { stack } = newStore(CLOUD_SQL());
    const r = synth(stack).resource;
    expect(Object.keys(r.google_sql_database_instance)).toEqual(['vectors_Instance_F788CAAB']);
    expect(Object.keys(r.google_sql_database)).toEqual(['vectors_Database_7359B146']);
    // The bootstrap admin's password lives in this secret: a new id would orphan the password.
    expect(Object.keys(r.google_secret_manager_secret)).toEqual(['vectors_Bootstrap_AdminPassword_8E47684E']);
  });

  test('Qdrant', () => {
    const { stack } = newStore(QDRANT());
    const r = synth(stack).resource;
    expect(Object.keys(r.helm_release)).toEqual(['vectors_Release_C33B78EA']);
    expect(Object.keys(r.kubernetes_secret_v1)).toEqual(['vectors_ApiKeys_B5C2C9F3']);
  });
});
