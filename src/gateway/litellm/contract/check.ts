import { parse } from 'yaml';
import { CONTRACT_CONFIG, type ContractKey } from './config-keys';
import { CONTRACT_CLI, CONTRACT_ENVIRONMENT } from './environment';
import { CONTRACT_GUARDRAIL_COMMON, CONTRACT_GUARDRAIL_MODES, CONTRACT_GUARDRAILS, CONTRACT_GUARDRAILS_REJECTED } from './guardrails';
import { CONTRACT_FEATURES } from './packages';
import { CONTRACT_SOURCES } from './sources';

/** Something rendered for LiteLLM that the pinned image does not accept (or silently ignores). */
export interface ContractViolation {
  /** Where: `config:router_settings.foo`, `env:NAME`, `args[2]`. */
  readonly where: string;
  readonly message: string;
}

/** What was rendered for one LiteLLM container. Every part is optional. */
export interface ContractInput {
  /** The config, as YAML text (read as PyYAML reads it, YAML 1.1) or as an object. */
  readonly config?: string | Readonly<Record<string, unknown>>;
  /** The container's environment: names, or names with values (values that are cdktf tokens are not checked). */
  readonly environment?: ReadonlyArray<string> | Readonly<Record<string, unknown>>;
  /** Arguments passed to `litellm` (container args/command after the image's entrypoint). */
  readonly args?: ReadonlyArray<string>;
}

const OS_ENVIRON = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/;

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeOk(spec: ContractKey, v: unknown): boolean {
  switch (spec.type) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'list': return Array.isArray(v);
    case 'map': return isMap(v);
    default: return true;
  }
}

function cite(spec: ContractKey): string {
  const s = CONTRACT_SOURCES[spec.source];
  return `${s.path}@${s.commit.slice(0, 8)}`;
}

function walk(spec: ContractKey, value: unknown, where: string, out: ContractViolation[]): void {
  if (!typeOk(spec, value)) {
    out.push({ where, message: `must be a ${spec.type} (received ${JSON.stringify(value)}) [${cite(spec)}]` });
    return;
  }
  if (spec.values && !Array.isArray(value) && !isMap(value) && !spec.values.includes(value as string)) {
    out.push({ where, message: `${JSON.stringify(value)} is not one of ${spec.values.map((x) => JSON.stringify(x)).join(', ')} [${cite(spec)}]` });
  }
  if (Array.isArray(value) && spec.items) value.forEach((item, i) => walk(spec.items!, item, `${where}[${i}]`, out));
  if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      const known = spec.keys?.[k];
      if (known) {walk(known, v, `${where}.${k}`, out);} else if (spec.openKeys) {
        if (spec.items) walk(spec.items, v, `${where}.${k}`, out);
      } else if (spec.keys) {
        out.push({ where: `${where}.${k}`, message: `is not a key LiteLLM reads here${spec.note ? ` (${spec.note})` : ''} [${cite(spec)}]` });
      }
    }
  }
}

function checkGuardrail(entry: unknown, where: string, env: ReadonlySet<string> | undefined, out: ContractViolation[]): void {
  if (!isMap(entry) || typeof entry.guardrail_name !== 'string' || !isMap(entry.litellm_params)) {
    out.push({ where, message: 'must be { guardrail_name, litellm_params: { guardrail, mode, ... } }' });
    return;
  }
  for (const k of Object.keys(entry)) if (!['guardrail_name', 'litellm_params', 'guardrail_info'].includes(k)) out.push({ where: `${where}.${k}`, message: 'is not a key of a guardrails[] entry' });
  const params = entry.litellm_params;
  const type = params.guardrail;
  const at = `${where}.litellm_params`;
  if (typeof type !== 'string') {
    out.push({ where: `${at}.guardrail`, message: 'is missing: name the guardrail type' });
    return;
  }
  const contract = CONTRACT_GUARDRAILS[type];
  if (!contract) {
    const why = CONTRACT_GUARDRAILS_REJECTED[type] ?? `is not a guardrail type verified for the pinned image (verified: ${Object.keys(CONTRACT_GUARDRAILS).join(', ')}); an unregistered type fails startup with "Unsupported guardrail"`;
    out.push({ where: `${at}.guardrail`, message: `${JSON.stringify(type)} ${why} [${cite({ source: 'guardrailRegistry' })}]` });
    return;
  }
  const modes = Array.isArray(params.mode) ? params.mode : [params.mode];
  if (modes.length === 0 || modes.some((m) => typeof m !== 'string' || !CONTRACT_GUARDRAIL_MODES.includes(m))) {
    out.push({ where: `${at}.mode`, message: `${JSON.stringify(params.mode)} is not a mode or list of modes (${CONTRACT_GUARDRAIL_MODES.join(', ')}) [${cite({ source: 'guardrailTypes' })}]` });
  }
  const spec: ContractKey = { source: contract.source, type: 'map', keys: { ...CONTRACT_GUARDRAIL_COMMON, mode: { source: 'guardrailTypes' }, ...contract.params }, note: `parameters of ${type}` };
  walk(spec, params, at, out);
  for (const group of contract.requiredOneOf ?? []) {
    const ok = group.some((g) => (g.startsWith('env:') ? env?.has(g.slice(4)) ?? false : params[g] !== undefined && params[g] !== null));
    if (!ok) out.push({ where: at, message: `${type} needs ${group.join(' or ')}: LiteLLM fails at startup without it [${cite({ source: contract.source })}]` });
  }
  if (type === 'litellm_content_filter' && Array.isArray(params.patterns)) {
    params.patterns.forEach((p, i) => {
      if (!isMap(p)) return;
      if (p.pattern_type === 'prebuilt' && typeof p.pattern_name !== 'string') out.push({ where: `${at}.patterns[${i}]`, message: 'a prebuilt pattern needs pattern_name' });
      if (p.pattern_type === 'regex' && typeof p.pattern !== 'string') out.push({ where: `${at}.patterns[${i}]`, message: 'a regex pattern needs pattern' });
    });
  }
}

function collectEnvironRefs(value: unknown, refs: Map<string, string>, where: string): void {
  if (typeof value === 'string') {
    const m = OS_ENVIRON.exec(value);
    if (m && !refs.has(m[1])) refs.set(m[1], where);
  } else if (Array.isArray(value)) {value.forEach((v, i) => collectEnvironRefs(v, refs, `${where}[${i}]`));} else if (isMap(value)) {for (const [k, v] of Object.entries(value)) collectEnvironRefs(v, refs, `${where}.${k}`);}
}

/**
 * Checks what was rendered for one LiteLLM container against the contract of the pinned image: every config
 * key, guardrail type and parameter, callback, environment variable and CLI flag must be one the image reads,
 * with an accepted value; every `os.environ/NAME` the config references must be set in the environment (when
 * the environment is given). Returns every violation (empty when all is inside the contract).
 */
export function checkLiteLlmContract(input: ContractInput): ContractViolation[] {
  const out: ContractViolation[] = [];
  const env = input.environment;
  const envNames = env === undefined ? undefined : new Set(Array.isArray(env) ? env : Object.keys(env));
  const refs = new Map<string, string>();
  if (input.config !== undefined) {
    let config: unknown = input.config;
    if (typeof config === 'string') {
      try {
        config = parse(config, { version: '1.1' });
      } catch (e) {
        out.push({ where: 'config', message: `is not valid YAML: ${(e as Error).message.split('\n')[0]}` });
        config = undefined;
      }
    }
    if (config !== undefined && !isMap(config)) out.push({ where: 'config', message: 'must be a mapping of sections' });
    if (isMap(config)) {
      for (const [section, value] of Object.entries(config)) {
        const spec = CONTRACT_CONFIG[section];
        if (!spec) {
          out.push({ where: `config:${section}`, message: `is not a config section LiteLLM reads (${Object.keys(CONTRACT_CONFIG).join(', ')})` });
        } else if (section === 'guardrails') {
          if (!Array.isArray(value)) out.push({ where: 'config:guardrails', message: 'must be a list' });
          else value.forEach((g, i) => checkGuardrail(g, `config:guardrails[${i}]`, envNames, out));
        } else {
          walk(spec, value, `config:${section}`, out);
        }
      }
      const pi = isMap(config.litellm_settings) ? config.litellm_settings.prompt_injection_params : undefined;
      if (isMap(pi) && pi.llm_api_check === true) {
        for (const k of ['llm_api_name', 'llm_api_system_prompt', 'llm_api_fail_call_string']) {
          if (typeof pi[k] !== 'string' || pi[k] === '') out.push({ where: `config:litellm_settings.prompt_injection_params.${k}`, message: `is required when llm_api_check is true: LiteLLM raises ValueError at startup [${cite({ source: 'proxyTypes' })}]` });
        }
      }
      const used = [
        ...(isMap(config.litellm_settings) && Array.isArray(config.litellm_settings.callbacks) ? config.litellm_settings.callbacks.map((c) => `callback:${String(c)}`) : []),
        ...(Array.isArray(config.guardrails) ? config.guardrails.map((g) => `guardrail:${String(isMap(g) && isMap(g.litellm_params) ? g.litellm_params.guardrail : '')}`) : []),
      ];
      for (const feature of used) {
        const f = CONTRACT_FEATURES[feature];
        if (f && (!f.inImage || f.enterprise)) out.push({ where: `config:${feature}`, message: `${f.enterprise ? 'needs a LiteLLM Enterprise license' : `needs ${f.packages.join(', ')}, which the image does not ship`} [${cite({ source: f.source })}]` });
      }
      collectEnvironRefs(config, refs, 'config');
    }
  }
  if (envNames) {
    for (const [name, where] of refs) {
      if (!envNames.has(name)) out.push({ where: `env:${name}`, message: `is referenced by ${where} (os.environ/${name}) but not set in the container: LiteLLM reads it as missing` });
    }
    const values = Array.isArray(input.environment) ? {} : (input.environment as Record<string, unknown>);
    for (const name of [...envNames].sort()) {
      const known = CONTRACT_ENVIRONMENT[name];
      if (!known && !refs.has(name)) {
        out.push({ where: `env:${name}`, message: 'is not an environment variable the pinned image reads, and the config does not reference it (a typo, or a value nobody reads)' });
      }
      const v = values[name];
      if (known?.values && typeof v === 'string' && !v.includes('${') && !known.values.includes(v)) {
        out.push({ where: `env:${name}`, message: `${JSON.stringify(v)} is not one of ${known.values.join(', ')} [${cite({ source: known.source })}]` });
      }
    }
  }
  if (input.args) {
    const args = input.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const flag = CONTRACT_CLI[a];
      if (!flag) {
        out.push({ where: `args[${i}]`, message: a.startsWith('-') ? `${a} is not a flag of the pinned litellm CLI [${cite({ source: 'proxyCli' })}]` : `${JSON.stringify(a)} is not expected here (a value without its flag)` });
      } else if (flag.takesValue) {
        if (i + 1 >= args.length || args[i + 1].startsWith('--')) out.push({ where: `args[${i}]`, message: `${a} needs a value` });
        i++;
      }
    }
  }
  return out;
}
