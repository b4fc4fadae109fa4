import { featureProps, oneFeature, platform, team } from './fixtures';
import { OutputConsumer, StandardLlmFeature, ToolExecution } from '../../../src/feature';
import { DataClassification } from '../../../src/gateway';
import { PolicyBundle, type PolicyFinding } from '../../../src/policy';

const OPEN = (f: PolicyFinding) => !['Compliant', 'Not-Applicable', 'Suppressed'].includes(String(f.compliance));

describe('a feature\'s governance facts', () => {
  it('say what the feature declares and what its gateway does', () => {
    const f = oneFeature('aws', { toolExecution: ToolExecution.allowListed(['lookup_order', 'create_ticket']) });
    expect(f.feature.governanceFacts()).toEqual({
      kind: 'feature',
      team: 'hiring',
      name: 'job-description-gen',
      gateway: 'llm-gw',
      models: ['chat'],
      dataClassification: 'confidential',
      guardrails: expect.arrayContaining([expect.objectContaining({ purpose: 'pii', defaultOn: true })]),
      messageLogging: false,
      monthlyBudgetUsd: 1_000,
      tokensPerMinute: 50_000,
      requestsPerMinute: 200,
      toolExecution: 'allow-listed',
      tools: ['create_ticket', 'lookup_order'],
      automation: false,
      structuredOutput: false,
      businessFallback: 'Show the manual form; the posting is saved as a draft',
      owner: 'hiring-squad',
      oncall: 'hiring-oncall',
      environment: 'prod',
    });
  });
});

describe.each(['aws', 'gcp', 'kubernetes'] as const)('the team stack\'s policy bundle (%s)', (runtime) => {
  it('finds nothing open on the feature and what it created', () => {
    const f = oneFeature(runtime);
    f.app.synth();
    const [bundle] = PolicyBundle.governing(f.team.stack);
    const mine = bundle.findings(f.team.stack).filter((x) => x.resourcePath.startsWith('team-hiring/job-description-gen') || x.resourcePath.includes('Key-job-description-gen') || x.resourcePath.includes('LlmFeatureCallers'));
    expect(mine.length).toBeGreaterThan(5);
    // GCP's open findings here are the tenancy's key secret (CMEK, rotation by version) and alert policies
    // without channels in this fixture: not the feature's own.
    expect(mine.filter(OPEN).filter((x) => !x.resourcePath.includes('/Quota/')).map((x) => `${x.ruleId} ${x.resourcePath}`)).toEqual([]);
    if (runtime !== 'gcp') expect(bundle.findings(f.team.stack).filter(OPEN).map((x) => `${x.ruleId} ${x.resourcePath}`)).toEqual([]);
  });
});

// Staging: production readiness would stop these first (it checks the same things); the rules apply everywhere.
describe('governance rules stop a non-compliant feature at synthesis', () => {
  it('LLM-GOV-7: a program consumes the output without a structured output contract', () => {
    const f = oneFeature('aws', { outputConsumer: OutputConsumer.AUTOMATION }, { environment: 'staging' });
    expect(() => f.app.synth()).toThrow(/\[team-hiring\/job-description-gen\] \[LLM-GOV-7\]/);
  });

  it('a structured output contract satisfies it', () => {
    const f = oneFeature('aws', { outputConsumer: OutputConsumer.AUTOMATION, structuredOutput: { schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } } }, { environment: 'staging' });
    expect(() => f.app.synth()).not.toThrow();
  });

  it('LLM-GOV-9: confidential data on a gateway that logs messages', () => {
    const p = platform('aws', { allowMessageLogging: true, environment: 'staging' });
    const t = team(p);
    new StandardLlmFeature(t.stack, 'jd', featureProps('aws', { dataClassification: DataClassification.RESTRICTED }));
    expect(() => p.app.synth()).toThrow(/\[team-hiring\/jd\] \[LLM-GOV-9\]/);
  });

  it('internal data on the same gateway passes LLM-GOV-9', () => {
    const p = platform('aws', { allowMessageLogging: true, environment: 'staging' });
    const t = team(p);
    const feature = new StandardLlmFeature(t.stack, 'jd', featureProps('aws', { dataClassification: DataClassification.INTERNAL }));
    expect(feature.governanceFacts().messageLogging).toBe(true);
    p.app.synth();
    const [bundle] = PolicyBundle.governing(t.stack);
    // Not applicable (not reported), while the restricted feature above is an error.
    expect(bundle.findings(t.stack).filter((x) => x.ruleId === 'LLM-GOV-9')).toEqual([]);
  });
});
