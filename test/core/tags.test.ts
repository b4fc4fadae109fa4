import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { Construct } from 'constructs';
import { awsTags, gcpLabels, kubernetesLabels, OwnershipTagging } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';

describe('ownership model', () => {
  const model = { team: 'Hiring Team', environment: 'prod', costCenter: 'CC/42', extra: { 'data-class': 'Internal' } };

  it('derives AWS tags, GCP labels and Kubernetes labels from one model', () => {
    expect(awsTags(model)).toEqual({ 'cost-center': 'CC/42', 'data-class': 'Internal', 'environment': 'prod', 'managed-by': 'cdktf-llm-platform', 'team': 'Hiring Team' });
    expect(gcpLabels(model)).toEqual({ 'cost-center': 'cc_42', 'data-class': 'internal', 'environment': 'prod', 'managed-by': 'cdktf-llm-platform', 'team': 'hiring_team' });
    expect(kubernetesLabels(model)).toEqual({
      'app.kubernetes.io/managed-by': 'cdktf-llm-platform',
      'llm-platform.io/cost-center': 'CC-42',
      'llm-platform.io/data-class': 'Internal',
      'llm-platform.io/environment': 'prod',
      'llm-platform.io/team': 'Hiring-Team',
    });
  });

  it('rejects unusable values', () => {
    expect(() => awsTags({ team: '' })).toThrow(/team: must be 1-63 characters/);
    expect(() => awsTags({ extra: { 'aws:x': 'y' } })).toThrow(/not a usable tag key/);
  });
});

describe('OwnershipTagging aspect', () => {
  it('tags every AWS resource and labels every Google resource; inner scopes and explicit tags win', () => {
    // GIVEN a stack-wide model, a team override on an inner scope, and a resource with its own tag
    const stack = new TerraformStack(Testing.app(), 's');
    const team = new Construct(stack, 'team');
    new SsmParameter(stack, 'Outer', { name: '/a', type: 'String', value: 'v' });
    new SsmParameter(team, 'Inner', { name: '/b', type: 'String', value: 'v', tags: { team: 'explicit' } });
    new SsmParameter(team, 'Inner2', { name: '/c', type: 'String', value: 'v' });
    new StorageBucket(stack, 'Bucket', { name: 'b', location: 'US' });
    OwnershipTagging.apply(stack, { team: 'platform', environment: 'prod' });
    OwnershipTagging.apply(team, { team: 'hiring' });
    // WHEN
    const json = JSON.parse(Testing.synth(stack));
    // THEN
    const byName = (n: string) => Object.values<any>(json.resource.aws_ssm_parameter).find((r) => r.name === n);
    const p = { Outer: byName('/a'), Inner: byName('/b'), Inner2: byName('/c') };
    expect(p.Outer.tags).toEqual({ 'environment': 'prod', 'managed-by': 'cdktf-llm-platform', 'team': 'platform' });
    expect(p.Inner2.tags).toEqual({ 'environment': 'prod', 'managed-by': 'cdktf-llm-platform', 'team': 'hiring' });
    expect(p.Inner.tags.team).toBe('explicit');
    expect(json.resource.google_storage_bucket.Bucket.labels).toEqual({ 'environment': 'prod', 'managed-by': 'cdktf-llm-platform', 'team': 'platform' });
  });
});
