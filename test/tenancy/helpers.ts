import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Testing, TerraformStack } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import { GatewayTenancy, TeamIdentity, TenantQuota, type TenantQuotaProps } from '../../src/tenancy';

export const VPC = 'vpc-0123456789abcdef0';
export const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
export const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

/** The platform stack: an ECS gateway with two aliases (and, with `tenancy`, its GatewayTenancy created explicitly). */
export function awsPlatform(app: App, id = 'platform', options: { tenancy?: boolean } = {}): { stack: TerraformStack; gateway: LlmGateway } {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gateway',
    runtime: GatewayRuntime.ecsFargate({ vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, domainName: 'llm.internal.example.com' }),
    models: [
      ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' }),
      ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: 'us-east-1' }),
    ],
    tags: { team: 'platform', environment: 'prod' },
  });
  if (options.tenancy) new GatewayTenancy(stack, 'Tenancy', { gateway });
  return { stack, gateway };
}

/** A team stack with its own AWS provider. */
export function teamStack(app: App, team: string): TerraformStack {
  const stack = new TerraformStack(app, `team-${team}`);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

/** A valid AWS team quota (override any prop). */
export function awsQuota(stack: TerraformStack, gateway: LlmGateway, team: string, props: Partial<TenantQuotaProps> = {}): TenantQuota {
  return new TenantQuota(stack, team, {
    gateway,
    team,
    models: ['chat', 'embed'],
    monthlyBudgetUsd: 2_000,
    softBudgetPercent: 80,
    tokensPerMinute: 200_000,
    requestsPerMinute: 600,
    identity: TeamIdentity.awsRole(),
    cloudBudget: { monthlyLimitUsd: 500, emails: [`${team}-leads@example.com`] },
    owner: `${team}-squad`,
    ...props,
  });
}

export function newApp(): App {
  return Testing.app({ stackTraces: false });
}

/** Synthesized JSON of a stack (whole app prepared: cross-stack references resolved). */
export function synthJson(app: App, stack: TerraformStack): any {
  app.synth();
  return JSON.parse(Testing.synth(stack));
}

/** Resources of one type in synthesized JSON. */
export function resources(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}
