import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretRef } from '../../../src/core';
import { TerraformStack, Testing } from '../../../src/core/cdktf';
import { GatewayPeer, GatewayRuntime, LlmGateway, ModelDeployment } from '../../../src/gateway';
import {
  CloudRunDatabase, CloudRunImageSource, CloudRunIngress, CloudRunRedis, CloudRunTraffic, type CloudRunRuntimeProps,
} from '../../../src/gateway/runtimes/cloud-run';
import { EcsDatabase, EcsRedis, type EcsFargateRuntimeProps } from '../../../src/gateway/runtimes/ecs-fargate';

/**
 * The runtimes' resource addresses (`<type>.<logical id>`), pinned per configuration. Logical IDs come from construct
 * paths, and a changed one makes Terraform destroy and recreate the resource (a database, a Redis, a secret): the
 * runtimes are split into functions per concern that all create into the same scope, and this guard shows any
 * address that moved. Update the snapshot only for a resource deliberately added or removed.
 */

const ECS: EcsFargateRuntimeProps = {
  vpcId: 'vpc-0123456789abcdef0',
  privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
};
const CLOUD_RUN: CloudRunRuntimeProps = {
  project: 'acme-llm-prod',
  region: 'europe-west1',
  network: 'projects/acme-net/global/networks/main',
  subnetwork: 'projects/acme-net/regions/europe-west1/subnetworks/run',
};

function addressesOf(build: (stack: TerraformStack) => void): string[] {
  const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'stack');
  build(stack);
  const json = JSON.parse(Testing.synth(stack));
  const kinds: Array<['resource' | 'data', string]> = [['data', 'data.'], ['resource', '']];
  return kinds.flatMap(([section, prefix]) => Object.entries<Record<string, unknown>>(json[section] ?? {})
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${prefix}${type}.${id}`))).sort();
}

function ecsGateway(props: Partial<EcsFargateRuntimeProps>, after?: (g: LlmGateway) => void) {
  return (stack: TerraformStack): void => {
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const gateway = new LlmGateway(stack, 'gateway', {
      name: 'llm-gw',
      runtime: GatewayRuntime.ecsFargate({ ...ECS, ...props }),
      models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'us-east-1' })],
    });
    after?.(gateway);
  };
}

function cloudRunGateway(props: Partial<CloudRunRuntimeProps>, after?: (g: LlmGateway) => void) {
  return (stack: TerraformStack): void => {
    const gateway = new LlmGateway(stack, 'gateway', {
      name: 'llm-gw',
      runtime: GatewayRuntime.cloudRun({ ...CLOUD_RUN, ...props }),
      models: [ModelDeployment.vertexAi({ alias: 'chat', model: 'gemini-2.5-flash', project: 'acme-llm-prod', location: 'europe-west1' })],
    });
    after?.(gateway);
  };
}

describe('ECS Fargate runtime: resource addresses', () => {
  it.each<[string, Partial<EcsFargateRuntimeProps>, ((g: LlmGateway) => void)?]>([
    ['defaults', {}, undefined],
    ['granted callers and operators, a sidecar', {}, (g) => {
      g.connections.allowFrom(GatewayPeer.securityGroup('sg-0123456789abcdef0'));
      g.connections.allowAdminFrom(GatewayPeer.cidr('10.9.0.0/24'));
      g.addSidecar({ name: 'otel-collector', image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0', cpu: 256, memoryMiB: 512 });
    }],
    ['public behind a created WAF, DNS record, VPC callers', {
      loadBalancer: { internetFacing: true, createWaf: true, subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'], allowVpcCidr: true },
      domainName: 'llm.example.com',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    }, undefined],
    ['your Redis and database', {
      redis: EcsRedis.existing({ host: 'redis.internal', authToken: SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:redis-AbCdEf'), securityGroupId: 'sg-0fedcba9876543210' }),
      database: EcsDatabase.existing({ url: SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', 'url'), maxConnections: 400 }),
    }, undefined],
  ])('%s', (_name, props, after) => {
    // (every row passes `after`, so jest never hands this function a `done` callback)
    expect(addressesOf(ecsGateway(props, after))).toMatchSnapshot();
  });
});

describe('Cloud Run runtime: resource addresses', () => {
  it.each<[string, Partial<CloudRunRuntimeProps>, ((g: LlmGateway) => void)?]>([
    ['defaults', {}, undefined],
    ['granted callers and operators, a canary', { traffic: CloudRunTraffic.canary({ stableRevision: 'llm-gw-00042-abc', canaryPercent: 5 }) }, (g) => {
      g.connections.allowFrom(GatewayPeer.gcpPrincipal('serviceAccount:app@acme-app.iam.gserviceaccount.com'));
      g.connections.allowAdminFrom(GatewayPeer.gcpPrincipal('serviceAccount:ops@acme-llm-prod.iam.gserviceaccount.com'));
    }],
    ['internal load balancer', { ingress: CloudRunIngress.internalLoadBalancer({ sslCertificates: ['projects/acme-llm-prod/regions/europe-west1/sslCertificates/llm'] }) }, undefined],
    ['public load balancer', { ingress: CloudRunIngress.publicLoadBalancer({ sslCertificates: ['projects/acme-llm-prod/global/sslCertificates/llm'], cloudArmorPolicy: 'llm-armor' }) }, undefined],
    ['your Redis and database, a mirrored image', {
      redis: CloudRunRedis.existing({ host: '10.1.2.3', password: SecretRef.gcpSecretManager('redis-pw', '4'), caCertificate: SecretRef.gcpSecretManager('redis-ca', '1') }),
      database: CloudRunDatabase.existing({ databaseUrl: SecretRef.gcpSecretManager('db-url', '2'), maxConnections: 500 }),
      imageSource: CloudRunImageSource.mirrored('europe-west1-docker.pkg.dev/acme-llm-prod/mirror/litellm:main-v1.83.14-stable'),
    }, undefined],
  ])('%s', (_name, props, after) => {
    // (every row passes `after`, so jest never hands this function a `done` callback)
    expect(addressesOf(cloudRunGateway(props, after))).toMatchSnapshot();
  });
});
