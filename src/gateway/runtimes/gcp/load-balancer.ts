import { ComputeBackendService } from '@cdktf/provider-google/lib/compute-backend-service';
import { ComputeForwardingRule } from '@cdktf/provider-google/lib/compute-forwarding-rule';
import { ComputeGlobalForwardingRule } from '@cdktf/provider-google/lib/compute-global-forwarding-rule';
import { ComputeRegionBackendService } from '@cdktf/provider-google/lib/compute-region-backend-service';
import { ComputeRegionNetworkEndpointGroup } from '@cdktf/provider-google/lib/compute-region-network-endpoint-group';
import { ComputeRegionSslPolicy } from '@cdktf/provider-google/lib/compute-region-ssl-policy';
import { ComputeRegionTargetHttpsProxy } from '@cdktf/provider-google/lib/compute-region-target-https-proxy';
import { ComputeRegionUrlMap } from '@cdktf/provider-google/lib/compute-region-url-map';
import { ComputeSslPolicy } from '@cdktf/provider-google/lib/compute-ssl-policy';
import { ComputeTargetHttpsProxy } from '@cdktf/provider-google/lib/compute-target-https-proxy';
import { ComputeUrlMap } from '@cdktf/provider-google/lib/compute-url-map';
import { Construct } from 'constructs';
import type { CloudRunInternalLoadBalancerOptions, CloudRunPublicLoadBalancerOptions } from './cloud-run-options';
import { NameTarget, makeName } from '../../../core';

export interface LoadBalancerProps {
  readonly project: string;
  readonly region: string;
  readonly network: string;
  readonly subnetwork: string;
  readonly baseName: string;
  readonly serviceName: string;
  readonly labels: Readonly<Record<string, string>>;
}

function names(baseName: string, part: string): string {
  return makeName(NameTarget.GCP_RESOURCE, baseName, part);
}

/**
 * HTTPS-only Application Load Balancer in front of the Cloud Run service through a serverless NEG.
 * TLS 1.2+ with the MODERN profile; request logging on; no plaintext port at all.
 */
export class GatewayLoadBalancer extends Construct {
  /** A regional internal Application Load Balancer (`INTERNAL_MANAGED`). */
  public static internal(scope: Construct, id: string, props: LoadBalancerProps, options: CloudRunInternalLoadBalancerOptions): GatewayLoadBalancer {
    return new GatewayLoadBalancer(scope, id, props, options, undefined);
  }

  /** A global external Application Load Balancer (`EXTERNAL_MANAGED`) with Cloud Armor. */
  public static public(scope: Construct, id: string, props: LoadBalancerProps, options: CloudRunPublicLoadBalancerOptions): GatewayLoadBalancer {
    return new GatewayLoadBalancer(scope, id, props, undefined, options);
  }

  /** `https://<hostname or IP>` */
  public readonly endpoint: string;

  private constructor(
    scope: Construct,
    id: string,
    props: LoadBalancerProps,
    internal: CloudRunInternalLoadBalancerOptions | undefined,
    external: CloudRunPublicLoadBalancerOptions | undefined,
  ) {
    super(scope, id);
    const { project, region, baseName } = props;
    const neg = new ComputeRegionNetworkEndpointGroup(this, 'Neg', {
      project,
      region,
      name: names(baseName, 'neg'),
      networkEndpointType: 'SERVERLESS',
      cloudRun: { service: props.serviceName },
    });
    const backend = { group: neg.id, balancingMode: 'UTILIZATION', capacityScaler: 1 };
    const certificates = [...(internal ?? external)!.sslCertificates];
    let address: string;

    if (internal) {
      const service = new ComputeRegionBackendService(this, 'Backend', {
        project,
        region,
        name: names(baseName, 'backend'),
        loadBalancingScheme: 'INTERNAL_MANAGED',
        protocol: 'HTTPS',
        backend: [backend],
        logConfig: { enable: true, sampleRate: 1 },
      });
      const urlMap = new ComputeRegionUrlMap(this, 'UrlMap', { project, region, name: names(baseName, 'urlmap'), defaultService: service.id });
      const sslPolicy = new ComputeRegionSslPolicy(this, 'SslPolicy', { project, region, name: names(baseName, 'tls'), profile: 'MODERN', minTlsVersion: 'TLS_1_2' });
      const proxy = new ComputeRegionTargetHttpsProxy(this, 'HttpsProxy', {
        project,
        region,
        name: names(baseName, 'https'),
        urlMap: urlMap.id,
        sslCertificates: certificates,
        sslPolicy: sslPolicy.id,
      });
      const rule = new ComputeForwardingRule(this, 'ForwardingRule', {
        project,
        region,
        name: names(baseName, 'fr'),
        loadBalancingScheme: 'INTERNAL_MANAGED',
        ipProtocol: 'TCP',
        portRange: '443',
        network: props.network,
        subnetwork: props.subnetwork,
        ipAddress: internal.ipAddress,
        allowGlobalAccess: internal.allowGlobalAccess ?? false,
        target: proxy.id,
        labels: { ...props.labels },
      });
      address = rule.ipAddress;
    } else {
      const service = new ComputeBackendService(this, 'Backend', {
        project,
        name: names(baseName, 'backend'),
        loadBalancingScheme: 'EXTERNAL_MANAGED',
        protocol: 'HTTPS',
        securityPolicy: external!.cloudArmorPolicy,
        backend: [backend],
        logConfig: { enable: true, sampleRate: 1 },
      });
      const urlMap = new ComputeUrlMap(this, 'UrlMap', { project, name: names(baseName, 'urlmap'), defaultService: service.id });
      const sslPolicy = new ComputeSslPolicy(this, 'SslPolicy', { project, name: names(baseName, 'tls'), profile: 'MODERN', minTlsVersion: 'TLS_1_2' });
      const proxy = new ComputeTargetHttpsProxy(this, 'HttpsProxy', {
        project,
        name: names(baseName, 'https'),
        urlMap: urlMap.id,
        sslCertificates: certificates,
        sslPolicy: sslPolicy.id,
      });
      const rule = new ComputeGlobalForwardingRule(this, 'ForwardingRule', {
        project,
        name: names(baseName, 'fr'),
        loadBalancingScheme: 'EXTERNAL_MANAGED',
        ipProtocol: 'TCP',
        portRange: '443',
        ipAddress: external!.ipAddress,
        target: proxy.id,
        labels: { ...props.labels },
      });
      address = rule.ipAddress;
    }
    const hostname = (internal ?? external)!.hostname;
    this.endpoint = `https://${hostname ?? address}`;
  }
}
