'use strict';
/*
 * Canonical JSON: object keys sorted at every level, undefined dropped. Same bytes as `canonicalJson`
 * in src/tenancy/desired-state/render.ts (a test keeps the two in step), so the hash the reconciler
 * reports is the hash the synthesized stack computed.
 */
const { createHash } = require('node:crypto');

function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = sortDeep(value[k]);
    return out;
  }
  return value;
}

const canonicalJson = (value) => JSON.stringify(sortDeep(value));
const sha256Hex = (text) => createHash('sha256').update(text).digest('hex');

module.exports = { canonicalJson, sha256Hex, sortDeep };
