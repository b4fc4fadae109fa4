import { featureProps, oneFeature, platform, resources, synthJson, team } from './fixtures';
import { ValidationError } from '../../../src/core';
import { FeatureCaller, StandardLlmFeature } from '../../../src/feature';
import { VectorAccess } from '../../../src/vector-store';

describe.each(['aws', 'gcp', 'kubernetes'] as const)('a feature\'s vector collection (%s)', (runtime) => {
  const f = oneFeature(runtime, { vectorCollection: { dimensions: 1024, access: VectorAccess.READ } }, { vectorStore: true });

  it('is declared from the team stack, named after the feature, granted to the callers', () => {
    const c = f.feature.vectorCollection!;
    expect(c).toMatchObject({ team: 'hiring', name: 'job-description-gen', dimensions: 1024 });
    const facts = f.feature.readinessFacts().vectorCollection!;
    expect(facts.collection.value).toEqual({ name: 'job-description-gen', dimensions: 1024 });
    expect(facts.grants.value).toEqual([runtime === 'aws' ? 'read: hiring_jd_gen_task' : runtime === 'gcp' ? expect.stringMatching(/^read: jd-gen-svc@acme-llm-prod\.iam/) : 'read: team-hiring/jd-gen-app']);
    expect(facts.backend.value).toBe(runtime === 'aws' ? 'aurora-pgvector' : runtime === 'gcp' ? 'cloud-sql-pgvector' : 'qdrant-helm');
  });

  // The platform stack staying byte-identical is in multi-stack.test.ts.
  it('creates its resources in the team stack', () => {
    const teamJson = synthJson(f.app, f.team.stack);
    expect(Object.keys(teamJson.resource).some((t) => (runtime === 'aws' ? t === 'aws_lambda_invocation' : runtime === 'gcp' ? t.startsWith('google_') : t.startsWith('kubernetes_')))).toBe(true);
    if (runtime === 'aws') {
      // The caller role may connect as its own database login, nothing else.
      const policies = Object.values<any>(resources(teamJson, 'aws_iam_role_policy')).map((p) => String(p.policy));
      expect(policies.some((p) => p.includes('rds-db:connect') && p.includes('hiring_jd_gen_task'))).toBe(true);
    }
  });
});

describe('drills', () => {
  it('an opted-in feature with a collection on ECS + Aurora gets the team stack\'s vector store failover drill', () => {
    const f = oneFeature('aws', { vectorCollection: { dimensions: 1024 }, drills: true }, { vectorStore: true });
    const json = synthJson(f.app, f.team.stack);
    expect(Object.keys(resources(json, 'aws_fis_experiment_template'))).toHaveLength(1);
    const facts = f.feature.readinessFacts();
    expect(facts.drills.value).toEqual([expect.stringMatching(/^drills\/team-hiring-vectors-vector-store-failover\.md$/)]);
    expect(facts.drills.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['file', 'resource']));
  });

  it('no drill unless opted in', () => {
    const f = oneFeature('aws', { vectorCollection: { dimensions: 1024 } }, { vectorStore: true });
    expect(resources(synthJson(f.app, f.team.stack), 'aws_fis_experiment_template')).toEqual({});
    expect(f.feature.readinessFacts().drills.value).toEqual([]);
  });
});

describe('vector collection validation', () => {
  it('a caller role known only at apply time cannot name a database login; an invalid name is reported up front', () => {
    const p = platform('aws', { vectorStore: true });
    const t = team(p);
    let err: ValidationError | undefined;
    try {
      new StandardLlmFeature(t.stack, 'jd', featureProps('aws', {
        callers: [FeatureCaller.awsRole(t.tenant.identity.roleName!)],
        vectorCollection: { dimensions: 1024, name: 'Bad Name' },
      }));
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect(err!.problems.map((x) => [x.path, x.message])).toEqual([
      ['vectorCollection.name', 'is not a valid collection name'],
      ['callers[0]', expect.stringMatching(/known only at apply time/)],
    ]);
  });
});
