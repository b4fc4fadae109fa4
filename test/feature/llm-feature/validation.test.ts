import { Construct } from 'constructs';
import { callerFor, featureProps, platform, team } from './fixtures';
import { ValidationError } from '../../../src/core';
import { TerraformStack } from '../../../src/core/cdktf';
import { FeatureCaller, OutputConsumer, StandardLlmFeature, TeamContext, ToolExecution, type StandardLlmFeatureProps } from '../../../src/feature';
import { TeamIdentity, TenantQuota } from '../../../src/tenancy';

/** The problems a construction reports (fails the test when it does not throw a ValidationError). */
function problems(build: () => unknown): Array<{ path: string; message: string; fix: string; received: string }> {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return [...(e as ValidationError).problems];
  }
  throw new Error('expected a ValidationError');
}

describe('StandardLlmFeature validation', () => {
  const p = platform('aws', { observability: false });
  const t = team(p);
  const make = (id: string, overrides: Partial<StandardLlmFeatureProps> = {}) => () => new StandardLlmFeature(t.stack, id, featureProps('aws', overrides));

  it('outside a team stack: names the scope and how to register the team', () => {
    const stack = new TerraformStack(p.app, 'loose');
    const [pr] = problems(() => new StandardLlmFeature(stack, 'jd', featureProps('aws')));
    expect(pr).toMatchObject({ path: '(scope)', message: expect.stringMatching(/not inside a team stack/), fix: expect.stringMatching(/TeamContext\.register\(teamStack/) });
  });

  it('TeamContext.of says the same, naming the scope', () => {
    const stack = new TerraformStack(p.app, 'loose2');
    expect(() => TeamContext.of(stack)).toThrow(/\[loose2\].*\(scope\): is not inside a team stack.*Fix: create it in a stack from LlmPlatform\.teamStack/s);
  });

  it('reports every problem at once, with paths, values and fixes', () => {
    const found = problems(make('Bad_Name', {
      models: ['chat', 'vision', 'chat'],
      quota: { tokensPerMinute: 900_000, requestsPerMinute: 0, monthlyBudgetUsd: 9_000 },
      slo: { availability: 0.999, latencyP95Ms: 1100 },
      toolExecution: ToolExecution.allowListed([]),
      callers: [FeatureCaller.gcpServiceAccount('x@acme-llm-prod.iam.gserviceaccount.com')],
      businessFallback: ' ',
    }));
    const byPath = Object.fromEntries(found.map((x) => [x.path, x.message]));
    expect(byPath).toMatchObject({
      '(id)': expect.stringMatching(/not a valid feature name/),
      'models[1]': expect.stringMatching(/not an alias of gateway llm-gw/),
      'models[2]': expect.stringMatching(/listed twice/),
      'quota.tokensPerMinute': expect.stringMatching(/above the team's tokens per minute \(200000\)/),
      'quota.requestsPerMinute': expect.stringMatching(/positive/),
      'quota.monthlyBudgetUsd': expect.stringMatching(/above the team's monthly budget \(5000\)/),
      'slo.latencyP95Ms': expect.stringMatching(/not a latency bucket boundary/),
      'toolExecution.tools': expect.stringMatching(/empty/),
      'callers[0]': expect.stringMatching(/does not run where the gateway runs \(ecs-fargate\)/),
      'businessFallback': expect.stringMatching(/empty/),
    });
    expect(found.every((x) => x.fix.length > 10)).toBe(true);
  });

  it('the SLO latency must be a bucket boundary of the gateway histogram (fix lists them)', () => {
    const [pr] = problems(make('slo', { slo: { availability: 0.999, latencyP95Ms: 1234 } }));
    expect(pr).toMatchObject({ path: 'slo.latencyP95Ms', fix: expect.stringMatching(/1200/) });
  });

  it('models must be the team\'s', () => {
    const p2 = platform('aws', { observability: false });
    const t2 = team(p2);
    const narrow = new TenantQuota(t2.stack, 'Narrow', {
      gateway: p2.gateway, team: 'narrow', models: ['chat'], monthlyBudgetUsd: 10, tokensPerMinute: 10, requestsPerMinute: 10, identity: TeamIdentity.awsRole(),
    });
    const scope = new Construct(t2.stack, 'NarrowScope');
    TeamContext.register(scope, { tenant: narrow });
    const found = problems(() => new StandardLlmFeature(scope, 'jd', featureProps('aws', { models: ['embed'], quota: { tokensPerMinute: 10, requestsPerMinute: 10, monthlyBudgetUsd: 10 } })));
    expect(found).toEqual([expect.objectContaining({ path: 'models[0]', message: "is not one of team narrow's models", fix: expect.stringMatching(/use one of chat/) })]);
  });

  it('callers: at least one, of the gateway\'s cloud, valid, each once', () => {
    expect(problems(make('none', { callers: [] }))[0]).toMatchObject({ path: 'callers', message: expect.stringMatching(/nobody could read the key/) });
    const found = problems(make('dup', { callers: [FeatureCaller.awsRole('arn:aws:iam::123456789012:role/svc/jd-task'), FeatureCaller.awsRole('jd-task'), FeatureCaller.awsRole('no spaces allowed')] }));
    expect(found.map((x) => [x.path, x.message])).toEqual([
      ['callers[1]', 'is listed twice'],
      ['callers[2]', 'is not an IAM role name or role ARN'],
    ]);
  });

  it('a feature name is used once per team, wherever it sits in the team stack', () => {
    new StandardLlmFeature(t.stack, 'once', featureProps('aws'));
    const elsewhere = new Construct(t.stack, 'Elsewhere');
    expect(problems(() => new StandardLlmFeature(elsewhere, 'once', featureProps('aws')))).toEqual([expect.objectContaining({ path: '(id)', message: 'is already a key of team hiring' })]);
  });

  it('a vector collection needs a vector store registered with the team', () => {
    expect(problems(make('vectors', { vectorCollection: { dimensions: 1536 } }))).toEqual([
      expect.objectContaining({ path: 'vectorCollection', message: 'has no vector store to live in' }),
    ]);
  });

  it('rejects junk without a TypeError', () => {
    for (const junk of [undefined, null, 42, 'x', [], { models: 'chat' }, { ...featureProps('aws'), callers: [{}] }, { ...featureProps('aws'), toolExecution: { mode: 'none' } }]) {
      expect(() => new StandardLlmFeature(t.stack, `junk${Math.random().toString(36).slice(2, 8)}`, junk as any)).toThrow(ValidationError);
    }
  });

  it('rejects a literal secret anywhere in the props without echoing it', () => {
    const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD';
    const e = (() => {
      try {
        make('leak', { businessFallback: secret })();
      } catch (err) {
        return err as ValidationError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(ValidationError);
    expect(e!.message).not.toContain(secret);
  });

  it('accepts an automation consumer without a schema (LLM-GOV-7 reports it) and an allow-list', () => {
    expect(() => make('automation', { outputConsumer: OutputConsumer.AUTOMATION, toolExecution: ToolExecution.allowListed(['lookup_order']) })()).not.toThrow();
  });
});

describe('Kubernetes callers', () => {
  it('must run in the team namespace', () => {
    const p = platform('kubernetes', { observability: false });
    const t = team(p);
    const found = problems(() => new StandardLlmFeature(t.stack, 'jd', featureProps('kubernetes', { callers: [FeatureCaller.kubernetesServiceAccount('other-ns', 'jd-app')] })));
    expect(found).toEqual([expect.objectContaining({ path: 'callers[0].namespace', message: expect.stringMatching(/not the team's namespace \(team-hiring\)/), fix: 'run the caller in namespace team-hiring' })]);
  });
});

describe('TeamContext.register', () => {
  it('checks its parts, all at once', () => {
    const p = platform('aws');
    const a = team(p, 'alpha');
    const b = new TerraformStack(p.app, 'team-beta');
    const obsOfOtherTeam = p.observability!.addTeamDashboard('gamma', { scope: b });
    let err: ValidationError | undefined;
    try {
      TeamContext.register(b, { tenant: a.tenant, observability: obsOfOtherTeam, environment: 'Prod!', runbookUrl: 'http://insecure', oncall: '' } as any);
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect(err!.constructPath).toBe('TeamContext.register(team-beta)');
    expect(err!.problems.map((x) => x.path).sort()).toEqual(['environment', 'observability', 'oncall', 'runbookUrl', 'tenant']);
  });

  it('registers once per scope and is found from nested scopes', () => {
    const p = platform('aws', { observability: false });
    const t = team(p);
    expect(() => TeamContext.register(t.stack, { tenant: t.tenant })).toThrow(/already has a TeamContext/);
    const nested = new Construct(new Construct(t.stack, 'A'), 'B');
    expect(TeamContext.of(nested)).toBe(t.context);
    expect(t.context).toMatchObject({ team: 'hiring', environment: 'prod', gateway: p.gateway, tenant: t.tenant });
  });

  it('takes the environment from the tenant, or asks for it', () => {
    const p = platform('aws', { observability: false, environment: 'staging' });
    const t = team(p);
    expect(t.context.environment).toBe('staging');
    expect(callerFor('aws').toString()).toBe('jd-gen-task');
  });
});
