'use strict';
const { tokenOf } = require('./keys');

/**
 * /key/generate that survives its own retry: when the gateway committed the key but the reply was
 * lost (a task killed mid-response), the retried request fails (alias taken: 400; same token: 500) —
 * if the key with our value and alias exists, the create succeeded.
 */
async function generateIdempotent(client, body) {
  try {
    return await client.generateKey(body);
  } catch (e) {
    if (e.status !== 400 && e.status !== 500) throw e;
    const info = await client.keyInfo(tokenOf(body.key));
    if (info && info.key_alias === body.key_alias) return { token: tokenOf(body.key), key_alias: body.key_alias };
    throw e;
  }
}

module.exports = { generateIdempotent };
