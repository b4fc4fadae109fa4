import { CONTRACT_CALLBACKS, CONTRACT_CONFIG, type ContractKey } from './config-keys';
import { CONTRACT_CLI, CONTRACT_ENVIRONMENT } from './environment';
import { CONTRACT_CONTENT_FILTER_PREBUILT, CONTRACT_GUARDRAILS } from './guardrails';
import { CONTRACT_FEATURES } from './packages';
import { CONTRACT_SOURCES } from './sources';
import { DEFAULT_LITELLM_IMAGE } from '../defaults';

export * from './sources';
export * from './config-keys';
export * from './guardrails';
export * from './environment';
export * from './packages';
export * from './check';

/**
 * The LiteLLM version the contract describes. Changing the pinned image (`DEFAULT_LITELLM_IMAGE`) means
 * re-deriving the contract (README, "Development": re-deriving the LiteLLM contract); a test fails when the
 * two disagree.
 */
export const LITELLM_CONTRACT_VERSION = 'v1.83.14-stable';
export const LITELLM_CONTRACT_IMAGE = DEFAULT_LITELLM_IMAGE;

function countKeys(spec: ContractKey): number {
  let n = 0;
  for (const child of Object.values(spec.keys ?? {})) n += 1 + countKeys(child);
  if (spec.items) n += countKeys(spec.items);
  return n;
}

/** Entries per part of the contract (for the report and the README). */
export function contractSize(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [section, spec] of Object.entries(CONTRACT_CONFIG)) out[`config.${section}`] = countKeys(spec);
  out.callbacks = Object.keys(CONTRACT_CALLBACKS).length;
  out.guardrailTypes = Object.keys(CONTRACT_GUARDRAILS).length;
  out.guardrailParams = Object.values(CONTRACT_GUARDRAILS).reduce((n, g) => n + Object.keys(g.params).length, 0);
  out.contentFilterPrebuilt = CONTRACT_CONTENT_FILTER_PREBUILT.length;
  out.environment = Object.keys(CONTRACT_ENVIRONMENT).length;
  out.cliFlags = Object.keys(CONTRACT_CLI).length;
  out.features = Object.keys(CONTRACT_FEATURES).length;
  out.sources = Object.keys(CONTRACT_SOURCES).length;
  return out;
}
