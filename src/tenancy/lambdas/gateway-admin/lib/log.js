'use strict';
/*
 * One JSON line per event. Everything passes through `redact`: a key value must never reach a log, an
 * error message, Terraform state or a plan.
 */
const SECRETISH = /sk-[A-Za-z0-9_-]{6,}/g;

function redact(text) {
  return String(text).replace(SECRETISH, 'sk-<redacted>');
}

function log(msg, fields = {}) {
  const safe = JSON.parse(redact(JSON.stringify(fields)));
  console.log(JSON.stringify({ msg, ...safe }));
}

module.exports = { log, redact };
