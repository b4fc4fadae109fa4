import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack, type App } from '../../src/core/cdktf';
import { VectorBackend, VectorBackendKind, VectorStore, type VectorStoreProps } from '../../src/vector-store';

export function newStack(): { app: App; stack: TerraformStack } {
  const app = Testing.app({ stubVersion: true });
  return { app, stack: new TerraformStack(app, 'platform') };
}

export const AURORA = (): VectorBackend => VectorBackend.auroraPgvector({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] });
export const CLOUD_SQL = (): VectorBackend =>
  VectorBackend.cloudSqlPgvector({
    project: 'llm-platform-prod',
    region: 'europe-west1',
    network: 'projects/llm-platform-prod/global/networks/platform',
    bootstrapSubnetwork: 'projects/llm-platform-prod/regions/europe-west1/subnetworks/jobs',
  });
export const QDRANT = (): VectorBackend => VectorBackend.qdrantHelm({ namespace: 'vectors' });

export function newStore(backend: VectorBackend, extra: Partial<VectorStoreProps> = {}): { stack: TerraformStack; store: VectorStore } {
  const { stack } = newStack();
  if (backend.kind === VectorBackendKind.AURORA_PGVECTOR) new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  if (backend.kind === VectorBackendKind.CLOUD_SQL_PGVECTOR) new GoogleProvider(stack, 'google', { project: 'llm-platform-prod' });
  if (backend.kind === VectorBackendKind.QDRANT_HELM) {
    new KubernetesProvider(stack, 'kubernetes', {});
    new HelmProvider(stack, 'helm', {});
  }
  return { stack, store: new VectorStore(stack, 'vectors', { backend, ...extra }) };
}

/** Synthesized JSON of a stack (validations on). */
export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** The single resource of `type` whose logical id contains `fragment`. */
export function resource(json: any, type: string, fragment = ''): any {
  const all = Object.entries<any>(json.resource?.[type] ?? {}).filter(([id]) => id.includes(fragment));
  if (all.length !== 1) throw new Error(`expected one ${type} matching '${fragment}', found ${all.map(([id]) => id).join(', ') || 'none'}`);
  return all[0][1];
}

/** The ValidationError thrown by fn (fails the test when nothing is thrown). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}
