import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Testing } from '../../src/core/cdktf';
import { StandardLlmFeature } from '../../src/feature';
import { TeamStack } from '../../src/platform';
import { buildExample } from '../examples/load-examples';

/**
 * The platform examples' evaluated features: the quickstart probes all three of its features, the GCP and
 * Kubernetes platforms one each. Each writes the gate's manifest and golden set beside its team stack's
 * cdk.tf.json, and its readiness report shows continuous-qa passed (not declared).
 */
const EVALUATED: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ['aws-platform', ['cv-screening', 'job-description-gen', 'kb-answers']],
  ['gcp-platform', ['ticket-summary']],
  ['kubernetes-platform', ['dispute-triage']],
];

describe.each(EVALUATED)('example %s', (name, evaluated) => {
  const app = buildExample(name, new App({ outdir: Testing.app().outdir, stackTraces: false }));
  app.synth();
  const teams = app.node.children.filter((c): c is TeamStack => c instanceof TeamStack);
  const features = teams.flatMap((t) => t.node.findAll()
    .filter((c): c is StandardLlmFeature => c instanceof StandardLlmFeature)
    .map((f) => ({ team: t, f })));

  it(`probes ${evaluated.join(', ')}`, () => {
    expect(features.filter(({ f }) => f.evaluation !== undefined).map(({ f }) => f.featureName).sort()).toEqual([...evaluated]);
  });

  it('writes the manifest and golden set of every evaluated feature beside its stack, and continuous-qa passes', () => {
    for (const { team, f } of features.filter((x) => x.f.evaluation)) {
      const dir = path.join(app.outdir, 'stacks', team.node.id);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'evaluation', `${f.featureName}.json`), 'utf8'));
      expect(manifest).toMatchObject({ schemaVersion: 1, team: team.team, feature: f.featureName, keyAlias: f.keyAlias });
      expect(fs.readFileSync(path.join(dir, 'evaluation', `${f.featureName}.jsonl`), 'utf8')).toBe(f.props.evaluation!.goldenSet.text);
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.json'), 'utf8'));
      const entry = report.features.find((x: any) => x.feature === f.featureName);
      expect(entry.items.find((i: any) => i.id === 'continuous-qa').status).toBe('passed');
    }
  });
});
