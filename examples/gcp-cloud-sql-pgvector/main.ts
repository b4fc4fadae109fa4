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
import { OwnershipTagging, PolicyBundle, VectorBackend, VectorPrincipal, VectorStore } from '../../src';
import { App, TerraformOutput, TerraformStack } from '../../src/core/cdktf';

const PROJECT = 'acme-llm-platform-dev';
const REGION = 'europe-west1';

/**
 * A pgvector store on Cloud SQL for two teams' services (Cloud Run, GKE or anything with a Google service
 * account): private IP only, TLS verified, IAM database login, encrypted with a customer-managed key.
 * After `terraform apply`, the pipeline runs the `bootstrap_command` output (the apply after it stops until
 * it has, whenever the SQL changed); Cloud Scheduler re-runs it every 15 minutes to repair drift.
 */
export function build(app: App): void {
  const stack = new TerraformStack(app, 'gcp-cloud-sql-pgvector');
  new GoogleProvider(stack, 'google', { project: PROJECT, region: REGION });
  OwnershipTagging.apply(stack, { team: 'platform', environment: 'dev', costCenter: 'cc-1234' });

  // A VPC with one subnetwork (the bootstrap job's Direct VPC egress, flow logs on) and a private services
  // access range for Cloud SQL's private IP.
  const vpc = new ComputeNetwork(stack, 'Vpc', { project: PROJECT, name: 'vectors', autoCreateSubnetworks: false, routingMode: 'REGIONAL' });
  const jobs = new ComputeSubnetwork(stack, 'Jobs', {
    project: PROJECT,
    region: REGION,
    name: 'vectors-jobs',
    network: vpc.id,
    ipCidrRange: '10.70.0.0/26',
    privateIpGoogleAccess: true,
    logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
  });
  const range = new ComputeGlobalAddress(stack, 'PrivateServices', {
    project: PROJECT,
    name: 'vectors-psa',
    purpose: 'VPC_PEERING',
    addressType: 'INTERNAL',
    prefixLength: 20,
    network: vpc.id,
  });
  const peering = new ServiceNetworkingConnection(stack, 'PrivateServicesPeering', {
    network: vpc.id,
    service: 'servicenetworking.googleapis.com',
    reservedPeeringRanges: [range.name],
  });

  // A customer-managed key (rotated every 90 days) for the instance, its backups and the bootstrap secret.
  // Cloud SQL and Secret Manager encrypt with it through their service agents.
  const project = new DataGoogleProject(stack, 'Project', { projectId: PROJECT });
  const ring = new KmsKeyRing(stack, 'KeyRing', { project: PROJECT, name: 'vectors', location: REGION });
  const key = new KmsCryptoKey(stack, 'Key', { name: 'vectors', keyRing: ring.id, rotationPeriod: '7776000s', purpose: 'ENCRYPT_DECRYPT' });
  // The key's id read through the service agents' grants (one after the other), so that the instance and the
  // secret that use it are created after both grants.
  const sqlAgentGrant = new KmsCryptoKeyIamMember(stack, 'CloudSqlAgent', {
    cryptoKeyId: key.id,
    role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
    member: `serviceAccount:service-${project.number}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
  });
  const secretAgentGrant = new KmsCryptoKeyIamMember(stack, 'SecretManagerAgent', {
    cryptoKeyId: sqlAgentGrant.cryptoKeyId,
    role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
    member: `serviceAccount:service-${project.number}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
  });

  // The teams' workloads: one service account each.
  const support = new ServiceAccount(stack, 'SupportApp', { project: PROJECT, accountId: 'support-kb-app', displayName: 'Support knowledge base service' });
  const hiring = new ServiceAccount(stack, 'HiringApp', { project: PROJECT, accountId: 'hiring-matcher', displayName: 'Hiring matcher service' });

  const store = new VectorStore(stack, 'vectors', {
    backend: VectorBackend.cloudSqlPgvector({
      project: PROJECT,
      region: REGION,
      // The peering's network attribute, so the instance waits for private services access.
      network: peering.network,
      bootstrapSubnetwork: jobs.id,
      kmsKeyName: secretAgentGrant.cryptoKeyId,
    }),
  });
  // The admin password is generated write-only and replaced by bumping `adminPasswordVersion`; there is no
  // automatic rotation to schedule (Secret Manager rotation only publishes a notification).
  PolicyBundle.suppress(store, 'LLM-GSM-3', 'Bootstrap admin password: write-only, rotated by bumping adminPasswordVersion in a reviewed change (no rotation consumer exists)');

  // Each support service reads and writes its knowledge base; hiring's matcher reads it and owns its collection.
  const supportApp = VectorPrincipal.gcpServiceAccount(`support-kb-app@${PROJECT}.iam.gserviceaccount.com`);
  const hiringApp = VectorPrincipal.gcpServiceAccount(`hiring-matcher@${PROJECT}.iam.gserviceaccount.com`);
  const kb = store.addCollection({ team: 'support', name: 'kb-articles', dimensions: 768 });
  const resumes = store.addCollection({ team: 'hiring', name: 'resumes', dimensions: 768 });
  kb.grantReadWrite(supportApp);
  kb.grantRead(hiringApp);
  resumes.grantReadWrite(hiringApp);

  new TerraformOutput(stack, 'database_host', { value: store.connectionInfo.endpoint });
  new TerraformOutput(stack, 'bootstrap_command', { value: store.bootstrapCommand, description: 'Run after an apply that changed the SQL' });
  new TerraformOutput(stack, 'app_accounts', { value: [support.email, hiring.email] });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
