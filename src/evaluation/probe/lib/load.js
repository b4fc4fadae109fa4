'use strict';
/*
 * Loads what a probe ships with: the evaluation manifest (written at synth, see
 * src/evaluation/manifest.ts) and its golden set, whose sha256 must equal the manifest's — a probe never
 * runs a dataset other than the one the stack recorded (and the audit trail names).
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseDataset } = require('./dataset');

const SCHEMA_VERSION = 1;

function loadManifest(file) {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!manifest || manifest.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(`${file}: evaluation manifest schemaVersion ${JSON.stringify(manifest && manifest.schemaVersion)} is not ${SCHEMA_VERSION}; synthesize the stack with this library's version`);
  }
  for (const k of ['gateway', 'team', 'feature', 'keyAlias', 'model', 'dataset', 'checks', 'minPassRate']) {
    if (manifest[k] === undefined) throw new Error(`${file}: the evaluation manifest has no '${k}'`);
  }
  return manifest;
}

/**
 * @param {string} manifestFile
 * @param {string} [datasetFile] default: manifest.dataset.file, relative to the manifest's directory
 */
function loadEvaluation(manifestFile, datasetFile) {
  const manifest = loadManifest(manifestFile);
  const file = datasetFile ?? path.resolve(path.dirname(manifestFile), manifest.dataset.file);
  const parsed = parseDataset(fs.readFileSync(file, 'utf8'));
  if (parsed.problems.length > 0) {
    const p = parsed.problems[0];
    throw new Error(`${file}: line ${p.line}${p.path ? ` ${p.path}` : ''}: ${p.message} (${parsed.problems.length} problem(s))`);
  }
  if (parsed.sha256 !== manifest.dataset.sha256) {
    throw new Error(`${file}: sha256 ${parsed.sha256} differs from the manifest's ${manifest.dataset.sha256}; synthesize again so the manifest records this golden set`);
  }
  return { manifest, cases: parsed.cases, datasetSha256: parsed.sha256, datasetFile: file };
}

module.exports = { loadManifest, loadEvaluation, SCHEMA_VERSION };
