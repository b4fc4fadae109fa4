import * as fc from 'fast-check';
import { ValidationError } from '../../src/core/errors';
import {
  budgetDurationProblem,
  canonicalJson,
  describeDesiredState,
  desiredStateProblems,
  desiredStateSha256,
  diffDesiredStates,
  parseLiteLLMDuration,
  renderDesiredState,
  teamDesiredState,
  type TeamDesiredStateInput,
} from '../../src/tenancy/desired-state';
import { GATEWAY_ADMIN_HANDLER_DIR } from '../../src/tenancy/lambdas';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const js = require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/canonical.js`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { documentProblems, documentSha256 } = require(`${GATEWAY_ADMIN_HANDLER_DIR}/lib/reconcile.js`);

export const HIRING: TeamDesiredStateInput = {
  gateway: 'llm-prod',
  team: 'hiring',
  environment: 'prod',
  owner: 'hiring-squad',
  models: ['embed', 'chat'],
  budgetUsd: 2000,
  softBudgetPercent: 80,
  tokensPerMinute: 200_000,
  requestsPerMinute: 600,
  modelLimits: { chat: { tokensPerMinute: 150_000 } },
  keys: [
    { feature: 'job-description-gen', models: ['chat'], tokensPerMinute: 50_000, rotationDays: 30, secret: { store: 'aws-secrets-manager', id: 'llm-prod/keys/hiring/job-description-gen' } },
    { feature: 'cv-screen', tokensPerMinute: 20_000, budgetUsd: 300, secret: { store: 'aws-secrets-manager', id: 'llm-prod/keys/hiring/cv-screen' } },
  ],
};

describe('teamDesiredState', () => {
  test('builds LiteLLM team and key fields, sorted, with metadata and the managed marker', () => {
    const doc = teamDesiredState(HIRING);
    expect(doc.team).toEqual({
      team_id: 'hiring',
      team_alias: 'hiring',
      models: ['chat', 'embed'],
      max_budget: 2000,
      budget_duration: '1mo',
      soft_budget: 1600,
      tpm_limit: 200_000,
      rpm_limit: 600,
      model_tpm_limit: { chat: 150_000 },
      metadata: { environment: 'prod', gateway: 'llm-prod', managed_by: 'cdktf-llm-platform', owner: 'hiring-squad', team: 'hiring' },
    });
    expect(doc.keys.map((k) => k.key_alias)).toEqual(['hiring/cv-screen', 'hiring/job-description-gen']);
    expect(doc.keys[0]).toEqual({
      key_alias: 'hiring/cv-screen',
      models: ['chat', 'embed'],
      max_budget: 300,
      budget_duration: '1mo',
      tpm_limit: 20_000,
      metadata: { environment: 'prod', feature: 'cv-screen', gateway: 'llm-prod', managed_by: 'cdktf-llm-platform', owner: 'hiring-squad', team: 'hiring' },
      rotation_days: 30,
      secret: { store: 'aws-secrets-manager', id: 'llm-prod/keys/hiring/cv-screen' },
    });
    expect(doc.removalPolicy).toBe('retain');
    // The reconciler accepts what the builder produces.
    expect(documentProblems(doc)).toEqual([]);
  });

  test('reports every problem at once, each with path, value and fix', () => {
    const bad: TeamDesiredStateInput = {
      gateway: 'llm-prod',
      team: 'Hiring_Team',
      models: [],
      budgetUsd: -5,
      budgetDuration: '2mo',
      softBudgetPercent: 120,
      tokensPerMinute: 1.5,
      metadata: { model_tpm_limit: 'x' },
      keys: [
        { feature: 'a', models: ['chat'], tokensPerMinute: 10, secret: { store: 'kubernetes', id: 'not a ref' } },
        { feature: 'a', secret: { store: 'aws-secrets-manager', id: 'x' } },
      ],
    };
    let error: ValidationError | undefined;
    try {
      teamDesiredState(bad, 'stack/hiring');
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const paths = error!.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining([
      'team', 'models', 'budgetUsd', 'budgetDuration', 'softBudgetPercent', 'tokensPerMinute', 'metadata.model_tpm_limit',
      'keys[0].secret.id', 'keys[1].feature',
    ]));
    expect(error!.message).toContain('[stack/hiring]');
    expect(error!.problems.find((p) => p.path === 'budgetDuration')!.message).toMatch(/only as "1mo"/);
    for (const p of error!.problems) expect(p.fix.length).toBeGreaterThan(5);
  });

  test('key limits and models stay within the team', () => {
    const problems = desiredStateProblems({
      ...HIRING,
      keys: [{ feature: 'big', models: ['chat', 'image'], tokensPerMinute: 300_000, requestsPerMinute: 601, budgetUsd: 5000, secret: { store: 'aws-secrets-manager', id: 's' } }],
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^keys\[0\]\.models: is not in the team's models/),
      expect.stringMatching(/^keys\[0\]\.tokensPerMinute: exceeds the team's tokensPerMinute/),
      expect.stringMatching(/^keys\[0\]\.requestsPerMinute: exceeds/),
      expect.stringMatching(/^keys\[0\]\.budgetUsd: exceeds/),
    ]));
  });

  test('special LiteLLM model names that widen access are refused', () => {
    for (const m of ['*', 'all-proxy-models', 'all-team-models']) {
      expect(desiredStateProblems({ ...HIRING, models: [m], keys: [] }).map((p) => p.path)).toContain('models[0]');
    }
  });

  test('bad input of any shape is a ValidationError, never a TypeError', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), fc.anything(), (a, b, c) => {
      const input = { ...HIRING, team: a, models: b, keys: [{ feature: c, secret: a }] } as unknown as TeamDesiredStateInput;
      try {
        teamDesiredState(input);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
      }
    }), { numRuns: 300 });
    expect(() => teamDesiredState(null as unknown as TeamDesiredStateInput)).toThrow(ValidationError);
  });
});

describe('LiteLLM duration grammar (duration_parser.py)', () => {
  test.each([['1mo', true], ['30d', true], ['7d', true], ['24h', true], ['90m', true], ['2w', true], ['45s', true]])('%s is a budget duration', (d, ok) => {
    expect(budgetDurationProblem(d) === undefined).toBe(ok);
  });
  test.each(['2mo', '0d', '30', 'd', '30dx', ' 30d', '1y', '-1d', '1.5d'])('%s is not', (d) => {
    expect(budgetDurationProblem(d)).toBeDefined();
  });
  test('parses count and unit', () => {
    expect(parseLiteLLMDuration('12mo')).toEqual({ count: 12, unit: 'mo' });
    expect(parseLiteLLMDuration('12m')).toEqual({ count: 12, unit: 'm' });
  });
});

describe('rendering for the plan', () => {
  test('deterministic: key order in the input does not change the output or the hash', () => {
    const a = teamDesiredState(HIRING);
    const b = teamDesiredState({ ...HIRING, models: ['chat', 'embed'], keys: [...HIRING.keys!].reverse() });
    expect(renderDesiredState(b)).toBe(renderDesiredState(a));
    expect(desiredStateSha256(b)).toBe(desiredStateSha256(a));
    // one field per line, sorted keys: a reviewer reads the diff line by line
    expect(renderDesiredState(a)).toContain('\n    "max_budget": 2000,\n');
  });

  test('the reconciler computes the same canonical bytes and hash', () => {
    const doc = teamDesiredState(HIRING);
    expect(js.canonicalJson(doc)).toBe(canonicalJson(doc));
    expect(documentSha256(JSON.parse(renderDesiredState(doc)))).toBe(desiredStateSha256(doc));
    // Terraform's lifecycle field (lifecycle_scope CRUD) is not part of the document's identity
    expect(documentSha256({ ...JSON.parse(renderDesiredState(doc)), tf: { action: 'update' } })).toBe(desiredStateSha256(doc));
  });

  test('readable summary and diff', () => {
    const before = teamDesiredState(HIRING);
    const after = teamDesiredState({ ...HIRING, budgetUsd: 2500, keys: [HIRING.keys![0], { feature: 'interview-notes', secret: { store: 'aws-secrets-manager', id: 'n' } }] });
    expect(describeDesiredState(before)[0]).toBe('team hiring on gateway llm-prod (prod): models [chat, embed], budget $2000/1mo (alert at $1600), 200000 TPM, 600 RPM, per model chat: 150000 TPM; removal policy retain');
    expect(describeDesiredState(before)[2]).toMatch(/^key hiring\/job-description-gen: models \[chat\], no budget\b|^key hiring\/job-description-gen: models \[chat\], 50000 TPM/);
    const diff = diffDesiredStates(before, after);
    expect(diff).toEqual(expect.arrayContaining([
      '~ team.max_budget: 2000 -> 2500',
      '~ team.soft_budget: 1600 -> 2000',
      '- keys[hiring/cv-screen].max_budget: 300',
      '+ keys[hiring/interview-notes].key_alias: "hiring/interview-notes"',
    ]));
    expect(diff.some((l) => l.includes('job-description-gen'))).toBe(false);
    expect(diffDesiredStates(before, teamDesiredState(HIRING))).toEqual([]);
  });
});
