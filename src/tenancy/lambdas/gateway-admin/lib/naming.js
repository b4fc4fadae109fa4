'use strict';
/*
 * Aliases used around a rotation. LiteLLM enforces key_alias uniqueness across ALL keys
 * (`_enforce_unique_key_alias`, key_management_endpoints.py@00670428), so a new key cannot take the
 * stable alias while the old one holds it:
 *   `<team>/<feature>`                 the active key (dashboards and alerts select on it)
 *   `<team>/<feature>@pending`         the next key, between creation and promotion
 *   `<team>/<feature>@retired-<stamp>` the previous key during its grace period (then it expires)
 * All three match LiteLLM's optional alias check `^[a-zA-Z0-9][a-zA-Z0-9_\-/\.@]{0,253}[a-zA-Z0-9]$`.
 */
const MANAGED_BY = 'cdktf-llm-platform';

const pendingAlias = (alias) => `${alias}@pending`;
const retiredAlias = (alias, now) => `${alias}@retired-${now.toISOString().replace(/[-:TZ.]/g, '').slice(0, 14)}`;
const isRetiredAliasOf = (candidate, alias) => typeof candidate === 'string' && candidate.startsWith(`${alias}@retired-`);
const baseAlias = (candidate) => (typeof candidate === 'string' ? candidate.replace(/@(pending|retired-\d+)$/, '') : candidate);

module.exports = { MANAGED_BY, pendingAlias, retiredAlias, isRetiredAliasOf, baseAlias };
