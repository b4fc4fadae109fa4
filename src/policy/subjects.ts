import { parse as parseYaml } from 'yaml';
import type { PolicySubject } from './rule';
import { isReference, many } from './rules/helpers';

/**
 * Pure: the subjects a policy evaluates, read from a stack's synthesized JSON (`stack.toTerraform()`, what
 * cdktf writes to `cdk.tf.json`). Reading the final JSON rather than each construct means resources added with
 * `stack.addOverride('resource.…')`, overrides of existing resources and module calls are all seen.
 */

/** A Terraform block of the synthesized JSON. */
export interface SynthesizedBlock {
  readonly kind: 'resource' | 'data' | 'module';
  /** Resource type; `module` for module calls. */
  readonly type: string;
  /** Logical id (the name after the type in the address). */
  readonly name: string;
  /** Address: `aws_s3_bucket.logs`, `data.aws_iam_policy_document.p`, `module.vpc`. */
  readonly address: string;
  /** Configuration without cdktf's `//` metadata block. */
  readonly config: Record<string, any>;
  /** Construct path cdktf recorded in the `//` block (absent for blocks added by `addOverride`). */
  readonly path?: string;
}

function withoutMetadata(config: unknown): Record<string, any> {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return {};
  if (!('//' in (config as object))) return config as Record<string, any>;
  const { ['//']: _meta, ...rest } = config as Record<string, any>;
  return rest;
}

function metadataPath(config: unknown): string | undefined {
  const p = (config as any)?.['//']?.metadata?.path;
  return typeof p === 'string' ? p : undefined;
}

/** Every resource, data source and module call of a synthesized stack, in JSON order. */
export function synthesizedBlocks(json: Record<string, any>): SynthesizedBlock[] {
  const out: SynthesizedBlock[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries<Record<string, unknown>>(json[kind] ?? {})) {
      if (!byName || typeof byName !== 'object') continue;
      for (const [name, config] of Object.entries(byName)) {
        out.push({
          kind,
          type,
          name,
          address: kind === 'resource' ? `${type}.${name}` : `data.${type}.${name}`,
          config: withoutMetadata(config),
          path: metadataPath(config),
        });
      }
    }
  }
  for (const [name, config] of Object.entries<unknown>(json.module ?? {})) {
    out.push({ kind: 'module', type: 'module', name, address: `module.${name}`, config: withoutMetadata(config), path: metadataPath(config) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// helm_release values
// ---------------------------------------------------------------------------------------------------------

/** The values a `helm_release` passes to its chart, merged as Helm merges them; or why they cannot be read. */
export type HelmValues = { readonly values: Record<string, unknown> } | { readonly unreadable: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) {
    if (isPlainObject(v) && isPlainObject(target[k])) mergeInto(target[k] as Record<string, unknown>, v);
    else target[k] = v;
  }
}

/** `a.b\.c[1].d` → `['a', 'b.c', 1, 'd']` (Helm `--set` key syntax). */
export function helmSetPath(name: string): Array<string | number> {
  const parts: Array<string | number> = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\' && i + 1 < name.length) {
      current += name[++i];
    } else if (c === '.') {
      if (current) parts.push(current);
      current = '';
    } else if (c === '[') {
      const end = name.indexOf(']', i);
      if (current) parts.push(current);
      current = '';
      parts.push(Number(name.slice(i + 1, end)));
      i = end;
    } else {
      current += c;
    }
  }
  if (current) parts.push(current);
  return parts;
}

function setValue(values: Record<string, unknown>, name: string, value: unknown): void {
  const parts = helmSetPath(name);
  let node: any = values;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (last) {
      node[part] = value;
      return;
    }
    const nextIsIndex = typeof parts[i + 1] === 'number';
    if (node[part] === undefined || node[part] === null || typeof node[part] !== 'object') node[part] = nextIsIndex ? [] : {};
    node = node[part];
  });
}

/** Helm's `--set` value typing (`type = "auto"`): booleans, integers, `{a,b}` lists, else strings. */
function helmSetValue(raw: unknown, type: unknown): unknown {
  if (typeof raw !== 'string' || type === 'string' || type === 'literal') return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (/^\{.*\}$/.test(raw)) return raw.slice(1, -1).split(',').map((s) => helmSetValue(s, type));
  return raw;
}

/**
 * The merged values of a `helm_release` (`values` documents in order, then `set`, `set_list` and
 * `set_sensitive`). A document that is a Terraform expression (`${file(...)}`, `${yamlencode(...)}`) or not
 * YAML cannot be read at synth time.
 */
export function helmReleaseValues(config: Record<string, any>): HelmValues {
  const merged: Record<string, unknown> = {};
  for (const [i, doc] of many(config.values).entries()) {
    if (typeof doc !== 'string') return { unreadable: `values[${i}] is not a YAML document` };
    if (isReference(doc.trim()) || /^\$\{[a-z_]+\(/.test(doc.trim())) return { unreadable: `values[${i}] is a Terraform expression (${doc.trim().slice(0, 60)}) only known at plan time` };
    let parsed: unknown;
    try {
      parsed = parseYaml(doc);
    } catch (e) {
      return { unreadable: `values[${i}] is not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
    }
    if (parsed === null || parsed === undefined) continue;
    if (!isPlainObject(parsed)) return { unreadable: `values[${i}] is not a YAML mapping` };
    mergeInto(merged, parsed);
  }
  for (const block of ['set', 'set_sensitive'] as const) {
    for (const s of many(config[block])) {
      if (typeof s?.name !== 'string') return { unreadable: `${block} has an entry without a name` };
      setValue(merged, s.name, helmSetValue(s.value, s.type));
    }
  }
  for (const s of many(config.set_list)) {
    if (typeof s?.name !== 'string') return { unreadable: 'set_list has an entry without a name' };
    setValue(merged, s.name, many(s.value));
  }
  return { values: merged };
}

/** Subject of a synthesized block (helm values attached to `helm_release`). */
export function subjectOf(block: SynthesizedBlock, path: string): PolicySubject {
  const subject: PolicySubject = { type: block.type, address: block.address, path, config: block.config };
  if (block.type === 'helm_release') return { ...subject, helmValues: helmReleaseValues(block.config) };
  return subject;
}
