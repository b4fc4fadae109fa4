/**
 * LiteLLM proxy management API stand-in: exactly the routes the reconciler and rotation handlers call,
 * with request handling, response shapes and status codes taken from LiteLLM's source (BerriAI/litellm):
 *
 *   KM = litellm/proxy/management_endpoints/key_management_endpoints.py @ 00670428e1ec49f6f79eee1e58df7be472b719ab
 *   TE = litellm/proxy/management_endpoints/team_endpoints.py (newest stored version; the 0026911a version
 *        has the same /team/new, /team/update, /team/info, /team/delete contract minus soft_budget/model limits)
 *   T  = litellm/proxy/_types.py @ 00025c847316ae5d1e0d453e53d204e81f710c3e (GenerateKeyRequest, UpdateKeyRequest,
 *        KeyRequest, TeamBase/NewTeamRequest/UpdateTeamRequest, DeleteTeamRequest, ProxyException,
 *        LiteLLM_ManagementEndpoint_MetadataFields, ProxyErrorTypes)
 *   U  = litellm/proxy/utils.py (handle_exception_on_proxy, _hash_token_if_needed, PrismaClient.get_data)
 *   PS = litellm/proxy/proxy_server.py (ProxyException handler: {"error": {message, type, param, code}},
 *        HTTP status = code)
 *   DP = litellm/litellm_core_utils/duration_parser.py @ 0cc4fef4
 *
 * Error bodies mirror the two paths LiteLLM takes: a ProxyException (PS handler) — including an
 * HTTPException converted by handle_exception_on_proxy, whose message is Python's str() of the
 * detail dict — or an HTTPException that escapes the route, rendered by FastAPI as {"detail": ...}.
 */
import { createHash } from 'node:crypto';
import { HttpStandIn, type StandInRequest, type StandInResponse } from './http-standin';

type Row = Record<string, unknown>;

/** T: LiteLLM_ManagementEndpoint_MetadataFields — moved into `metadata` on create and update. */
const METADATA_FIELDS = ['model_rpm_limit', 'model_tpm_limit', 'guardrails', 'tags', 'enforced_params', 'temp_budget_increase', 'temp_budget_expiry'];
/** KM `_KEY_ALIAS_PATTERN`, checked only when litellm.enable_key_alias_format_validation is on. */
const KEY_ALIAS_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_\-/.@]{0,253}[a-zA-Z0-9]$/;

export const hashToken = (key: string): string => createHash('sha256').update(key).digest('hex');
/** U `_hash_token_if_needed`: only `sk-` values are hashed; anything else is taken as a hash. */
const hashIfNeeded = (key: string): string => (key.startsWith('sk-') ? hashToken(key) : key);

/** Python's str() of a one-entry dict of strings, as ProxyException(message=detail) renders it (repr quoting). */
const pyDict = (k: string, v: string): string => `{'${k}': ${v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v}'`}}`;

function proxyError(status: number, message: string, type: string, param = 'None'): StandInResponse {
  return { status, body: { error: { message, type, param, code: String(status) } } };
}
/** An HTTPException(detail={"error": ...}) converted by U handle_exception_on_proxy. */
const convertedHttpError = (status: number, error: string): StandInResponse => proxyError(status, pyDict('error', error), 'internal_server_error');
/** An HTTPException that leaves the route unconverted: FastAPI renders {"detail": ...}. */
const rawHttpError = (status: number, detail: unknown): StandInResponse => ({ status, body: { detail } });
/** FastAPI/pydantic request validation failure. */
const unprocessable = (msg: string): StandInResponse => ({ status: 422, body: { detail: [{ type: 'value_error', loc: ['body'], msg, input: null }] } });

/** DP duration_in_seconds (months approximated as 30 days: only expiry arithmetic uses it here). */
function durationSeconds(d: string): number {
  const m = /^(\d+)(mo|[smhdw]?)/.exec(d);
  if (!m) throw new Error('Invalid duration format');
  const n = Number(m[1]);
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, mo: 2592000 }[m[2] as 's'];
  if (unit === undefined) throw new Error(`Unsupported duration unit, passed duration: ${d}`);
  return n * unit;
}

export interface LiteLLMManagementOptions {
  /**
   * Master keys per running gateway task; requests go round-robin to the tasks, each accepting only its
   * own keys — the situation during a rolling restart after a master-key rotation.
   * @default [['sk-master-current-0000000000000000']]
   */
  readonly tasks?: ReadonlyArray<ReadonlyArray<string>>;
  /** litellm.enable_key_alias_format_validation @default false (LiteLLM's default) */
  readonly enableKeyAliasFormatValidation?: boolean;
  /** Model names that are wildcard access groups (KM _check_model_access_group: 403 without a license). */
  readonly wildcardAccessGroups?: ReadonlyArray<string>;
  /**
   * Reproduce the third-party report (v1.92.0) that re-sending a key's own alias on /key/update gives
   * 400; KM@00670428 excludes the key itself from the uniqueness check. @default false
   */
  readonly selfAliasTrap?: boolean;
  /** Clock for created_at / expires. */
  readonly now?: () => Date;
}

export class LiteLLMManagementStandIn extends HttpStandIn {
  public readonly teams = new Map<string, Row>();
  /** Keyed by token (sha256 of the key). The raw key is never stored, as in LiteLLM. */
  public readonly keys = new Map<string, Row>();
  private tasks: ReadonlyArray<ReadonlyArray<string>>;
  private turn = 0;
  private readonly opts: LiteLLMManagementOptions;

  constructor(options: LiteLLMManagementOptions = {}) {
    const routes: Record<string, (r: StandInRequest) => StandInResponse> = {};
    super(routes);
    this.opts = options;
    this.tasks = options.tasks ?? [['sk-master-current-0000000000000000']];
    const authed = (fn: (r: StandInRequest) => StandInResponse, allowVirtual = false) =>
      (r: StandInRequest) => this.authenticate(r, fn, allowVirtual);
    routes['GET /team/info'] = authed((r) => this.teamInfo(r));
    routes['POST /team/new'] = authed((r) => this.teamNew(r));
    routes['POST /team/update'] = authed((r) => this.teamUpdate(r));
    routes['POST /team/delete'] = authed((r) => this.teamDelete(r));
    routes['POST /key/generate'] = authed((r) => this.keyGenerate(r));
    routes['POST /key/update'] = authed((r) => this.keyUpdate(r));
    routes['GET /key/info'] = authed((r) => this.keyInfo(r), true);
    routes['GET /key/list'] = authed((r) => this.keyList(r));
    routes['POST /key/delete'] = authed((r) => this.keyDelete(r));
  }

  /** Replaces the running tasks' master keys (a rolling restart in progress or finished). */
  public setTasks(tasks: ReadonlyArray<ReadonlyArray<string>>): void {
    this.tasks = tasks;
    this.turn = 0;
  }

  public keyByAlias(alias: string): Row | undefined {
    return [...this.keys.values()].find((k) => k.key_alias === alias);
  }

  private now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /**
   * user_api_key_auth: the master key (secrets.compare_digest) makes the caller proxy admin; a virtual
   * key authenticates as itself and may read its own /key/info (info routes), nothing else here.
   * Failures are ProxyException(type=auth_error, code=401) — message as LiteLLM logs it.
   */
  private authenticate(r: StandInRequest, fn: (r: StandInRequest) => StandInResponse, allowVirtual: boolean): StandInResponse {
    const task = this.tasks[this.turn++ % this.tasks.length];
    if (!r.bearer) return proxyError(401, 'Authentication Error, No api key passed in.', 'auth_error');
    if (task.includes(r.bearer)) return fn(r);
    const row = r.bearer.startsWith('sk-') ? this.keys.get(hashToken(r.bearer)) : undefined;
    if (!row) return proxyError(401, 'Authentication Error, Invalid proxy server token passed. Unable to find token in cache or `LiteLLM_VerificationTokenTable`', 'auth_error', 'None');
    if (row.expires && Date.parse(row.expires as string) < this.now().getTime()) {
      return proxyError(401, `Authentication Error - Expired Key. Key Expiry time ${row.expires} and current time ${this.now().toISOString()}`, 'expired_key', 'None');
    }
    if (row.blocked === true) return proxyError(401, 'Authentication Error, Key is blocked. Update via `/key/unblock` if you\'re admin.', 'auth_error');
    if (!allowVirtual) return proxyError(401, 'Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams.', 'auth_error');
    const asked = r.query.get('key');
    if (asked && hashIfNeeded(asked) !== row.token) return proxyError(403, 'user not allowed to access this key\'s info', 'auth_error');
    return fn({ ...r, query: new URLSearchParams({ key: row.token as string }) });
  }

  /* ------------------------------- teams (TE) ------------------------------- */

  private teamInfo(r: StandInRequest): StandInResponse {
    const teamId = r.query.get('team_id');
    // TE team_info: HTTPException 422 "Malformed request. No team id passed in." / 404, re-raised as
    // ProxyException(type=auth_error) by the route's own except block.
    if (!teamId) return proxyError(422, pyDict('message', 'Malformed request. No team id passed in.'), 'auth_error');
    const team = this.teams.get(teamId);
    if (!team) return proxyError(404, pyDict('message', `Team not found, passed team id: ${teamId}.`), 'auth_error');
    const keys = [...this.keys.values()].filter((k) => k.team_id === teamId).map(({ token: _t, ...k }) => k);
    return { status: 200, body: { team_id: teamId, team_info: team, keys, team_memberships: [] } };
  }

  private teamNew(r: StandInRequest): StandInResponse {
    const b = (r.body ?? {}) as Row;
    if (b.models !== undefined && !Array.isArray(b.models)) return unprocessable('models must be a list');
    const teamId = (b.team_id as string | undefined) ?? `team-${this.teams.size + 1}`;
    if (this.teams.has(teamId)) return convertedHttpError(400, `Team id = ${teamId} already exists. Please use a different team id.`);
    const metadata: Row = { ...((b.metadata as Row) ?? {}) };
    for (const f of METADATA_FIELDS) if (b[f] !== undefined && b[f] !== null) metadata[f] = b[f];
    const now = this.now().toISOString();
    const row: Row = {
      team_id: teamId,
      team_alias: b.team_alias ?? null,
      organization_id: null,
      admins: [],
      members: [],
      members_with_roles: [],
      metadata,
      tpm_limit: b.tpm_limit ?? null,
      rpm_limit: b.rpm_limit ?? null,
      max_budget: b.max_budget ?? null,
      soft_budget: b.soft_budget ?? null,
      budget_duration: b.budget_duration ?? null,
      budget_reset_at: b.budget_duration ? new Date(this.now().getTime() + durationSeconds(b.budget_duration as string) * 1000).toISOString() : null,
      models: b.models ?? [],
      blocked: b.blocked ?? false,
      spend: 0,
      created_at: now,
      updated_at: now,
    };
    this.teams.set(teamId, row);
    return { status: 200, body: row };
  }

  private teamUpdate(r: StandInRequest): StandInResponse {
    const b = (r.body ?? {}) as Row;
    // TE update_team raises HTTPException outside any try: FastAPI renders {"detail": ...}.
    if (!b.team_id) return unprocessable('Field required: team_id');
    const team = this.teams.get(b.team_id as string);
    if (!team) return rawHttpError(404, { error: `Team not found, passed team_id=${b.team_id}` });
    // updated_kv = data.json(exclude_unset=True): exactly the fields sent, null included.
    const kv: Row = { ...b };
    delete kv.team_id;
    for (const f of METADATA_FIELDS) {
      if (kv[f] === undefined) continue;
      const v = kv[f];
      delete kv[f];
      if (v === null) continue;
      // _update_metadata_field: into the metadata sent with the request, else a metadata of just this field.
      if (kv.metadata !== undefined && kv.metadata !== null) (kv.metadata as Row)[f] = v;
      else kv.metadata = { [f]: v };
    }
    if (typeof kv.budget_duration === 'string') kv.budget_reset_at = new Date(this.now().getTime() + durationSeconds(kv.budget_duration) * 1000).toISOString();
    Object.assign(team, kv, { updated_at: this.now().toISOString() });
    return { status: 200, body: { team_id: team.team_id, data: team } };
  }

  private teamDelete(r: StandInRequest): StandInResponse {
    const b = (r.body ?? {}) as Row;
    if (!Array.isArray(b.team_ids)) return unprocessable('Field required: team_ids');
    for (const id of b.team_ids as string[]) {
      if (!this.teams.has(id)) return rawHttpError(404, { error: `Team not found, passed team_id=${id}` });
    }
    for (const id of b.team_ids as string[]) {
      // "DELETE ASSOCIATED KEYS": prisma_client.delete_data(team_id_list=..., table_name="key")
      for (const [t, k] of this.keys) if (k.team_id === id) this.keys.delete(t);
      this.teams.delete(id);
    }
    // The route returns prisma's delete result; its shape is not part of what callers rely on.
    return { status: 200, body: { deleted_teams: b.team_ids } };
  }

  /* -------------------------------- keys (KM) -------------------------------- */

  private aliasProblem(alias: unknown, exceptToken?: string): StandInResponse | undefined {
    if (alias === undefined || alias === null) return undefined;
    if (this.opts.enableKeyAliasFormatValidation && !KEY_ALIAS_PATTERN.test(alias as string)) {
      return proxyError(400, 'Invalid key_alias format. Must be 2-255 characters, start/end with alphanumeric, and only contain a-zA-Z0-9_-/.@.', 'bad_request_error', 'key_alias');
    }
    // _enforce_unique_key_alias: global, excluding the key being updated.
    const clash = [...this.keys.values()].find((k) => k.key_alias === alias && (this.opts.selfAliasTrap || k.token !== exceptToken));
    if (clash) return proxyError(400, `Key with alias '${alias}' already exists. Unique key aliases across all keys are required.`, 'bad_request_error', 'key_alias');
    return undefined;
  }

  private keyGenerate(r: StandInRequest): StandInResponse {
    const b = (r.body ?? {}) as Row;
    if (typeof b.max_budget === 'number' && b.max_budget < 0) return convertedHttpError(400, `max_budget cannot be negative. Received: ${b.max_budget}`);
    if (typeof b.soft_budget === 'number' && b.soft_budget < 0) return convertedHttpError(400, `soft_budget cannot be negative. Received: ${b.soft_budget}`);
    for (const m of (b.models as string[] | undefined) ?? []) {
      if (this.opts.wildcardAccessGroups?.includes(m)) {
        return convertedHttpError(403, 'Setting a model access group on a wildcard model is only available for LiteLLM Enterprise users.You must be a LiteLLM Enterprise user to use this feature.');
      }
    }
    const aliasErr = this.aliasProblem(b.key_alias);
    if (aliasErr) return aliasErr;
    const key = b.key as string | undefined;
    if (key !== undefined && !key.startsWith('sk-')) {
      const masked = key.length > 8 ? `${key.slice(0, 4)}****${key.slice(-4)}` : '****';
      return convertedHttpError(400, `Invalid key format. LiteLLM Virtual Key must start with 'sk-'. Received: ${masked}`);
    }
    const value = key ?? `sk-${createHash('sha256').update(String(Math.random())).digest('base64url').slice(0, 22)}`;
    const token = hashToken(value);
    // A second insert of the same token violates the primary key: generate_key_helper_fn answers 500.
    if (this.keys.has(token)) return convertedHttpError(500, 'Internal Server Error.');
    const metadata: Row = { ...((b.metadata as Row) ?? {}) };
    for (const f of ['model_rpm_limit', 'model_tpm_limit', 'guardrails', 'policies', 'prompts']) if (b[f] !== undefined && b[f] !== null) metadata[f] = b[f];
    const now = this.now();
    const row: Row = {
      token,
      key_name: `sk-...${value.slice(-4)}`,
      key_alias: b.key_alias ?? null,
      spend: 0,
      expires: b.duration ? new Date(now.getTime() + durationSeconds(b.duration as string) * 1000).toISOString() : null,
      models: b.models ?? [],
      aliases: {},
      config: {},
      user_id: b.user_id ?? null,
      team_id: b.team_id ?? null,
      max_parallel_requests: b.max_parallel_requests ?? null,
      metadata,
      tpm_limit: b.tpm_limit ?? null,
      rpm_limit: b.rpm_limit ?? null,
      max_budget: b.max_budget ?? null,
      budget_duration: b.budget_duration ?? null,
      budget_reset_at: b.budget_duration ? new Date(now.getTime() + durationSeconds(b.budget_duration as string) * 1000).toISOString() : null,
      allowed_cache_controls: [],
      permissions: {},
      model_max_budget: {},
      blocked: b.blocked ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    this.keys.set(token, row);
    // GenerateKeyResponse: `key` is the plaintext (returned once), `token`/`token_id` the hash.
    return { status: 200, body: { ...row, key: value, token, token_id: token, soft_budget: b.soft_budget ?? null } };
  }

  private keyUpdate(r: StandInRequest): StandInResponse {
    const b = (r.body ?? {}) as Row;
    if (typeof b.key !== 'string') return unprocessable('Field required: key');
    if (typeof b.max_budget === 'number' && b.max_budget < 0) return convertedHttpError(400, `max_budget cannot be negative. Received: ${b.max_budget}`);
    const token = hashIfNeeded(b.key);
    const row = this.keys.get(token);
    // update_key_fn: HTTPException(404, "Team not found, passed team_id=...") (sic), re-raised as ProxyException(auth_error).
    if (!row) return proxyError(404, pyDict('error', `Team not found, passed team_id=${b.team_id ?? 'None'}`), 'auth_error');
    const aliasErr = this.aliasProblem(b.key_alias, token);
    if (aliasErr) return { status: aliasErr.status, body: aliasErr.body };
    // prepare_key_update_data: model_dump(exclude_unset=True) — nulls clear; metadata fields go into metadata.
    const kv: Row = { ...b };
    delete kv.key;
    const metadataFieldValues: Row = {};
    for (const f of METADATA_FIELDS) {
      if (kv[f] !== undefined) {
        if (kv[f] !== null) metadataFieldValues[f] = kv[f];
        delete kv[f];
      }
    }
    if ('duration' in kv) {
      const d = kv.duration;
      delete kv.duration;
      kv.expires = d === null || d === '-1' ? null : new Date(this.now().getTime() + durationSeconds(d as string) * 1000).toISOString();
    }
    if ('budget_duration' in kv) {
      const d = kv.budget_duration;
      delete kv.budget_duration;
      if (typeof d === 'string' && d.length > 0) {
        kv.budget_duration = d;
        kv.budget_reset_at = new Date(this.now().getTime() + durationSeconds(d) * 1000).toISOString();
      }
    }
    const metadata = { ...((kv.metadata as Row | undefined) ?? (row.metadata as Row) ?? {}), ...metadataFieldValues };
    delete kv.metadata;
    Object.assign(row, kv, { metadata, updated_at: this.now().toISOString() });
    return { status: 200, body: { key: b.key, ...row } };
  }

  private keyInfo(r: StandInRequest): StandInResponse {
    const key = r.query.get('key');
    const row = key ? this.keys.get(hashIfNeeded(key)) : undefined;
    if (!row) return proxyError(404, 'Key not found in database', 'not_found_error', 'key');
    const { token: _token, ...info } = row;
    return { status: 200, body: { key, info: { ...info, litellm_budget_table: null } } };
  }

  private keyList(r: StandInRequest): StandInResponse {
    const page = Number(r.query.get('page') ?? 1);
    const size = Number(r.query.get('size') ?? 10);
    if (!(page >= 1) || !(size >= 1 && size <= 100)) return unprocessable('page >= 1 and 1 <= size <= 100');
    const teamId = r.query.get('team_id');
    const alias = r.query.get('key_alias');
    const full = r.query.get('return_full_object') === 'true';
    const all = [...this.keys.values()]
      .filter((k) => (!teamId || k.team_id === teamId) && (!alias || k.key_alias === alias))
      // order: created_at desc, then token desc (_list_key_helper)
      .sort((a, b) => `${b.created_at as string}|${b.token as string}`.localeCompare(`${a.created_at as string}|${a.token as string}`));
    const slice = all.slice((page - 1) * size, page * size);
    return {
      status: 200,
      body: {
        keys: full ? slice.map((k) => ({ ...k })) : slice.map((k) => k.token),
        total_count: all.length,
        current_page: page,
        total_pages: Math.ceil(all.length / size),
      },
    };
  }

  private keyDelete(r: StandInRequest): StandInResponse {
    const b = (r.body ?? {}) as Row;
    // KeyRequest validator: at least one of keys / key_aliases (pydantic ValueError -> 422).
    const keys = b.keys as string[] | undefined;
    const aliases = b.key_aliases as string[] | undefined;
    if (!keys?.length && !aliases?.length) return unprocessable("Value error, At least one of 'keys' or 'key_aliases' must be provided.");
    const byAlias = (): string[] => [...this.keys.values()].filter((k) => aliases!.includes(k.key_alias as string)).map((k) => k.token as string);
    const tokens = keys?.length ? keys.map(hashIfNeeded) : byAlias();
    const found = tokens.filter((t) => this.keys.has(t));
    if (found.length === 0) return convertedHttpError(404, 'No keys found');
    for (const t of found) this.keys.delete(t);
    return { status: 200, body: { deleted_keys: keys?.length ? keys : aliases } };
  }
}

export const DEFAULT_MASTER_KEY = 'sk-master-current-0000000000000000';
