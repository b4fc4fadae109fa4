import * as fs from 'node:fs';
import * as path from 'node:path';
import { emittedResourceTypes } from '../../scripts/policy-coverage';
import { COVERAGE_DOC_END, COVERAGE_DOC_START, policyCoverage, renderCoverageMarkdown } from '../../src/policy/docs';
import { INERT_RESOURCE_TYPES } from '../../src/policy/rules/inert-types';
import { LLM_GOVERNANCE_RULES, SECURITY_BASELINE_RULES } from '../../src/policy/rules/registry';

// Issue 11 item 8: every resource type src/ emits is checked by at least one rule (or listed with the reason
// it has nothing to check).
describe('policy coverage of the resource types the library emits', () => {
  const emitted = emittedResourceTypes();

  test('the scan finds what the library emits (bindings imported, resources written as overrides)', () => {
    expect(emitted.size).toBeGreaterThan(80);
    expect(emitted.get('aws_ecs_service')?.some((f) => f.startsWith('src/gateway/runtimes/ecs'))).toBe(true);
    expect(emitted.get('aws_lambda_function')).toBeDefined();
    expect(emitted.get('helm_release')).toBeDefined();
    // Data sources and providers are not resources.
    expect([...emitted.keys()].filter((t) => t.startsWith('data_') || t === 'aws')).toEqual([]);
  });

  test('every emitted type has a rule or a documented reason (add a rule under src/policy/rules/)', () => {
    const coverage = policyCoverage(emitted);
    expect(coverage.uncovered.map((u) => `${u.type} (emitted by ${u.emittedBy.join(', ')})`)).toEqual([]);
  });

  test('the inert list holds only emitted types that no rule covers, each with a reason', () => {
    const ruled = new Set([...SECURITY_BASELINE_RULES, ...LLM_GOVERNANCE_RULES].flatMap((r) => r.resourceTypes));
    for (const [type, reason] of Object.entries(INERT_RESOURCE_TYPES)) {
      expect({ type, emitted: emitted.has(type), ruled: ruled.has(type) }).toEqual({ type, emitted: true, ruled: false });
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  test('a new emitted type without a rule is reported', () => {
    const withNew = new Map([...emitted, ['aws_brand_new_thing', ['src/x.ts']]]);
    expect(policyCoverage(withNew).uncovered).toContainEqual({ type: 'aws_brand_new_thing', emittedBy: ['src/x.ts'] });
  });

  test('the README coverage section is generated and up to date (npx projen docs:policy)', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const start = text.indexOf(COVERAGE_DOC_START);
    const end = text.indexOf(COVERAGE_DOC_END);
    const current = start >= 0 && end >= 0 ? text.slice(start, end + COVERAGE_DOC_END.length) : '';
    if (current !== renderCoverageMarkdown(policyCoverage(emitted)).trimEnd()) {
      throw new Error('The README policy coverage section is missing or out of date. Regenerate it: npx projen docs:policy');
    }
  });
});
