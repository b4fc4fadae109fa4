import { budgetDurationProblem } from './duration';
import {
  DESIRED_STATE_SCHEMA_VERSION,
  type KeySpec,
  LITELLM_RESERVED_METADATA_KEYS,
  type PerModelLimit,
  type RemovalPolicy,
  type SecretLocation,
  type TeamDesiredState,
  type TeamSpec,
} from './model';
import { ProblemCollector, ValidationError, type ValidationProblem } from '../../core/errors';
// Written into every team's and key's metadata: the reconciler deletes only what carries it (and only under `destroy`).
import { MANAGED_BY } from '../../core/tags';

/** Limits for one model alias. */
export interface ModelLimitInput {
  readonly tokensPerMinute?: number;
  readonly requestsPerMinute?: number;
}

/** One feature key, as TenantQuota.addKey describes it. */
export interface KeyDesiredStateInput {
  /** Feature name; the key alias is `<team>/<feature>`. */
  readonly feature: string;
  /** @default the team's models */
  readonly models?: ReadonlyArray<string>;
  readonly tokensPerMinute?: number;
  readonly requestsPerMinute?: number;
  /** Per-key budget in USD per `budgetDuration`. */
  readonly budgetUsd?: number;
  /** @default '1mo' when budgetUsd is set */
  readonly budgetDuration?: string;
  readonly modelLimits?: Readonly<Record<string, ModelLimitInput>>;
  /** @default the team's owner */
  readonly owner?: string;
  /** Extra metadata (string values). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** @default 30 */
  readonly rotationDays?: number;
  readonly secret: SecretLocation;
}

/** One team, as TenantQuota describes it. */
export interface TeamDesiredStateInput {
  readonly gateway: string;
  /** Team name: `team_id` and `team_alias`. */
  readonly team: string;
  readonly environment?: string;
  readonly owner?: string;
  /** @default 'retain' */
  readonly removalPolicy?: RemovalPolicy;
  readonly models: ReadonlyArray<string>;
  /** Hard budget in USD per `budgetDuration`. */
  readonly budgetUsd?: number;
  /** @default '1mo' when budgetUsd is set */
  readonly budgetDuration?: string;
  /** Alert threshold as a percentage of budgetUsd. */
  readonly softBudgetPercent?: number;
  readonly tokensPerMinute?: number;
  readonly requestsPerMinute?: number;
  readonly modelLimits?: Readonly<Record<string, ModelLimitInput>>;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly keys?: ReadonlyArray<KeyDesiredStateInput>;
}

/** Team and feature names: they end up in key aliases, Prometheus labels and cloud resource names. */
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
/** Model aliases as LiteLLM config allows them, minus whitespace. */
const MODEL = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$/;
const METADATA_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;
const MAX_LIMIT = 2_147_483_647;
const MAX_BUDGET_USD = 1_000_000_000;
/** LiteLLM's special model names widen access (`litellm/proxy/auth/auth_checks.py`); never in a desired state. */
const SPECIAL_MODELS = new Set(['*', 'all-proxy-models', 'all-team-models', 'no-default-models']);
const STORES = new Set(['aws-secrets-manager', 'kubernetes', 'gcp-secret-manager']);

function checkName(p: ProblemCollector, path: string, value: unknown, what: string): value is string {
  if (typeof value === 'string' && NAME.test(value)) return true;
  p.add(path, value, `is not a valid ${what} name`, 'use 1-40 lowercase letters, digits or hyphens, starting and ending with a letter or digit');
  return false;
}

function checkLimit(p: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    p.add(path, value, 'must be a whole number from 1 to 2147483647', 'pass a positive integer, or leave it unset for no limit');
  }
}

function checkBudget(p: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_BUDGET_USD) {
    p.add(path, value, 'must be a positive amount of USD (at most 1e9)', 'pass e.g. 2000, or leave it unset for no budget');
  }
}

function checkDuration(p: ProblemCollector, path: string, value: unknown): void {
  if (value === undefined) return;
  const problem = budgetDurationProblem(value);
  if (problem) p.add(path, value, problem, 'use "1mo" for a monthly budget, or e.g. "7d", "24h"');
}

function checkModels(p: ProblemCollector, path: string, models: unknown): models is ReadonlyArray<string> {
  if (!Array.isArray(models) || models.length === 0) {
    p.add(path, models, 'must list at least one model alias (an empty list means "all models" in LiteLLM)', 'name the gateway aliases this team may call');
    return false;
  }
  let ok = true;
  const seen = new Set<string>();
  models.forEach((m, i) => {
    if (typeof m !== 'string' || !MODEL.test(m) || SPECIAL_MODELS.has(m)) {
      p.add(`${path}[${i}]`, m, 'is not a model alias (special names such as "*" or "all-proxy-models" widen access)', 'use an alias from the gateway\'s model list');
      ok = false;
    } else if (seen.has(m)) {
      p.add(`${path}[${i}]`, m, 'is listed twice', 'list each model once');
      ok = false;
    } else {
      seen.add(m);
    }
  });
  return ok;
}

function checkMetadata(p: ProblemCollector, path: string, metadata: unknown): void {
  if (metadata === undefined) return;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    p.add(path, metadata, 'must be an object of string values', 'pass e.g. { costCenter: "cc-42" }');
    return;
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (!METADATA_KEY.test(k) || LITELLM_RESERVED_METADATA_KEYS.includes(k) || ['team', 'feature', 'environment', 'owner', 'gateway', 'managed_by'].includes(k)) {
      p.add(`${path}.${k}`, k, 'is not an allowed metadata key (reserved by LiteLLM or set by the platform, or not an identifier)', 'use another key; team, feature, environment, owner, gateway and managed_by are set for you');
    }
    if (typeof v !== 'string' || v.length > 256) p.add(`${path}.${k}`, v, 'must be a string of at most 256 characters', 'pass a short string');
  }
}

function modelLimits(
  p: ProblemCollector, path: string, limits: unknown, models: ReadonlyArray<string>,
): { tpm?: PerModelLimit; rpm?: PerModelLimit } {
  if (limits === undefined) return {};
  if (limits === null || typeof limits !== 'object' || Array.isArray(limits)) {
    p.add(path, limits, 'must map model aliases to { tokensPerMinute?, requestsPerMinute? }', 'pass e.g. { chat: { tokensPerMinute: 50000 } }');
    return {};
  }
  const tpm: Record<string, number> = {};
  const rpm: Record<string, number> = {};
  for (const [model, l] of Object.entries(limits as Record<string, ModelLimitInput>)) {
    if (!models.includes(model)) p.add(`${path}.${model}`, model, 'limits a model that is not in the models list', 'limit only models the team or key may call');
    if (l === null || typeof l !== 'object') {
      p.add(`${path}.${model}`, l, 'must be { tokensPerMinute?, requestsPerMinute? }', 'pass an object');
      continue;
    }
    checkLimit(p, `${path}.${model}.tokensPerMinute`, l.tokensPerMinute);
    checkLimit(p, `${path}.${model}.requestsPerMinute`, l.requestsPerMinute);
    if (typeof l.tokensPerMinute === 'number') tpm[model] = l.tokensPerMinute;
    if (typeof l.requestsPerMinute === 'number') rpm[model] = l.requestsPerMinute;
  }
  return { tpm: Object.keys(tpm).length ? tpm : undefined, rpm: Object.keys(rpm).length ? rpm : undefined };
}

function checkSecret(p: ProblemCollector, path: string, secret: unknown): void {
  const s = secret as SecretLocation | undefined;
  if (!s || typeof s !== 'object' || !STORES.has(s.store as string)) {
    p.add(`${path}.store`, s?.store, 'is not a supported secret store', 'use aws-secrets-manager, kubernetes or gcp-secret-manager');
    return;
  }
  const id = s.id;
  const ok = typeof id === 'string' && (
    s.store === 'aws-secrets-manager' ? /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/.test(id) || /^\$\{/.test(id)
      : s.store === 'kubernetes' ? /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\/[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(id)
        : /^projects\/[a-z0-9-]{4,30}\/secrets\/[A-Za-z0-9_-]{1,255}$/.test(id));
  if (!ok) {
    p.add(`${path}.id`, id, `is not a ${s.store} secret id`, s.store === 'kubernetes' ? 'use <namespace>/<secret-name>' : s.store === 'gcp-secret-manager' ? 'use projects/<project>/secrets/<secret>' : 'use the secret name or ARN');
  }
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Sorted by key, undefined values dropped. */
function sortedRecord(r: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** Every problem with `input`, each naming the prop path, the value and the fix. */
export function desiredStateProblems(input: TeamDesiredStateInput): ValidationProblem[] {
  return buildInternal(input).problems;
}

/**
 * The desired-state document for one team. Throws a ValidationError listing every problem (ranges,
 * names, LiteLLM's duration grammar, key limits within the team's) — `scope` names the construct.
 * Checking that models exist on the gateway is the caller's job (it knows the aliases).
 */
export function teamDesiredState(input: TeamDesiredStateInput, scope?: string): TeamDesiredState {
  const { doc, problems } = buildInternal(input);
  if (problems.length > 0 || !doc) throw new ValidationError(scope ?? '', problems);
  return doc;
}

function buildInternal(input: TeamDesiredStateInput): { doc?: TeamDesiredState; problems: ValidationProblem[] } {
  const p = new ProblemCollector();
  if (input === null || typeof input !== 'object') {
    p.add('', input, 'must be an object', 'pass the team description');
    return { problems: [...p.problems] };
  }
  checkName(p, 'gateway', input.gateway, 'gateway');
  const teamOk = checkName(p, 'team', input.team, 'team');
  if (input.environment !== undefined) checkName(p, 'environment', input.environment, 'environment');
  if (input.owner !== undefined && (typeof input.owner !== 'string' || input.owner.length === 0 || input.owner.length > 128)) {
    p.add('owner', input.owner, 'must be a non-empty string of at most 128 characters', 'name the owning squad or person');
  }
  if (input.removalPolicy !== undefined && input.removalPolicy !== 'retain' && input.removalPolicy !== 'destroy') {
    p.add('removalPolicy', input.removalPolicy, 'must be "retain" or "destroy"', 'use "retain" (default) unless removing keys from LiteLLM is intended');
  }
  const modelsOk = checkModels(p, 'models', input.models);
  const teamModels = modelsOk ? [...input.models].sort() : [];
  checkBudget(p, 'budgetUsd', input.budgetUsd);
  checkDuration(p, 'budgetDuration', input.budgetDuration);
  if (input.budgetDuration !== undefined && input.budgetUsd === undefined) {
    p.add('budgetDuration', input.budgetDuration, 'has no budget to reset', 'set budgetUsd too, or drop budgetDuration');
  }
  if (input.softBudgetPercent !== undefined) {
    const s = input.softBudgetPercent;
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0 || s > 100) p.add('softBudgetPercent', s, 'must be a percentage above 0 and at most 100', 'pass e.g. 80');
    if (input.budgetUsd === undefined) p.add('softBudgetPercent', s, 'needs a budget to take a percentage of', 'set budgetUsd');
  }
  checkLimit(p, 'tokensPerMinute', input.tokensPerMinute);
  checkLimit(p, 'requestsPerMinute', input.requestsPerMinute);
  const teamLimits = modelLimits(p, 'modelLimits', input.modelLimits, teamModels);
  checkMetadata(p, 'metadata', input.metadata);

  const keys: KeySpec[] = [];
  const features = new Set<string>();
  const secrets = new Set<string>();
  (input.keys ?? []).forEach((k, i) => {
    const at = `keys[${i}]`;
    if (k === null || typeof k !== 'object') {
      p.add(at, k, 'must be an object', 'describe the key');
      return;
    }
    const featureOk = checkName(p, `${at}.feature`, k.feature, 'feature');
    if (featureOk && features.has(k.feature)) p.add(`${at}.feature`, k.feature, 'is used by two keys', 'give each feature key a distinct name');
    if (featureOk) features.add(k.feature);
    const models = k.models === undefined ? teamModels : (checkModels(p, `${at}.models`, k.models) ? [...k.models].sort() : []);
    for (const m of models) {
      if (modelsOk && !teamModels.includes(m)) p.add(`${at}.models`, m, 'is not in the team\'s models (LiteLLM would refuse the key at request time)', 'add the model to the team or drop it from the key');
    }
    checkLimit(p, `${at}.tokensPerMinute`, k.tokensPerMinute);
    checkLimit(p, `${at}.requestsPerMinute`, k.requestsPerMinute);
    if (typeof k.tokensPerMinute === 'number' && typeof input.tokensPerMinute === 'number' && k.tokensPerMinute > input.tokensPerMinute) {
      p.add(`${at}.tokensPerMinute`, k.tokensPerMinute, `exceeds the team's tokensPerMinute (${input.tokensPerMinute})`, 'give the key at most the team limit');
    }
    if (typeof k.requestsPerMinute === 'number' && typeof input.requestsPerMinute === 'number' && k.requestsPerMinute > input.requestsPerMinute) {
      p.add(`${at}.requestsPerMinute`, k.requestsPerMinute, `exceeds the team's requestsPerMinute (${input.requestsPerMinute})`, 'give the key at most the team limit');
    }
    checkBudget(p, `${at}.budgetUsd`, k.budgetUsd);
    if (typeof k.budgetUsd === 'number' && typeof input.budgetUsd === 'number' && k.budgetUsd > input.budgetUsd) {
      p.add(`${at}.budgetUsd`, k.budgetUsd, `exceeds the team's budgetUsd (${input.budgetUsd})`, 'give the key at most the team budget');
    }
    checkDuration(p, `${at}.budgetDuration`, k.budgetDuration);
    if (k.budgetDuration !== undefined && k.budgetUsd === undefined) p.add(`${at}.budgetDuration`, k.budgetDuration, 'has no budget to reset', 'set budgetUsd too, or drop budgetDuration');
    const limits = modelLimits(p, `${at}.modelLimits`, k.modelLimits, models);
    checkMetadata(p, `${at}.metadata`, k.metadata);
    if (k.owner !== undefined && (typeof k.owner !== 'string' || k.owner.length === 0 || k.owner.length > 128)) {
      p.add(`${at}.owner`, k.owner, 'must be a non-empty string of at most 128 characters', 'name the owning squad or person');
    }
    const rotationDays = k.rotationDays ?? 30;
    if (!Number.isInteger(rotationDays) || rotationDays < 1 || rotationDays > 365) {
      p.add(`${at}.rotationDays`, k.rotationDays, 'must be a whole number of days from 1 to 365', 'pass e.g. 30');
    }
    checkSecret(p, `${at}.secret`, k.secret);
    if (k.secret && typeof k.secret === 'object') {
      const where = `${k.secret.store}:${k.secret.id}`;
      if (secrets.has(where)) p.add(`${at}.secret`, k.secret.id, 'is used by two keys', 'give each key its own secret');
      secrets.add(where);
    }
    if (!teamOk || !featureOk) return;
    const owner = k.owner ?? input.owner;
    keys.push(strip({
      key_alias: `${input.team}/${k.feature}`,
      models,
      max_budget: k.budgetUsd,
      budget_duration: k.budgetUsd === undefined ? undefined : (k.budgetDuration ?? '1mo'),
      tpm_limit: k.tokensPerMinute,
      rpm_limit: k.requestsPerMinute,
      model_tpm_limit: limits.tpm,
      model_rpm_limit: limits.rpm,
      metadata: sortedRecord({
        ...(k.metadata ?? {}),
        team: input.team,
        feature: k.feature,
        environment: input.environment,
        owner,
        gateway: input.gateway,
        managed_by: MANAGED_BY,
      }),
      rotation_days: rotationDays,
      secret: { store: k.secret.store, id: k.secret.id },
    }));
  });

  if (!p.isEmpty) return { problems: [...p.problems] };
  const budget = input.budgetUsd;
  const team: TeamSpec = strip({
    team_id: input.team,
    team_alias: input.team,
    models: teamModels,
    max_budget: budget,
    budget_duration: budget === undefined ? undefined : (input.budgetDuration ?? '1mo'),
    soft_budget: budget !== undefined && input.softBudgetPercent !== undefined ? Math.round(budget * input.softBudgetPercent) / 100 : undefined,
    tpm_limit: input.tokensPerMinute,
    rpm_limit: input.requestsPerMinute,
    model_tpm_limit: teamLimits.tpm,
    model_rpm_limit: teamLimits.rpm,
    metadata: sortedRecord({
      ...(input.metadata ?? {}),
      team: input.team,
      environment: input.environment,
      owner: input.owner,
      gateway: input.gateway,
      managed_by: MANAGED_BY,
    }),
  });
  const doc: TeamDesiredState = strip({
    schemaVersion: DESIRED_STATE_SCHEMA_VERSION,
    gateway: input.gateway,
    environment: input.environment,
    removalPolicy: input.removalPolicy ?? 'retain',
    team,
    keys: keys.sort((a, b) => (a.key_alias < b.key_alias ? -1 : 1)),
  });
  return { doc, problems: [] };
}
