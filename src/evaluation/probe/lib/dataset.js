'use strict';
/*
 * The golden-set file: JSON Lines, one case per line (blank lines are skipped).
 *
 *   {"id": "senior-backend", "messages": [{"role": "system", "content": "..."}, {"role": "user", "content": "..."}],
 *    "expect": {"contains": ["Responsibilities"], "notContains": ["As an AI"], "regex": "^#", "exactMatch": "...",
 *               "jsonSchema": {...}},
 *    "params": {"temperature": 0, "max_tokens": 400, "top_p": 1, "seed": 7, "response_format": {"type": "json_object"}}}
 *
 * `id` (default `line-<n>`) names the case in reports; `expect` adds checks for this case only; `params`
 * are the OpenAI chat-completions parameters the probe forwards (the rest of the request is fixed by the
 * platform). Parsed identically at synth (EvalDataset.fromFile, problems become one ValidationError naming
 * the file and line) and in the probe (the file it ships with).
 */
const { createHash } = require('node:crypto');
const { schemaProblems } = require('./json-schema');

const ROLES = ['system', 'developer', 'user', 'assistant'];
const CASE_KEYS = ['id', 'messages', 'expect', 'params'];
const EXPECT_KEYS = ['contains', 'notContains', 'regex', 'exactMatch', 'jsonSchema'];
const PARAM_KEYS = ['temperature', 'max_tokens', 'top_p', 'seed', 'response_format'];
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Limits that keep one run's cost and duration bounded (each case is at least one model call). */
const MAX_CASES = 500;
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_MESSAGE_CHARS = 100_000;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

function asList(v) {
  return Array.isArray(v) ? v : [v];
}

/**
 * @param {string} text the file's content
 * @returns {{ cases: object[], problems: { line: number, path: string, message: string, fix: string }[], sha256: string }}
 */
function parseDataset(text) {
  const problems = [];
  const cases = [];
  const add = (line, path, message, fix) => problems.push({ line, path, message, fix });
  if (typeof text !== 'string') {
    add(0, '', 'the golden set is not text', 'pass a UTF-8 JSON Lines file');
    return { cases, problems, sha256: '' };
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_BYTES) {
    add(0, '', `the file is larger than ${MAX_BYTES / 1024 / 1024} MiB`, 'keep the golden set small: a few hundred representative cases');
    return { cases, problems, sha256: sha256(text) };
  }
  const seen = new Map();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let c;
    try {
      c = JSON.parse(raw);
    } catch (e) {
      add(line, '', `not valid JSON (${String(e.message).replace(/ in JSON at position \d+.*$/, '')})`, 'write one JSON object per line (JSON Lines); no trailing commas, no comments');
      return;
    }
    if (!isObject(c)) {
      add(line, '', 'each line must be a JSON object', 'write {"messages": [{"role": "user", "content": "..."}]}');
      return;
    }
    for (const k of Object.keys(c)) if (!CASE_KEYS.includes(k)) add(line, k, `unknown field '${k}'`, `use only ${CASE_KEYS.join(', ')}`);
    const id = c.id === undefined ? `line-${line}` : c.id;
    if (typeof id !== 'string' || !ID.test(id)) add(line, 'id', 'must be 1-100 characters of letters, digits, . _ : - starting with a letter or digit', 'give the case a short identifier, e.g. "senior-backend"');
    else if (seen.has(id)) add(line, 'id', `duplicate id (also on line ${seen.get(id)})`, 'give every case a unique id');
    else seen.set(id, line);

    if (!Array.isArray(c.messages) || c.messages.length === 0) {
      add(line, 'messages', 'must be a non-empty array of {role, content}', 'add "messages": [{"role": "user", "content": "..."}]');
    } else {
      c.messages.forEach((m, j) => {
        const at = `messages[${j}]`;
        if (!isObject(m)) return add(line, at, 'must be an object {role, content}', 'write {"role": "user", "content": "..."}');
        for (const k of Object.keys(m)) if (k !== 'role' && k !== 'content' && k !== 'name') add(line, `${at}.${k}`, `unknown field '${k}'`, 'use only role, content and name');
        if (!ROLES.includes(m.role)) add(line, `${at}.role`, `must be one of ${ROLES.join(', ')}`, 'fix the role');
        if (typeof m.content !== 'string' || m.content.length === 0) add(line, `${at}.content`, 'must be a non-empty string', 'write the message text');
        else if (m.content.length > MAX_MESSAGE_CHARS) add(line, `${at}.content`, `longer than ${MAX_MESSAGE_CHARS} characters`, 'shorten the message');
        if (m.name !== undefined && (typeof m.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(m.name))) add(line, `${at}.name`, 'must be 1-64 letters, digits, _ or -', 'fix or remove the name');
      });
      const last = c.messages[c.messages.length - 1];
      if (isObject(last) && ROLES.includes(last.role) && last.role !== 'user') add(line, `messages[${c.messages.length - 1}].role`, 'the last message must be from the user', 'end the conversation with the user message the feature answers');
    }

    if (c.expect !== undefined) {
      if (!isObject(c.expect)) add(line, 'expect', 'must be an object', `use any of ${EXPECT_KEYS.join(', ')}`);
      else {
        for (const k of Object.keys(c.expect)) if (!EXPECT_KEYS.includes(k)) add(line, `expect.${k}`, `unknown expectation '${k}'`, `use ${EXPECT_KEYS.join(', ')}`);
        for (const k of ['contains', 'notContains']) {
          const v = c.expect[k];
          if (v !== undefined && (asList(v).length === 0 || asList(v).some((s) => typeof s !== 'string' || s.length === 0))) add(line, `expect.${k}`, 'must be a non-empty string or an array of them', 'write the text to look for');
        }
        if (c.expect.exactMatch !== undefined && typeof c.expect.exactMatch !== 'string') add(line, 'expect.exactMatch', 'must be a string', 'write the exact expected answer');
        if (c.expect.regex !== undefined) {
          let ok = typeof c.expect.regex === 'string' && c.expect.regex.length > 0;
          if (ok) {
            try {
              new RegExp(c.expect.regex, 'u');
            } catch {
              ok = false;
            }
          }
          if (!ok) add(line, 'expect.regex', 'must be a valid regular expression (JavaScript syntax, unicode mode)', 'fix the pattern; escape backslashes for JSON ("\\\\d")');
        }
        if (c.expect.jsonSchema !== undefined) {
          for (const p of schemaProblems(c.expect.jsonSchema)) add(line, `expect.jsonSchema${p.path.slice(1)}${p.keyword ? ` (${p.keyword})` : ''}`, p.message, p.fix);
        }
      }
    }
    if (c.params !== undefined) {
      if (!isObject(c.params)) add(line, 'params', 'must be an object', `use any of ${PARAM_KEYS.join(', ')}`);
      else {
        for (const k of Object.keys(c.params)) if (!PARAM_KEYS.includes(k)) add(line, `params.${k}`, `parameter '${k}' is not forwarded by the probe`, `use only ${PARAM_KEYS.join(', ')} (model and key come from the feature)`);
        const p = c.params;
        if (p.temperature !== undefined && !(typeof p.temperature === 'number' && p.temperature >= 0 && p.temperature <= 2)) add(line, 'params.temperature', 'must be a number from 0 to 2', 'use 0 for repeatable evaluations');
        if (p.top_p !== undefined && !(typeof p.top_p === 'number' && p.top_p > 0 && p.top_p <= 1)) add(line, 'params.top_p', 'must be a number in (0, 1]', 'use 1 or remove it');
        if (p.max_tokens !== undefined && !(Number.isInteger(p.max_tokens) && p.max_tokens >= 1 && p.max_tokens <= 100_000)) add(line, 'params.max_tokens', 'must be a whole number from 1 to 100000', 'bound the answer length');
        if (p.seed !== undefined && !Number.isInteger(p.seed)) add(line, 'params.seed', 'must be an integer', 'use a whole number');
        if (p.response_format !== undefined && !(isObject(p.response_format) && typeof p.response_format.type === 'string')) add(line, 'params.response_format', 'must be an object with a type', 'use {"type": "json_object"} or {"type": "json_schema", "json_schema": {...}}');
      }
    }
    cases.push({ ...c, id: typeof id === 'string' ? id : `line-${line}`, line });
  });
  if (cases.length === 0 && problems.length === 0) add(0, '', 'the golden set has no cases', 'add at least one JSON line with messages');
  if (cases.length > MAX_CASES) add(0, '', `the golden set has ${cases.length} cases; at most ${MAX_CASES} run per probe`, 'keep a representative subset: each case costs a model call on every run');
  return { cases, problems, sha256: sha256(text) };
}

module.exports = { parseDataset, sha256, MAX_CASES, PARAM_KEYS, EXPECT_KEYS };
