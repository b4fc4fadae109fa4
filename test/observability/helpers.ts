import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, LocalBackend, TerraformStack, Testing } from '../../src/core/cdktf';
import { GatewayRuntime, LlmGateway, ModelDeployment } from '../../src/gateway';
import type { EcsFargateRuntimeProps } from '../../src/gateway/runtimes/ecs-fargate';
import { DEFAULT_SLO, ObservabilityStack, ObservabilityTarget, type ObservabilityStackProps } from '../../src/observability';
import { platformDashboard, teamDashboard } from '../../src/observability/dashboards';

export const ECS: EcsFargateRuntimeProps = {
  vpcId: 'vpc-0123456789abcdef0',
  privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
};

export const AWS_TARGET = () => ObservabilityTarget.aws({ grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] } });

export const bedrock = () => ModelDeployment.bedrock({ alias: 'chat', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'us-east-1', id: 'chat-bedrock' });

/** A platform stack (local backend, AWS provider) with an ObservabilityStack watching one ECS gateway. */
export function awsPlatform(
  app: App = Testing.app({ stubVersion: true }),
  props: Partial<ObservabilityStackProps> = {},
  gatewayProps: { allowMessageLogging?: boolean } = {},
) {
  const stack = new TerraformStack(app, 'platform');
  new LocalBackend(stack, { path: 'platform.tfstate' });
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const observability = new ObservabilityStack(stack, 'obs', { target: AWS_TARGET(), ...props });
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gw',
    runtime: GatewayRuntime.ecsFargate(ECS),
    models: [bedrock()],
    observability,
    tags: { environment: 'prod' },
    ...gatewayProps,
  });
  return { app, stack, observability, gateway };
}

/** Resources of one type in a synthesized stack, as a list. */
export function resources(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** Uid of the platform dashboard of a gateway (as the dashboards module computes it). */
export function platformDashboardUid(gateway: string, datasourceUid?: string): string {
  return String(platformDashboard({ gateway, slo: DEFAULT_SLO, ...(datasourceUid ? { datasourceUid } : {}) }).uid);
}

/** Uid of a team dashboard (as the dashboards module computes it). */
export function teamDashboardUid(gateway: string, team: string, datasourceUid?: string): string {
  return String(teamDashboard({ gateway, team, slo: DEFAULT_SLO, ...(datasourceUid ? { datasourceUid } : {}) }).uid);
}
