'use strict';
/*
 * A JSON Schema subset, implemented here so the probe ships without dependencies (it runs on the Lambda
 * Node.js runtime and in a plain node container, unbundled). The same module checks a schema at synth
 * (`schemaProblems`: unsupported keywords are an error, never silently ignored) and validates model
 * output at run time (`validate`).
 *
 * Keyword semantics follow JSON Schema 2020-12 Validation (json-schema.org/draft/2020-12/json-schema-validation):
 * type (incl. "integer" = a number with no fractional part), enum/const (deep equality), properties,
 * required, additionalProperties (boolean or schema; applies to names not in `properties`), items (one
 * schema for every element), minItems/maxItems, uniqueItems, minLength/maxLength (counted in code
 * points, as the spec says), pattern (ECMA-262, unanchored), minimum/maximum,
 * exclusiveMinimum/exclusiveMaximum (numbers, the 2020-12 form), multipleOf, allOf/anyOf/oneOf/not.
 * Annotations ($schema, $id, $comment, title, description, default, examples, deprecated, readOnly,
 * writeOnly) are accepted and ignored. Everything else — $ref, $defs, format, if/then/else,
 * patternProperties, prefixItems, contains, dependent*, unevaluated* — is reported as unsupported.
 *
 * Validation errors name the JSON path and the keyword, never the value nor a property name the schema does not
 * declare: model output stays out of logs.
 */

const TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

const ANNOTATIONS = ['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly'];

/** Keyword -> what its value must be (checked by schemaProblems). */
const KEYWORDS = {
  type: 'type',
  enum: 'array',
  const: 'any',
  properties: 'schemaMap',
  required: 'stringArray',
  additionalProperties: 'schemaOrBoolean',
  items: 'schemaOrBoolean',
  minItems: 'count',
  maxItems: 'count',
  uniqueItems: 'boolean',
  minLength: 'count',
  maxLength: 'count',
  pattern: 'pattern',
  minimum: 'number',
  maximum: 'number',
  exclusiveMinimum: 'number',
  exclusiveMaximum: 'number',
  multipleOf: 'positiveNumber',
  allOf: 'schemaArray',
  anyOf: 'schemaArray',
  oneOf: 'schemaArray',
  not: 'schemaOrBoolean',
};

const SUPPORTED_KEYWORDS = Object.freeze([...Object.keys(KEYWORDS)].sort());

const FIXES = {
  $ref: 'inline the referenced schema ($ref/$defs are not supported)',
  $defs: 'inline the definitions where they are used',
  definitions: 'inline the definitions where they are used',
  format: "remove 'format' or express it with 'pattern' (format is not validated)",
  patternProperties: "list the properties under 'properties', or use additionalProperties with a schema",
  prefixItems: "use 'items' with one schema for every element",
  contains: "use 'items' or anyOf",
  if: 'use anyOf/oneOf instead of if/then/else',
  then: 'use anyOf/oneOf instead of if/then/else',
  else: 'use anyOf/oneOf instead of if/then/else',
  dependentRequired: "use 'required' (or anyOf of alternatives)",
  dependentSchemas: 'use anyOf of alternatives',
  unevaluatedProperties: "use 'additionalProperties'",
  unevaluatedItems: "use 'items'",
  propertyNames: 'list the allowed names in properties with additionalProperties: false',
  minProperties: "use 'required'",
  maxProperties: 'use additionalProperties: false with an explicit property list',
  nullable: 'use "type": ["string", "null"] (nullable is OpenAPI, not JSON Schema)',
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function pointer(base, key) {
  return typeof key === 'number' ? `${base}[${key}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function compilePattern(p) {
  try {
    return new RegExp(p, 'u');
  } catch {
    return null;
  }
}

/**
 * Problems with a schema (unsupported keywords, wrong keyword values), all at once.
 * @returns {{ path: string, keyword: string, message: string, fix: string }[]}
 */
function schemaProblems(schema, path = '$', depth = 0) {
  const out = [];
  if (typeof schema === 'boolean') return out;
  if (!isObject(schema)) {
    out.push({ path, keyword: '', message: 'a schema must be an object (or true/false)', fix: 'pass a JSON Schema object such as { "type": "object" }' });
    return out;
  }
  if (depth > 32) {
    out.push({ path, keyword: '', message: 'the schema is nested more than 32 levels deep', fix: 'flatten the schema' });
    return out;
  }
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key];
    const at = path;
    if (ANNOTATIONS.includes(key)) continue;
    const kind = KEYWORDS[key];
    if (!kind) {
      out.push({ path: at, keyword: key, message: `keyword '${key}' is not supported by the evaluation scorer`, fix: FIXES[key] ?? `remove '${key}'; supported keywords: ${SUPPORTED_KEYWORDS.join(', ')}` });
      continue;
    }
    const bad = (message, fix) => out.push({ path: at, keyword: key, message, fix });
    switch (kind) {
      case 'type': {
        const list = Array.isArray(value) ? value : [value];
        if (list.length === 0 || list.some((t) => !TYPES.includes(t))) bad(`'type' must be one of ${TYPES.join(', ')} or a non-empty array of them`, 'fix the type name');
        break;
      }
      case 'array':
        if (!Array.isArray(value) || value.length === 0) bad(`'${key}' must be a non-empty array`, 'list the allowed values');
        break;
      case 'stringArray':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) bad(`'${key}' must be an array of property names`, 'list property names as strings');
        break;
      case 'count':
        if (!Number.isInteger(value) || value < 0) bad(`'${key}' must be a whole number of at least 0`, 'use a non-negative integer');
        break;
      case 'boolean':
        if (typeof value !== 'boolean') bad(`'${key}' must be true or false`, 'use a boolean');
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) bad(`'${key}' must be a number`, 'use a finite number');
        break;
      case 'positiveNumber':
        if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) bad(`'${key}' must be a number greater than 0`, 'use a positive number');
        break;
      case 'pattern':
        if (typeof value !== 'string' || compilePattern(value) === null) bad("'pattern' must be a valid ECMA-262 regular expression", 'fix the regular expression');
        break;
      case 'schemaMap':
        if (!isObject(value)) bad(`'${key}' must be an object of schemas`, 'map each property name to a schema');
        else for (const name of Object.keys(value).sort()) out.push(...schemaProblems(value[name], pointer(`${path}.properties`, name), depth + 1));
        break;
      case 'schemaOrBoolean':
        if (typeof value !== 'boolean') {
          if (Array.isArray(value)) bad(`'${key}' must be one schema (tuple form is not supported)`, "use one schema for every element, e.g. { \"type\": \"string\" }");
          else out.push(...schemaProblems(value, `${path}.${key}`, depth + 1));
        }
        break;
      case 'schemaArray':
        if (!Array.isArray(value) || value.length === 0) bad(`'${key}' must be a non-empty array of schemas`, 'list the alternative schemas');
        else value.forEach((s, i) => out.push(...schemaProblems(s, `${path}.${key}[${i}]`, depth + 1)));
        break;
      default:
        break; // const: anything JSON
    }
  }
  return out;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v; // 'object' | 'string' | 'number' | 'boolean'
}

function matchesType(v, t) {
  if (t === 'integer') return typeof v === 'number' && Number.isInteger(v);
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeOf(v) === t;
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeOf(a) !== typeOf(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(a[k], b[k]));
  }
  return false;
}

const codePoints = (s) => [...s].length;

/** multipleOf with a tolerance for binary fractions (0.1 steps). */
function isMultiple(v, m) {
  const q = v / m;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

const MAX_ERRORS = 20;

/**
 * Validates a JSON value against a schema that passed `schemaProblems`.
 * @returns {{ path: string, keyword: string, message: string }[]} at most 20 errors
 */
function validate(schema, value, path = '$', errors = [], depth = 0) {
  if (errors.length >= MAX_ERRORS) return errors;
  const fail = (keyword, message) => {
    if (errors.length < MAX_ERRORS) errors.push({ path, keyword, message });
  };
  if (schema === true) return errors;
  if (schema === false) {
    fail('false', 'no value is allowed here');
    return errors;
  }
  if (depth > 64) {
    fail('depth', 'the value is nested too deeply to validate');
    return errors;
  }
  if (schema.type !== undefined) {
    const list = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!list.some((t) => matchesType(value, t))) {
      fail('type', `expected ${list.join(' or ')}, got ${typeOf(value) === 'number' && !Number.isInteger(value) && list.includes('integer') ? 'a fractional number' : typeOf(value)}`);
      return errors; // the other keywords would only repeat the type error
    }
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => deepEqual(e, value))) fail('enum', `not one of the ${schema.enum.length} allowed values`);
  if (schema.const !== undefined && !deepEqual(schema.const, value)) fail('const', 'not the required constant');

  if (typeof value === 'string') {
    const n = codePoints(value);
    if (schema.minLength !== undefined && n < schema.minLength) fail('minLength', `shorter than ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && n > schema.maxLength) fail('maxLength', `longer than ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !compilePattern(schema.pattern).test(value)) fail('pattern', 'does not match the pattern');
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail('minimum', `less than ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail('maximum', `greater than ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) fail('exclusiveMinimum', `not greater than ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) fail('exclusiveMaximum', `not less than ${schema.exclusiveMaximum}`);
    if (schema.multipleOf !== undefined && !isMultiple(value, schema.multipleOf)) fail('multipleOf', `not a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail('minItems', `fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail('maxItems', `more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && value.some((x, i) => value.findIndex((y) => deepEqual(x, y)) !== i)) fail('uniqueItems', 'items are not unique');
    if (schema.items !== undefined) value.forEach((item, i) => validate(schema.items, item, `${path}[${i}]`, errors, depth + 1));
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(value, name)) {
        if (errors.length < MAX_ERRORS) errors.push({ path: pointer(path, name), keyword: 'required', message: 'required property is missing' });
      }
    }
    const props = schema.properties ?? {};
    for (const name of Object.keys(value)) {
      if (Object.prototype.hasOwnProperty.call(props, name)) validate(props[name], value[name], pointer(path, name), errors, depth + 1);
      // Names not in the schema come from the model: the path shows `<additional>`, never the name.
      else if (schema.additionalProperties === false) {
        if (errors.length < MAX_ERRORS) errors.push({ path: `${path}.<additional>`, keyword: 'additionalProperties', message: 'has a property the schema does not allow' });
      } else if (isObject(schema.additionalProperties)) validate(schema.additionalProperties, value[name], `${path}.<additional>`, errors, depth + 1);
    }
  }
  if (schema.allOf) schema.allOf.forEach((s) => validate(s, value, path, errors, depth + 1));
  if (schema.anyOf && !schema.anyOf.some((s) => validate(s, value, path, [], depth + 1).length === 0)) fail('anyOf', `matches none of the ${schema.anyOf.length} alternatives`);
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((s) => validate(s, value, path, [], depth + 1).length === 0).length;
    if (matching !== 1) fail('oneOf', `matches ${matching} of the alternatives, expected exactly 1`);
  }
  if (schema.not !== undefined && validate(schema.not, value, path, [], depth + 1).length === 0) fail('not', "matches the schema under 'not'");
  return errors;
}

module.exports = { SUPPORTED_KEYWORDS, ANNOTATIONS, schemaProblems, validate };
