'use strict';
/*
 * One JSON line per event. Keys never reach a log: anything shaped like a LiteLLM/OpenAI key is masked,
 * and the key the probe holds is masked by value too (it may have another shape).
 */
const SECRETISH = /sk-[A-Za-z0-9_-]{6,}/g;
const known = new Set();

/** Registers a secret value to be masked wherever it appears in a log line or error text. */
function registerSecret(value) {
  if (typeof value === 'string' && value.length >= 8) known.add(value);
}

function redact(text) {
  let out = String(text).replace(SECRETISH, 'sk-<redacted>');
  for (const s of known) out = out.split(s).join('<redacted>');
  return out;
}

function log(msg, fields = {}) {
  console.log(redact(JSON.stringify({ msg, ...fields })));
}

module.exports = { log, redact, registerSecret };
