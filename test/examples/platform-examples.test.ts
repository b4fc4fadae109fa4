import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildExample } from './load-examples';
import { App, Testing } from '../../src/core/cdktf';
import { LlmPlatform, TeamStack } from '../../src/platform';

// The three LlmPlatform examples (issue 14): production platforms with two squads each. Policy packs: test/policy/
// examples.test.ts; real Terraform: test/examples/examples.test.ts. Here: what a squad and the platform team get.
/** Features per example: the quickstart has three (the two squads, three features), the others one per squad. */
const PLATFORM_EXAMPLES = [['aws-platform', 3], ['gcp-platform', 2], ['kubernetes-platform', 2]] as const;

describe.each(PLATFORM_EXAMPLES)('example %s', (name, featureCount) => {
  const app = buildExample(name, new App({ outdir: Testing.app().outdir, stackTraces: false }));
  app.synth();
  const platforms = app.node.children.filter((c): c is LlmPlatform => c instanceof LlmPlatform);
  const teams = app.node.children.filter((c): c is TeamStack => c instanceof TeamStack);
  const file = (stack: string, rel: string) => path.join(app.outdir, 'stacks', stack, rel);

  it(`is one production platform with two squads and ${featureCount} features`, () => {
    expect(platforms).toHaveLength(1);
    expect(platforms[0].production).toBe(true);
    expect(teams).toHaveLength(2);
    const features = teams.flatMap((t) => t.tenant.tenantKeys.map((k) => k.keyAlias));
    expect(features).toHaveLength(featureCount);
  });

  it('every team stack is ready: each required readiness item passes or is declared, none fails', () => {
    for (const team of teams) {
      const report = JSON.parse(fs.readFileSync(file(team.node.id, 'readiness-report.json'), 'utf8'));
      expect(report.ready).toBe(true);
      for (const feature of report.features) {
        expect(feature.production).toBe(true);
        const failing = feature.items.filter((i: any) => i.required && i.status === 'failed').map((i: any) => `${feature.feature}: ${i.id}`);
        expect(failing).toEqual([]);
        // Synthesis cannot see a prompt repository or a golden dataset: declared, never passed.
        expect(feature.items.find((i: any) => i.id === 'continuous-qa').status).not.toBe('failed');
      }
      expect(fs.readFileSync(file(team.node.id, 'readiness-report.md'), 'utf8')).toMatch(/^Overall: ready/m);
      for (const key of team.tenant.tenantKeys) expect(fs.existsSync(file(team.node.id, `runbooks/${key.name}.md`))).toBe(true);
    }
  });

  it('writes the policy reports and dashboards beside every stack of the platform', () => {
    for (const stack of [...platforms, ...teams]) {
      expect(fs.existsSync(file(stack.node.id, 'policy-report.json'))).toBe(true);
      expect(fs.existsSync(file(stack.node.id, 'policy-report.sarif'))).toBe(true);
      expect(fs.readdirSync(file(stack.node.id, 'dashboards')).length).toBeGreaterThan(0);
    }
  });
});
