/**
 * The stand-in is the contract the reconciler is tested against, so its own behaviour is pinned here,
 * each case to the LiteLLM source line it reproduces (files and commits in litellm-management.ts).
 */
import { DEFAULT_MASTER_KEY, hashToken, LiteLLMManagementStandIn } from './standin/litellm-management';

let gw: LiteLLMManagementStandIn;

async function call(method: string, path: string, body?: unknown, bearer = DEFAULT_MASTER_KEY): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gw.url}${path}`, { method, headers: { 'authorization': `Bearer ${bearer}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const KEY = `sk-${'a'.repeat(40)}`;

beforeEach(async () => {
  gw = new LiteLLMManagementStandIn();
  await gw.start();
});
afterEach(async () => {
  await gw.stop();
});

describe('teams (team_endpoints.py)', () => {
  test('caller-set team_id; a duplicate is 400 through handle_exception_on_proxy', async () => {
    expect((await call('POST', '/team/new', { team_id: 'hiring', team_alias: 'hiring', models: ['chat'], model_tpm_limit: { chat: 5 }, metadata: { a: 'b' } })).body).toMatchObject({ team_id: 'hiring', metadata: { a: 'b', model_tpm_limit: { chat: 5 } } });
    expect(await call('POST', '/team/new', { team_id: 'hiring' })).toEqual({ status: 400, body: { error: { message: "{'error': 'Team id = hiring already exists. Please use a different team id.'}", type: 'internal_server_error', param: 'None', code: '400' } } });
  });

  test('/team/info 404 is a ProxyException(auth_error); /team/update 404 escapes as FastAPI {"detail"}', async () => {
    expect(await call('GET', '/team/info?team_id=nope')).toMatchObject({ status: 404, body: { error: { type: 'auth_error', code: '404' } } });
    expect(await call('POST', '/team/update', { team_id: 'nope', max_budget: 1 })).toEqual({ status: 404, body: { detail: { error: 'Team not found, passed team_id=nope' } } });
  });

  test('/team/update: exclude_unset (null clears), and a model limit without metadata REPLACES metadata', async () => {
    await call('POST', '/team/new', { team_id: 't', tpm_limit: 10, metadata: { owner: 'x' } });
    await call('POST', '/team/update', { team_id: 't', tpm_limit: null });
    expect(gw.teams.get('t')!.tpm_limit).toBeNull();
    await call('POST', '/team/update', { team_id: 't', model_rpm_limit: { chat: 1 } });
    // _update_metadata_field: metadata = {field: value} when the request has no metadata — the reconciler
    // therefore always sends metadata together with model limits.
    expect(gw.teams.get('t')!.metadata).toEqual({ model_rpm_limit: { chat: 1 } });
  });

  test('/team/delete removes the team\'s keys too', async () => {
    await call('POST', '/team/new', { team_id: 't' });
    await call('POST', '/key/generate', { key: KEY, team_id: 't' });
    expect((await call('POST', '/team/delete', { team_ids: ['t'] })).status).toBe(200);
    expect(gw.keys.size).toBe(0);
    expect((await call('POST', '/team/delete', { team_ids: ['t'] })).status).toBe(404);
  });
});

describe('keys (key_management_endpoints.py)', () => {
  test('/key/generate returns the key once, token = token_id = sha256(key); model limits go to metadata', async () => {
    const r = await call('POST', '/key/generate', { key: KEY, key_alias: 'hiring/cv', team_id: 'hiring', models: ['chat'], model_tpm_limit: { chat: 9 }, metadata: { team: 'hiring' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ key: KEY, token: hashToken(KEY), token_id: hashToken(KEY), key_alias: 'hiring/cv', metadata: { team: 'hiring', model_tpm_limit: { chat: 9 } } });
    expect(gw.keys.get(hashToken(KEY))).not.toHaveProperty('key');
  });

  test('a caller-set key must start with sk- (masked in the error)', async () => {
    expect(await call('POST', '/key/generate', { key: 'pk-abcdefghijklmnop' })).toEqual({ status: 400, body: { error: { message: '{\'error\': "Invalid key format. LiteLLM Virtual Key must start with \'sk-\'. Received: pk-a****mnop"}', type: 'internal_server_error', param: 'None', code: '400' } } });
  });

  test('key_alias is unique across all keys (not per team); /key/update excludes the key itself', async () => {
    await call('POST', '/key/generate', { key: KEY, key_alias: 'hiring/cv', team_id: 'hiring' });
    expect(await call('POST', '/key/generate', { key: `sk-${'b'.repeat(40)}`, key_alias: 'hiring/cv', team_id: 'other' })).toEqual({ status: 400, body: { error: { message: "Key with alias 'hiring/cv' already exists. Unique key aliases across all keys are required.", type: 'bad_request_error', param: 'key_alias', code: '400' } } });
    expect((await call('POST', '/key/update', { key: hashToken(KEY), key_alias: 'hiring/cv' })).status).toBe(200);
  });

  test('third-party report reproduced on request: re-sending the own alias fails', async () => {
    await gw.stop();
    gw = new LiteLLMManagementStandIn({ selfAliasTrap: true });
    await gw.start();
    await call('POST', '/key/generate', { key: KEY, key_alias: 'hiring/cv' });
    expect((await call('POST', '/key/update', { key: KEY, key_alias: 'hiring/cv' })).status).toBe(400);
  });

  test('/key/update: raw key or hash; null clears; duration sets expires; 404 message as LiteLLM words it', async () => {
    await call('POST', '/key/generate', { key: KEY, tpm_limit: 5, metadata: { a: '1' } });
    await call('POST', '/key/update', { key: KEY, tpm_limit: null });
    expect(gw.keys.get(hashToken(KEY))!.tpm_limit).toBeNull();
    await call('POST', '/key/update', { key: hashToken(KEY), duration: '1h', model_rpm_limit: { chat: 2 } });
    const row = gw.keys.get(hashToken(KEY))!;
    expect(Date.parse(row.expires as string) - Date.now()).toBeGreaterThan(3590_000);
    expect(row.metadata).toEqual({ a: '1', model_rpm_limit: { chat: 2 } });
    expect(await call('POST', '/key/update', { key: 'f'.repeat(64) })).toMatchObject({ status: 404, body: { error: { message: "{'error': 'Team not found, passed team_id=None'}", type: 'auth_error' } } });
  });

  test('/key/info by key or hash, 404 otherwise; /key/list pages full objects; /key/delete', async () => {
    await call('POST', '/key/generate', { key: KEY, key_alias: 'a/b', team_id: 'a' });
    expect((await call('GET', `/key/info?key=${KEY}`)).body.info).toMatchObject({ key_alias: 'a/b' });
    expect((await call('GET', `/key/info?key=${hashToken(KEY)}`)).body.info).not.toHaveProperty('token');
    expect(await call('GET', '/key/info?key=sk-unknown0000000000')).toMatchObject({ status: 404, body: { error: { type: 'not_found_error', message: 'Key not found in database' } } });
    const list = await call('GET', '/key/list?return_full_object=true&team_id=a&size=100&page=1');
    expect(list.body).toMatchObject({ total_count: 1, current_page: 1, total_pages: 1, keys: [{ token: hashToken(KEY), key_alias: 'a/b' }] });
    expect((await call('GET', '/key/list?size=101')).status).toBe(422);
    expect((await call('POST', '/key/delete', {})).status).toBe(422);
    expect(await call('POST', '/key/delete', { key_aliases: ['a/b'] })).toEqual({ status: 200, body: { deleted_keys: ['a/b'] } });
    expect((await call('POST', '/key/delete', { keys: [KEY] })).status).toBe(404);
  });

  test('alias format check (when enabled) admits the rotation aliases', async () => {
    await gw.stop();
    gw = new LiteLLMManagementStandIn({ enableKeyAliasFormatValidation: true });
    await gw.start();
    for (const alias of ['hiring/cv-screen', 'hiring/cv-screen@pending', 'hiring/cv-screen@retired-20261202065000']) {
      expect((await call('POST', '/key/generate', { key: `sk-${hashToken(alias).slice(0, 40)}`, key_alias: alias })).status).toBe(200);
    }
    expect((await call('POST', '/key/generate', { key_alias: '/hiring' })).body.error.message).toMatch(/Invalid key_alias format/);
  });
});

describe('auth (user_api_key_auth)', () => {
  test('master key = proxy admin; a virtual key reads only its own info; expired keys are refused', async () => {
    expect((await call('GET', '/team/info?team_id=x', undefined, 'sk-wrong-master-000000000')).body.error).toMatchObject({ type: 'auth_error', code: '401' });
    await call('POST', '/key/generate', { key: KEY });
    const other = `sk-${'c'.repeat(40)}`;
    await call('POST', '/key/generate', { key: other });
    expect((await call('GET', '/key/info', undefined, KEY)).status).toBe(200);
    expect((await call('GET', `/key/info?key=${other}`, undefined, KEY)).status).toBe(403);
    expect((await call('POST', '/key/generate', {}, KEY)).status).toBe(401);
    await call('POST', '/key/update', { key: KEY, duration: '1s' });
    gw.keys.get(hashToken(KEY))!.expires = new Date(Date.now() - 1).toISOString();
    expect((await call('GET', '/key/info', undefined, KEY)).body.error).toMatchObject({ type: 'expired_key', code: '401' });
  });
});
