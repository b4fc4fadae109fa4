import { createHash } from 'node:crypto';
import type { KeySpec, TeamDesiredState } from './model';

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Canonical compact JSON: object keys sorted at every level, undefined dropped. The reconciler's
 * `canonicalJson` (src/tenancy/lambdas/gateway-admin/lib/canonical.js) produces the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

/**
 * The document as the reconciler's invocation input: sorted keys, two-space indentation, one field per
 * line — so `terraform plan` shows a reviewer exactly which budget, limit or model changed.
 */
export function renderDesiredState(doc: TeamDesiredState): string {
  return `${JSON.stringify(sortDeep(doc), null, 2)}\n`;
}

/** SHA-256 (hex) of the canonical form; the reconciler reports the same hash for the same document. */
export function desiredStateSha256(doc: TeamDesiredState): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

function limits(s: { tpm_limit?: number; rpm_limit?: number; max_budget?: number; budget_duration?: string; soft_budget?: number }): string {
  const parts: string[] = [];
  if (s.max_budget !== undefined) parts.push(`budget $${s.max_budget}/${s.budget_duration}${s.soft_budget !== undefined ? ` (alert at $${s.soft_budget})` : ''}`);
  parts.push(s.tpm_limit !== undefined ? `${s.tpm_limit} TPM` : 'no TPM limit');
  parts.push(s.rpm_limit !== undefined ? `${s.rpm_limit} RPM` : 'no RPM limit');
  return parts.join(', ');
}

function perModel(s: { model_tpm_limit?: Readonly<Record<string, number>>; model_rpm_limit?: Readonly<Record<string, number>> }): string {
  const models = [...new Set([...Object.keys(s.model_tpm_limit ?? {}), ...Object.keys(s.model_rpm_limit ?? {})])].sort();
  return models.map((m) => `${m}: ${[s.model_tpm_limit?.[m] !== undefined ? `${s.model_tpm_limit[m]} TPM` : '', s.model_rpm_limit?.[m] !== undefined ? `${s.model_rpm_limit[m]} RPM` : ''].filter(Boolean).join(', ')}`).join('; ');
}

function keyLine(k: KeySpec): string {
  const pm = perModel(k);
  return `key ${k.key_alias}: models [${k.models.join(', ')}], ${limits(k)}${pm ? `, per model ${pm}` : ''}, rotates every ${k.rotation_days}d, secret ${k.secret.store}:${k.secret.id}`;
}

/** One readable line per team and key, for the plan (Terraform output or description) and the README. */
export function describeDesiredState(doc: TeamDesiredState): string[] {
  const t = doc.team;
  const pm = perModel(t);
  return [
    `team ${t.team_alias} on gateway ${doc.gateway}${doc.environment ? ` (${doc.environment})` : ''}: models [${t.models.join(', ')}], ${limits(t)}${pm ? `, per model ${pm}` : ''}; removal policy ${doc.removalPolicy}`,
    ...doc.keys.map(keyLine),
  ];
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of Object.keys(value as object).sort()) flatten((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (value !== undefined) out.set(prefix, JSON.stringify(value));
}

function flatDoc(doc: TeamDesiredState): Map<string, string> {
  const out = new Map<string, string>();
  const { keys, ...rest } = doc;
  flatten(rest, '', out);
  for (const k of keys) flatten(k, `keys[${k.key_alias}]`, out);
  return out;
}

/**
 * What changes between two documents, one line per field: `~ team.max_budget: 2000 -> 2500`,
 * `+ keys[hiring/cv-screen].models: ["chat"]`, `- keys[hiring/old]...`. Keys are matched by alias, so
 * reordering never shows as a change. Empty when the documents are equivalent.
 */
export function diffDesiredStates(before: TeamDesiredState | undefined, after: TeamDesiredState): string[] {
  const a = before ? flatDoc(before) : new Map<string, string>();
  const b = flatDoc(after);
  const lines: string[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(path);
    const y = b.get(path);
    if (x === y) continue;
    if (x === undefined) lines.push(`+ ${path}: ${y}`);
    else if (y === undefined) lines.push(`- ${path}: ${x}`);
    else lines.push(`~ ${path}: ${x} -> ${y}`);
  }
  return lines;
}
