import * as fc from 'fast-check';
import { DEFAULT_MASTER_KEY, hashToken, LiteLLMManagementStandIn } from './standin/litellm-management';
import { allStrings, client, doc, lib, MemoryStore } from './support';

const MASTER = DEFAULT_MASTER_KEY;
const OLD_MASTER = 'sk-master-previous-000000000000000';

let gw: LiteLLMManagementStandIn;
let url: string;
let store: MemoryStore;
let logs: string[];
const log = (msg: string, fields: unknown): void => {
  logs.push(JSON.stringify({ msg, fields }));
};

const run = (d = doc(), options: Record<string, unknown> = {}, masterKeys = [MASTER]): Promise<any> =>
  lib.reconcile.reconcileTeam(d, { client: client(url, masterKeys), stores: { kubernetes: store }, graceSeconds: 3600, log, ...options });

async function useStandIn(options: ConstructorParameters<typeof LiteLLMManagementStandIn>[0]): Promise<void> {
  await gw.stop();
  gw = new LiteLLMManagementStandIn(options);
  url = await gw.start();
}

beforeEach(async () => {
  gw = new LiteLLMManagementStandIn();
  url = await gw.start();
  store = new MemoryStore();
  logs = [];
});
afterEach(async () => {
  await gw.stop();
});

describe('reconciler against the LiteLLM management API stand-in', () => {
  test('creates the team and every key; key values go only to the secret store', async () => {
    const result = await run();
    expect(result).toMatchObject({ status: 'applied', team_id: 'hiring', counts: { created: 3, updated: 0, unchanged: 0 }, errors: [] });
    expect(result.keys).toEqual([
      { key_alias: 'hiring/cv-screen', action: 'created' },
      { key_alias: 'hiring/interview-notes', action: 'created' },
      { key_alias: 'hiring/job-description-gen', action: 'created' },
    ]);
    const team = gw.teams.get('hiring')!;
    expect(team).toMatchObject({ team_alias: 'hiring', models: ['chat', 'embed'], max_budget: 2000, budget_duration: '1mo', soft_budget: 1600, tpm_limit: 200000, rpm_limit: 600 });
    expect(team.metadata).toEqual({ team: 'hiring', environment: 'prod', owner: 'hiring-squad', gateway: 'llm-prod', managed_by: 'cdktf-llm-platform', model_tpm_limit: { chat: 150000 } });
    const jd = gw.keyByAlias('hiring/job-description-gen')!;
    expect(jd).toMatchObject({ team_id: 'hiring', models: ['chat'], tpm_limit: 50000, rpm_limit: null, max_budget: null });
    expect((jd.metadata as any).model_rpm_limit).toEqual({ chat: 100 });
    expect(gw.keyByAlias('hiring/cv-screen')).toMatchObject({ max_budget: 300, budget_duration: '1mo' });
    // the stored value is the key LiteLLM knows (by hash), and the store knows the alias
    const stored = store.values.get('hiring/job-description-gen')!;
    expect(stored.keyAlias).toBe('hiring/job-description-gen');
    expect(hashToken(stored.apiKey!)).toBe(jd.token);
    expect(stored.apiKey).toMatch(/^sk-[A-Za-z0-9]{48}$/);
    // nothing secret in the result (lands in Terraform state) or the logs
    const values = [...store.values.values()].map((v) => v.apiKey!);
    for (const s of [...allStrings(result), ...logs]) for (const v of values) expect(s).not.toContain(v);
    expect(logs.join('\n')).not.toMatch(/sk-[A-Za-z0-9]{10}/);
  });

  test('a rerun with nothing changed writes nothing', async () => {
    await run();
    const writesBefore = gw.writes().length;
    const storeWrites = store.writes.length;
    const result = await run();
    expect(result.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(gw.writes().length).toBe(writesBefore);
    expect(store.writes.length).toBe(storeWrites);
  });

  test('drift is corrected, LiteLLM\'s own metadata is kept, the alias is never re-sent', async () => {
    await useStandIn({ selfAliasTrap: true });
    await run();
    const team = gw.teams.get('hiring')!;
    team.max_budget = 99999;
    team.models = ['chat', 'embed', 'gpt-4o'];
    (team.metadata as any).team_member_budget_id = 'budget-123';
    (team.metadata as any).owner = 'someone-else';
    delete (team.metadata as any).model_tpm_limit;
    const key = gw.keyByAlias('hiring/cv-screen')!;
    key.tpm_limit = 1;
    (key.metadata as any).hand_edited = 'yes';
    const result = await run();
    expect(result.counts).toMatchObject({ updated: 1, unchanged: 2 });
    expect(gw.teams.get('hiring')).toMatchObject({ max_budget: 2000, models: ['chat', 'embed'] });
    expect(gw.teams.get('hiring')!.metadata).toEqual({ team: 'hiring', environment: 'prod', owner: 'hiring-squad', gateway: 'llm-prod', managed_by: 'cdktf-llm-platform', team_member_budget_id: 'budget-123', model_tpm_limit: { chat: 150000 } });
    expect(gw.keyByAlias('hiring/cv-screen')).toMatchObject({ tpm_limit: 20000 });
    expect((gw.keyByAlias('hiring/cv-screen')!.metadata as any).hand_edited).toBeUndefined();
    for (const c of gw.calls('POST /key/update')) expect(c.body).not.toHaveProperty('key_alias');
    // the update names the key by hash, never by value
    for (const c of gw.calls('POST /key/update')) expect((c.body as any).key).toMatch(/^[0-9a-f]{64}$/);
  });

  test('changing the desired state updates only what changed; clearing a limit sends null', async () => {
    await run();
    const result = await run(doc({ tokensPerMinute: undefined, keys: [{ feature: 'cv-screen', budgetUsd: 300, secret: { store: 'kubernetes', id: 'hiring/cv-screen' } }] }));
    expect(result.counts).toMatchObject({ updated: 1, orphaned: 2 });
    expect(gw.teams.get('hiring')!.tpm_limit).toBeNull();
    expect(gw.keyByAlias('hiring/cv-screen')!.tpm_limit).toBeNull();
    // retain: keys that left the document stay in LiteLLM and are reported
    expect(gw.keyByAlias('hiring/interview-notes')).toBeDefined();
    expect(result.keys).toContainEqual({ key_alias: 'hiring/interview-notes', action: 'orphaned' });
  });

  test('removal only under removalPolicy destroy, and never of keys the platform did not create', async () => {
    await run(doc({ removalPolicy: 'destroy' }));
    const handMade = (await client(url, [MASTER]).generateKey({ key: `sk-${'h'.repeat(40)}`, key_alias: 'hiring/made-by-hand', team_id: 'hiring', models: ['chat'] }));
    expect(handMade.token).toBe(hashToken(`sk-${'h'.repeat(40)}`));
    const result = await run(doc({ removalPolicy: 'destroy', keys: [] }));
    expect(result.counts).toMatchObject({ deleted: 3 });
    expect([...gw.keys.values()].map((k) => k.key_alias)).toEqual(['hiring/made-by-hand']);
  });

  test('gateway unavailable (connection refused): the run fails without writing, a rerun converges', async () => {
    await gw.stop();
    const failed = await run();
    expect(failed.status).toBe('failed');
    expect(failed.errors[0].message).toMatch(/GET \/team\/info -> unreachable: ECONNREFUSED.*after 3 attempts/);
    expect(store.writes).toEqual([]);
    await gw.start();
    expect((await run()).status).toBe('applied');
  });

  test('503 from the gateway is retried', async () => {
    gw.inject('GET /team/info', { status: 503, body: { error: { message: 'Service Unavailable', type: 'None', param: 'None', code: '503' } }, times: 2 });
    const result = await run();
    expect(result.status).toBe('applied');
    expect(gw.calls('GET /team/info').slice(0, 3).map((c) => c.status)).toEqual([503, 503, 404]); // 404: the team does not exist yet
  });

  test('a 4xx on a bad model fails that key with LiteLLM\'s message; the other keys are applied', async () => {
    await useStandIn({ wildcardAccessGroups: ['embed'] });
    const result = await run();
    expect(result.status).toBe('failed');
    expect(result.keys).toContainEqual({ key_alias: 'hiring/cv-screen', action: 'failed' });
    expect(result.errors).toEqual([{ key_alias: 'hiring/cv-screen', status: 403, message: expect.stringMatching(/POST \/key\/generate -> HTTP 403: .*model access group on a wildcard model is only available for LiteLLM Enterprise/) }]);
    expect(gw.keyByAlias('hiring/job-description-gen')).toBeDefined();
    expect(gw.keyByAlias('hiring/interview-notes')).toBeDefined();
  });

  test('partial failure mid-run: the rerun creates the missing key with the value already stored', async () => {
    gw.inject('POST /key/generate', { status: 503, times: 3, when: (r) => (r.body as any).key_alias === 'hiring/interview-notes' });
    const first = await run();
    expect(first.status).toBe('failed');
    expect(first.counts.created).toBe(2);
    expect(first.errors).toEqual([expect.objectContaining({ key_alias: 'hiring/interview-notes', status: 503 })]);
    const storedBefore = store.values.get('hiring/interview-notes')!.apiKey!;
    const second = await run();
    expect(second).toMatchObject({ status: 'applied', counts: { created: 1, unchanged: 2 } });
    // no second value: the one written before the failed create is reused
    expect(store.writes.filter((w) => w === 'hiring/interview-notes')).toHaveLength(1);
    expect(gw.keyByAlias('hiring/interview-notes')!.token).toBe(hashToken(storedBefore));
  });

  test('a crash after LiteLLM committed (reply lost) converges: create is idempotent', async () => {
    gw.inject('POST /team/new', { dropAfterHandling: true });
    gw.inject('POST /key/generate', { dropAfterHandling: true, when: (r) => (r.body as any).key_alias === 'hiring/cv-screen' });
    const result = await run();
    expect(result.status).toBe('applied');
    expect(gw.calls('POST /team/new').map((c) => c.status)).toEqual(['dropped', 400]);
    expect(gw.calls('POST /key/generate').filter((c) => (c.body as any).key_alias === 'hiring/cv-screen').map((c) => c.status)).toEqual(['dropped', 400]);
    expect([...gw.keys.values()].filter((k) => k.key_alias === 'hiring/cv-screen')).toHaveLength(1);
    expect((await run()).counts).toMatchObject({ unchanged: 3 });
  });

  test('401 with a stale master key names the cause; the previous/current pair works while tasks roll', async () => {
    gw.setTasks([[MASTER]]);
    const stale = await run(doc(), {}, [OLD_MASTER]);
    expect(stale.status).toBe('failed');
    expect(stale.errors[0]).toMatchObject({ status: 401, message: expect.stringMatching(/every master key candidate \(1\) was rejected: Authentication Error, Invalid proxy server token passed/) });
    // old and new tasks side by side: each request may land on either
    gw.setTasks([[OLD_MASTER], [MASTER]]);
    const rolled = await run(doc(), {}, [MASTER, OLD_MASTER]);
    expect(rolled.status).toBe('applied');
    expect(gw.exchanges.filter((e) => e.status === 401).length).toBeGreaterThan(1);
  });

  test('a store that lost the value gets a new key; the old one retires with a grace period', async () => {
    await run();
    const before = gw.keyByAlias('hiring/cv-screen')!;
    store.values.set('hiring/cv-screen', { apiKey: undefined, keyAlias: 'hiring/cv-screen' });
    const result = await run();
    expect(result.keys).toContainEqual({ key_alias: 'hiring/cv-screen', action: 'replaced' });
    const now = gw.keyByAlias('hiring/cv-screen')!;
    expect(now.token).toBe(hashToken(store.values.get('hiring/cv-screen')!.apiKey!));
    const retired = gw.keys.get(before.token as string)!;
    expect(retired.key_alias).toMatch(/^hiring\/cv-screen@retired-\d{14}$/);
    const expires = Date.parse(retired.expires as string) - Date.now();
    expect(expires).toBeGreaterThan(3500_000);
    expect(expires).toBeLessThanOrEqual(3600_000);
  });

  test('a key in the middle of a rotation is left to the rotation', async () => {
    await run();
    const k = gw.keyByAlias('hiring/cv-screen')!;
    k.key_alias = 'hiring/cv-screen@pending';
    const result = await run();
    expect(result.keys).toContainEqual({ key_alias: 'hiring/cv-screen', action: 'rotation-in-progress' });
    expect(gw.calls('POST /key/generate').filter((c) => (c.body as any).key_alias === 'hiring/cv-screen')).toHaveLength(1);
  });

  test('retired keys past their expiry are deleted', async () => {
    await run();
    const k = gw.keyByAlias('hiring/cv-screen')!;
    await client(url, [MASTER]).updateKey({ key: k.token, key_alias: 'hiring/cv-screen@retired-20260101000000', duration: '1s' });
    k.expires = new Date(Date.now() - 1000).toISOString();
    store.values.delete('hiring/cv-screen');
    const result = await run();
    expect(result.counts).toMatchObject({ retiredCleaned: 1, created: 1 });
    expect(gw.keys.has(k.token as string)).toBe(false);
  });

  test('team destroy: retained by default, deleted with its keys under destroy', async () => {
    await run(doc({ removalPolicy: 'destroy' }));
    expect((await run({ ...doc(), tf: { action: 'delete' } } as any)).status).toBe('retained');
    expect(gw.teams.has('hiring')).toBe(true);
    const gone = await run({ ...doc({ removalPolicy: 'destroy' }), tf: { action: 'delete' } } as any);
    expect(gone).toMatchObject({ status: 'deleted', counts: { deleted: 3 } });
    expect(gw.teams.size).toBe(0);
    expect(gw.keys.size).toBe(0);
  });

  test('documents the reconciler cannot trust are refused before any call', async () => {
    await expect(run({ ...doc(), schemaVersion: 2 } as any)).rejects.toThrow(/schemaVersion 2 is not supported/);
    await expect(run({ ...doc(), keys: [{ ...doc().keys[0], key_alias: 'other-team/x' }] } as any)).rejects.toThrow(/not <team>\/<feature> of this team/);
    expect(gw.exchanges).toEqual([]);
  });

  test('any malformed document is a DesiredStateError before any call, never a TypeError', async () => {
    await fc.assert(fc.asyncProperty(fc.anything(), fc.anything(), async (team, keys) => {
      const bad = { ...doc(), team, keys } as any;
      try {
        await run(bad);
      } catch (e) {
        expect((e as Error).name).toBe('DesiredStateError');
        return;
      }
      // accepted only when the fuzz produced a valid document (e.g. keys: [] and a valid team)
      expect(Array.isArray(keys)).toBe(true);
    }), { numRuns: 200 });
    expect(gw.writes()).toEqual([]);
  });
});
