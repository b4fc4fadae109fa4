import { AuroraCapacity } from '../../src/aws/aurora-postgres';
import { ValidationError } from '../../src/core';

describe('AuroraCapacity', () => {
  it.each<[string, () => unknown, string]>([
    ['NaN instances', () => AuroraCapacity.provisioned('db.r6g.large', NaN), 'AuroraCapacity.provisioned(instances)'],
    ['17 instances', () => AuroraCapacity.serverlessV2(0.5, 8, 17), 'AuroraCapacity.serverlessV2(instances)'],
    ['2**31 instances (used to hang)', () => AuroraCapacity.provisioned('db.r6g.large', 2 ** 31), 'AuroraCapacity.provisioned(instances)'],
    ['an empty instance class', () => AuroraCapacity.provisioned(''), 'AuroraCapacity.provisioned(instanceClass)'],
    ['db.serverless as a provisioned class', () => AuroraCapacity.provisioned('db.serverless'), 'AuroraCapacity.provisioned(instanceClass)'],
    ['a null instance class', () => AuroraCapacity.provisioned(null as never), 'AuroraCapacity.provisioned(instanceClass)'],
    ['NaN ACU', () => AuroraCapacity.serverlessV2(NaN, 8), 'AuroraCapacity.serverlessV2(minAcu)'],
    ['ACU off the 0.5 grid', () => AuroraCapacity.serverlessV2(0.3, 8), 'AuroraCapacity.serverlessV2(minAcu)'],
    ['min above max', () => AuroraCapacity.serverlessV2(16, 8), 'AuroraCapacity.serverlessV2(minAcu)'],
    ['max above 256', () => AuroraCapacity.serverlessV2(1, 512), 'AuroraCapacity.serverlessV2(maxAcu)'],
    ['max below 1', () => AuroraCapacity.serverlessV2(0, 0.5), 'AuroraCapacity.serverlessV2(maxAcu)'],
  ])('rejects %s, naming the argument', (_what, build, path) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path)).toEqual([path]);
  });

  it('accepts the documented ranges', () => {
    expect(AuroraCapacity.serverlessV2(0, 256, 16).instances).toBe(16);
    expect(AuroraCapacity.provisioned('db.r7g.2xlarge', 1).instanceClass).toBe('db.r7g.2xlarge');
  });
});
