import { Compliance, type PolicyRule } from '../../rule';
import { findings, many, one } from '../helpers';

// checkov CKV_GCP_51-54: the PostgreSQL flags that make connections, checkpoints and lock waits visible. Not
// log_min_error_statement (CKV_GCP_109): it logs the text of failing statements, which can hold prompt text.
const REQUIRED: ReadonlyArray<[name: string, ok: (v: string) => boolean, expected: string]> = [
  ['log_checkpoints', (v) => v === 'on', 'on'],
  ['log_connections', (v) => v === 'on', 'on'],
  ['log_disconnections', (v) => v === 'on', 'on'],
  ['log_lock_waits', (v) => v === 'on', 'on'],
];

export const rule: PolicyRule = {
  id: 'LLM-GSQL-5',
  level: 'warning',
  description: 'Cloud SQL for PostgreSQL does not log connections, disconnections, checkpoints or lock waits.',
  fix: 'Add `settings.database_flags` log_checkpoints, log_connections, log_disconnections and log_lock_waits = on.',
  resourceTypes: ['google_sql_database_instance'],
  anchors: { cdkNag: [], checkov: ['CKV_GCP_51', 'CKV_GCP_52', 'CKV_GCP_53', 'CKV_GCP_54'] },
  check(config) {
    if (typeof config.database_version === 'string' && !config.database_version.startsWith('POSTGRES')) return Compliance.NOT_APPLICABLE;
    const flags = new Map<string, string>(many(one(config.settings)?.database_flags).map((f: any) => [String(f?.name), String(f?.value)]));
    return findings(REQUIRED.filter(([name, ok]) => !ok(flags.get(name) ?? '')).map(([name, , expected]) => `Flag::${name}=${expected}`));
  },
};
