/** Shared helpers for the tenancy tests: the gateway-admin modules, an in-memory secret store, a client. */
import { teamDesiredState, type TeamDesiredState, type TeamDesiredStateInput } from '../../src/tenancy/desired-state';
import { GATEWAY_ADMIN_HANDLER_DIR } from '../../src/tenancy/lambdas';

/* eslint-disable @typescript-eslint/no-require-imports */
export const lib = {
  litellm: require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/litellm.js`),
  reconcile: require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/reconcile.js`),
  featureKeys: require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/feature-keys.js`),
  scheduled: require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/scheduled-rotation.js`),
  keys: require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/keys.js`),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface StoredValue {
  apiKey?: string;
  keyAlias?: string;
}

/** A secret store in memory, counting writes (each write is a new secret version in a real store). */
export class MemoryStore {
  public readonly values = new Map<string, StoredValue>();
  public readonly writes: string[] = [];
  public storesAlias?: boolean;

  public async read(location: { id: string }): Promise<StoredValue | null> {
    return this.values.get(location.id) ?? null;
  }

  public async write(location: { id: string }, value: StoredValue): Promise<void> {
    this.writes.push(location.id);
    this.values.set(location.id, { ...value });
  }
}

/** A LiteLLM client on the stand-in: fast retries, the given master key candidates. */
export function client(baseUrl: string, masterKeys: string[], extra: Record<string, unknown> = {}): any {
  const fast = { attempts: 3, baseDelayMs: 1, sleep: async () => undefined, timeoutMs: 5000 };
  return lib.litellm.createLiteLLMClient({ baseUrl, masterKeys: async () => masterKeys, ...fast, ...extra });
}

export const TEAM: TeamDesiredStateInput = {
  gateway: 'llm-prod',
  team: 'hiring',
  environment: 'prod',
  owner: 'hiring-squad',
  models: ['chat', 'embed'],
  budgetUsd: 2000,
  softBudgetPercent: 80,
  tokensPerMinute: 200_000,
  requestsPerMinute: 600,
  modelLimits: { chat: { tokensPerMinute: 150_000 } },
  keys: [
    { feature: 'job-description-gen', models: ['chat'], tokensPerMinute: 50_000, modelLimits: { chat: { requestsPerMinute: 100 } }, secret: { store: 'kubernetes', id: 'hiring/job-description-gen' } },
    { feature: 'cv-screen', tokensPerMinute: 20_000, budgetUsd: 300, secret: { store: 'kubernetes', id: 'hiring/cv-screen' } },
    { feature: 'interview-notes', models: ['chat'], secret: { store: 'kubernetes', id: 'hiring/interview-notes' } },
  ],
};

export const doc = (input: Partial<TeamDesiredStateInput> = {}): TeamDesiredState =>
  JSON.parse(JSON.stringify(teamDesiredState({ ...TEAM, ...input })));

/** Every string in a value, recursively (to assert no key value leaked). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
