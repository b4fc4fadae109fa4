'use strict';
/*
 * Key values and their LiteLLM identifiers.
 *
 * LiteLLM stores only sha256(key) ("token") and accepts either the raw `sk-` key or that hash wherever a
 * key is named: `_hash_token_if_needed` hashes a value only when it starts with `sk-`
 * (litellm/proxy/utils.py; key_management_endpoints.py@00670428 uses it for /key/info, /key/delete and,
 * through PrismaClient.get_data, /key/update). The reconciler names existing keys by hash so key values
 * never travel where they are not needed.
 */
const { createHash, randomBytes } = require('node:crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters from [A-Za-z0-9], uniformly (rejection sampling keeps the modulo unbiased). */
function randomAlphanumeric(length) {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/**
 * A new virtual key or master key. LiteLLM refuses a caller-set key that does not start with `sk-`
 * (400 "Invalid key format", key_management_endpoints.py); its own keys are `sk-` + 22 url-safe
 * characters. 48 alphanumerics (~285 bits) sit well above any minimum length a newer release enforces.
 */
const newKeyValue = () => `sk-${randomAlphanumeric(48)}`;

const tokenOf = (key) => createHash('sha256').update(key).digest('hex');

const isKeyValue = (v) => typeof v === 'string' && /^sk-[A-Za-z0-9_-]{20,}$/.test(v);

module.exports = { newKeyValue, randomAlphanumeric, tokenOf, isKeyValue };
