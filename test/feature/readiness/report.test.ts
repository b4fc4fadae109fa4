import {
  READINESS_SCHEMA, READINESS_SCHEMA_VERSION, evaluateReadiness, evidence, fact, markdownTableCell, renderReadinessJson, renderReadinessMarkdown,
} from '../api';
import { readyFacts, tweak } from '../fixtures';

const results = () => [
  evaluateReadiness(readyFacts({ name: 'summarizer' })),
  evaluateReadiness(tweak(readyFacts({ name: 'job-description-gen' }), { businessFallback: fact(undefined, evidence.prop('props.businessFallback')) })),
];

describe('readiness-report.json', () => {
  test('is versioned, sorted by team and feature, and summarises every status', () => {
    // GIVEN two features registered in reverse order  WHEN rendered
    const json = renderReadinessJson('hiring', results());
    // THEN the schema is identified, features are sorted, counts add up
    expect(json.schema).toBe(READINESS_SCHEMA);
    expect(json.schemaVersion).toBe(READINESS_SCHEMA_VERSION);
    expect(json.features.map((f) => f.feature)).toEqual(['job-description-gen', 'summarizer']);
    expect(json.ready).toBe(false);
    const total = Object.values(json.summary).reduce((a, b) => a + b, 0);
    expect(total).toBe(24);
    expect(json.features[0].summary.failed).toBeGreaterThan(0);
  });

  test('is byte-identical for the same input, whatever the registration order', () => {
    const [a, b] = results();
    expect(JSON.stringify(renderReadinessJson('hiring', [a, b]))).toBe(JSON.stringify(renderReadinessJson('hiring', [b, a])));
  });

  test('schema (pinned: a change here is a schema change — bump READINESS_SCHEMA_VERSION)', () => {
    expect(renderReadinessJson('hiring', [evaluateReadiness(readyFacts())])).toMatchSnapshot();
  });
});

describe('readiness-report.md', () => {
  test('has a table per feature and the evidence behind every check', () => {
    const md = renderReadinessMarkdown('hiring', results());
    expect(md).toContain('## hiring/job-description-gen');
    expect(md).toContain('## hiring/summarizer');
    expect(md.match(/\| Item \| Required \| Status \| Checks \|/g)).toHaveLength(2);
    expect(md).toContain('| `fault-tolerance` Fault tolerance and blast radius | yes | **FAILED** |');
    expect(md).toContain('**Fix:** state businessFallback');
    expect(md).toContain('`aws_ecs_service.gateway_Service_1` (platform): deployment_circuit_breaker { enable = true, rollback = true }');
    expect(md).toContain('| `prompt-versioning` Prompt version control and regression tests | yes | declared |');
  });
  test('escapes table cells', () => {
    expect(markdownTableCell('a|b\nc')).toBe('a\\|b c');
  });
});
