import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import type { Construct } from 'constructs';
import { OwnershipTagging, PolicyBundle, PolicyPack } from '../../src';
import { TerraformStack } from '../../src/core/cdktf';

export const PROJECT = 'acme-llm-prod';
export const REGION = 'europe-west1';

/**
 * The platform's VPC, in its own stack and state: a subnetwork for Cloud Run's Direct VPC egress (Private Google
 * Access, flow logs) and a private services access range for Cloud SQL's and Memorystore's private IPs. The platform
 * stack reads these values through Terraform remote state.
 */
export class PlatformNetwork extends TerraformStack {
  /** The network id, read from the peering connection so Cloud SQL and Memorystore wait for it. */
  public readonly network: string;
  public readonly subnetwork: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new GoogleProvider(this, 'google', { project: PROJECT, region: REGION });
    OwnershipTagging.apply(this, { team: 'network', environment: 'production', costCenter: 'cc-1234' });
    new PolicyBundle(this, 'Policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
    const vpc = new ComputeNetwork(this, 'Vpc', { project: PROJECT, name: 'llm-platform', autoCreateSubnetworks: false, routingMode: 'REGIONAL' });
    const subnet = new ComputeSubnetwork(this, 'Run', {
      project: PROJECT,
      region: REGION,
      name: 'llm-platform-run',
      network: vpc.id,
      ipCidrRange: '10.60.0.0/24',
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
    });
    const range = new ComputeGlobalAddress(this, 'PrivateServices', {
      project: PROJECT,
      name: 'llm-platform-psa',
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
