import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { Construct } from 'constructs';
import {
  AlertChannel, GatewayPeer, GatewayRuntime, LlmGateway, ModelDeployment, ObservabilityStack, ObservabilityTarget, OwnershipTagging,
  PolicyBundle, SecretRef,
} from '../../src';
import { App, TerraformOutput, TerraformStack } from '../../src/core/cdktf';
import { CloudRunTraffic, type CloudRunGateway } from '../../src/gateway/runtimes/cloud-run';

const PROJECT = 'acme-llm-platform-dev';
const REGION = 'europe-west1';

/**
 * A VPC for the gateway: one subnetwork for Cloud Run's Direct VPC egress (with Private Google Access,
 * so the internal `run.app` URL is reachable from inside) and a private services access range for
 * Cloud SQL's private IP and Memorystore.
 */
class Network extends Construct {
  /** The network id, read from the peering connection so that Cloud SQL and Memorystore wait for it. */
  public readonly network: string;
  public readonly subnetwork: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const vpc = new ComputeNetwork(this, 'Vpc', { project: PROJECT, name: 'llm-gateway', autoCreateSubnetworks: false, routingMode: 'REGIONAL' });
    const subnet = new ComputeSubnetwork(this, 'Run', {
      project: PROJECT,
      region: REGION,
      name: 'llm-gateway-run',
      network: vpc.id,
      ipCidrRange: '10.60.0.0/24',
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
    const range = new ComputeGlobalAddress(this, 'PrivateServices', {
      project: PROJECT,
      name: 'llm-gateway-psa',
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      prefixLength: 20,
      network: vpc.id,
    });
    const peering = new ServiceNetworkingConnection(this, 'PrivateServicesPeering', {
      network: vpc.id,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [range.name],
    });
    this.network = peering.network;
    this.subnetwork = subnet.id;
  }
}

/**
 * The platform's customer-managed key (rotated every 90 days) for everything that stores data: Cloud SQL, Memorystore,
 * Secret Manager, the image repository, Cloud Run, the audit bucket and its BigQuery dataset. Each service encrypts
 * through its service agent, so each agent gets encrypt/decrypt on this key; `keyName` is read through the last grant
 * so that every resource using it waits for all of them.
 */
class PlatformKey extends Construct {
  public readonly keyName: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const project = new DataGoogleProject(this, 'Project', { projectId: PROJECT });
    const ring = new KmsKeyRing(this, 'KeyRing', { project: PROJECT, name: 'llm-gateway', location: REGION });
    const key = new KmsCryptoKey(this, 'Key', { name: 'llm-gateway', keyRing: ring.id, rotationPeriod: '7776000s', purpose: 'ENCRYPT_DECRYPT' });
    const n = project.number;
    // Service agents (cloud.google.com/iam/docs/service-agents), in a fixed order.
    const agents: Array<[string, string]> = [
      ['CloudSqlAgent', `service-${n}@gcp-sa-cloud-sql.iam.gserviceaccount.com`],
      ['MemorystoreAgent', `service-${n}@cloud-redis.iam.gserviceaccount.com`],
      ['SecretManagerAgent', `service-${n}@gcp-sa-secretmanager.iam.gserviceaccount.com`],
      ['ArtifactRegistryAgent', `service-${n}@gcp-sa-artifactregistry.iam.gserviceaccount.com`],
      ['CloudRunAgent', `service-${n}@serverless-robot-prod.iam.gserviceaccount.com`],
      ['CloudStorageAgent', `service-${n}@gs-project-accounts.iam.gserviceaccount.com`],
      ['BigQueryAgent', `bq-${n}@bigquery-encryption.iam.gserviceaccount.com`],
    ];
    let keyId = key.id;
    for (const [grantId, agent] of agents) {
      keyId = new KmsCryptoKeyIamMember(this, grantId, { cryptoKeyId: keyId, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: `serviceAccount:${agent}` }).cryptoKeyId;
    }
    this.keyName = keyId;
  }
}

/** A private LiteLLM gateway on Cloud Run: Claude on Vertex AI with a Gemini fallback. */
export function build(app: App): void {
  const stack = new TerraformStack(app, 'gcp-cloud-run-gateway');
  new GoogleProvider(stack, 'google', { project: PROJECT, region: REGION });
  OwnershipTagging.apply(stack, { team: 'platform', environment: 'dev', costCenter: 'cc-1234' });

  const network = new Network(stack, 'Network');
  const key = new PlatformKey(stack, 'PlatformKey');
  // Metrics to Google Managed Prometheus and traces to Cloud Trace through a collector sidecar; SLO alerts as
  // Cloud Monitoring alert policies; the dashboards as Cloud Monitoring dashboards; the audit trail in a
  // retention-locked bucket, queryable in BigQuery.
  const observability = new ObservabilityStack(stack, 'Observability', {
    target: ObservabilityTarget.gcp({
      project: PROJECT,
      region: REGION,
      kmsKeyName: key.keyName,
      // The audit writer's HMAC key, created outside Terraform (its secret would otherwise be in state):
      // gcloud storage hmac create llm-audit-writer@<project>.iam.gserviceaccount.com, both values in Secret Manager.
      audit: {
        hmacKey: {
          serviceAccountEmail: `llm-audit-writer@${PROJECT}.iam.gserviceaccount.com`,
          accessId: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/llm-audit-hmac-access-id`),
          secret: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/llm-audit-hmac-secret`),
        },
      },
    }),
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    alerting: { page: [AlertChannel.email('llm-oncall@example.com')], ticket: [AlertChannel.email('llm-platform@example.com')] },
    runbookUrl: 'https://runbooks.example.com/llm-gateway',
  });
  const gateway = new LlmGateway(stack, 'gateway', {
    name: 'llm-gateway',
    runtime: GatewayRuntime.cloudRun({
      project: PROJECT,
      region: REGION,
      network: network.network,
      subnetwork: network.subnetwork,
      kmsKeyName: key.keyName,
      // Tag the live revision so it can be called directly; switch to CloudRunTraffic.canary({...})
      // with its name to roll the next LiteLLM version out to a few percent first.
      traffic: CloudRunTraffic.latest({ tag: 'current' }),
    }),
    models: [
      ModelDeployment.vertexAi({ alias: 'chat', model: 'claude-sonnet-4@20250514', project: PROJECT, location: 'us-east5' }),
      ModelDeployment.vertexAi({ alias: 'chat-fallback', model: 'gemini-2.5-flash', project: PROJECT, location: REGION }),
    ],
    fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
    tags: { team: 'platform', environment: 'dev' },
    observability,
  });

  // Secrets the runtime does not rotate on a Secret Manager schedule (a notification with no consumer): each with the
  // runtime's reason (rotated by Terraform through a version number, not a credential, or never rotated), so the
  // policy report shows the decision.
  const runtime = gateway.node.findChild('CloudRun') as CloudRunGateway;
  for (const r of runtime.unscheduledRotations) PolicyBundle.suppress(r.secret, 'LLM-GSM-3', r.reason);

  // The one application allowed to call the gateway (roles/run.invoker on the service only).
  const app1 = new ServiceAccount(stack, 'JobDescriptionApp', { project: PROJECT, accountId: 'job-description-app', displayName: 'Job description generator' });
  gateway.connections.allowFrom(GatewayPeer.gcpPrincipal(`serviceAccount:${app1.email}`));

  new TerraformOutput(stack, 'gateway_url', { value: gateway.endpoint });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
