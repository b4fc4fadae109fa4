import { callerFor, featureProps, oneFeature, platform, resources, synthJson, team } from './fixtures';
import { StandardLlmFeature } from '../../../src/feature';
import { snapshotOf, terraformCheck, synthToDirectory } from '../../../src/testing';

describe('StandardLlmFeature defaults', () => {
  it('team stack with one feature (ECS Fargate): snapshot', () => {
    const f = oneFeature('aws');
    f.app.synth();
    expect(snapshotOf(f.team.stack)).toMatchSnapshot();
  });

  it('the team stack passes the real-Terraform check (validate + mocked plan against AWS provider 5.100.0)', async () => {
    const f = oneFeature('aws');
    const result = await terraformCheck(synthToDirectory(f.team.stack));
    expect({ status: result.status, message: result.status === 'passed' ? '' : result.message }).toEqual({ status: 'passed', message: '' });
  }, 300_000);
});

/**
 * Logical ids of what holds state: the key's secret (its value, rotation history and recovery window), and
 * the grants callers rely on. A rename would delete the secret (breaking every running caller) and create an
 * empty one; these ids must never change for a released feature name.
 */
describe('logical ids of stateful resources are stable', () => {
  it.each([
    ['aws', 'aws_secretsmanager_secret', /^Quota_Aws_Key-job-description-gen_9B69F6A1$/],
    ['aws', 'aws_secretsmanager_secret_rotation', /^Quota_Aws_Key-job-description-gen-Rotation_[0-9A-F]{8}$/],
    ['aws', 'aws_iam_role_policy', /^Quota_Aws_ReadKeys-0e7cd0fc_98642DFC$/],
    ['gcp', 'google_secret_manager_secret', /^Quota_Gcp_Key-job-description-gen_96522D8F$/],
    ['gcp', 'google_cloud_run_v2_service_iam_member', /^LlmFeatureCallers-hiring_Invoker[0-9a-f]{8}_[0-9A-F]{8}$/],
  ] as const)('%s %s', (runtime, type, id) => {
    const f = oneFeature(runtime);
    const ids = Object.keys(resources(synthJson(f.app, f.team.stack), type));
    expect(ids.filter((x) => id.test(x))).toHaveLength(1);
  });

  it('the same feature name keeps the same secret id whatever else the team adds', () => {
    const p = platform('aws');
    const t = team(p);
    new StandardLlmFeature(t.stack, 'another', featureProps('aws', { callers: [callerFor('aws', 'other')] }));
    new StandardLlmFeature(t.stack, 'job-description-gen', featureProps('aws'));
    expect(Object.keys(resources(synthJson(p.app, t.stack), 'aws_secretsmanager_secret'))).toContain('Quota_Aws_Key-job-description-gen_9B69F6A1');
  });
});
