import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AuroraPostgres } from '../../src/aws/aurora-postgres';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { synthStack } from '../../src/testing/synth';

function cluster(engineVersion?: string) {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  new AuroraPostgres(stack, 'db', {
    vpcId: 'vpc-0123456789abcdef0',
    subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
    nameParts: ['db'],
    kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    databaseName: 'app',
    engineVersion,
  });
  const json = synthStack(stack);
  return {
    cluster: Object.values(json.resource.aws_rds_cluster)[0] as any,
    instances: Object.values(json.resource.aws_rds_cluster_instance) as any[],
  };
}

describe('AuroraPostgres engine version and automatic minor upgrades', () => {
  it('with a pinned minor version, ignores later engine_version changes (AWS upgrades minors; a plan must not downgrade)', () => {
    const { cluster: c, instances } = cluster();
    expect(c.engine_version).toBe('16.6');
    expect(c.lifecycle).toEqual({ ignore_changes: ['engine_version'] });
    expect(instances).toHaveLength(2);
    for (const i of instances) {
      expect(i.auto_minor_version_upgrade).toBe(true);
      expect(i.lifecycle).toEqual({ ignore_changes: ['engine_version'] });
    }
  });

  it('with the major version only, relies on the provider matching 16 to 16.x and ignores nothing', () => {
    const { cluster: c, instances } = cluster('16');
    expect(c.engine_version).toBe('16');
    expect(c.lifecycle).toBeUndefined();
    expect(instances[0].lifecycle).toBeUndefined();
    expect(instances[0].engine_version).toBe('16');
  });

  it('rejects a version that is neither major nor major.minor', () => {
    expect(() => cluster('16.6.1')).toThrow(/engineVersion: is not an Aurora PostgreSQL version.*'16'/);
  });
});
