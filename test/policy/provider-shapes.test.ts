/**
 * Rules read resolved Terraform JSON. These tests build resources with the real provider bindings, so a
 * rule reading the wrong key (or a block shape cdktf renders differently than assumed) fails here.
 */
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { CloudRunV2Service } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { TerraformStack, Testing } from 'cdktf';
import { Compliance, PolicyBundle, PolicyPack, type PolicyFinding } from '../../src/policy';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/k';

function evaluate(build: (stack: TerraformStack) => void): PolicyFinding[] {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline()] });
  build(stack);
  Testing.synth(stack);
  return [...bundle.findings(stack)];
}
const failing = (findings: PolicyFinding[], level: 'error' | 'warning' = 'error'): string[] =>
  findings.filter((f) => f.compliance === Compliance.NON_COMPLIANT && f.level === level).map((f) => `${f.resourcePath} ${f.ruleId}${f.findingId ? `[${f.findingId}]` : ''}`);

describe('rules over real provider bindings', () => {
  test('an internet-facing ALB on 443 with TLS 1.2+, WAF, logs and a redirecting port 80 passes', () => {
    const findings = evaluate((stack) => {
      const sg = new SecurityGroup(stack, 'AlbSg', {
        description: 'public HTTPS',
        vpcId: 'vpc-1',
        ingress: [{ fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'], description: 'HTTPS from the internet' }],
      });
      const lb = new Lb(stack, 'Alb', {
        internal: false,
        securityGroups: [sg.id],
        subnets: ['subnet-1', 'subnet-2'],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        accessLogs: { bucket: 'logs', enabled: true },
      });
      new Wafv2WebAclAssociation(stack, 'Waf', { resourceArn: lb.arn, webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/x/y' });
      new LbListener(stack, 'Https', { loadBalancerArn: lb.arn, port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/c', defaultAction: [{ type: 'forward', targetGroupArn: 'tg' }] });
      new LbListener(stack, 'Http', { loadBalancerArn: lb.arn, port: 80, protocol: 'HTTP', defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }] });
    });
    expect(failing(findings)).toEqual([]);
    expect(failing(findings, 'warning')).toEqual([]);
  });

  test('the same ALB without hardening fails on every control', () => {
    const findings = evaluate((stack) => {
      const sg = new SecurityGroup(stack, 'AlbSg', { description: 'public', ingress: [{ fromPort: 80, toPort: 80, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'], description: 'http' }] });
      const lb = new Lb(stack, 'Alb', { securityGroups: [sg.id], subnets: ['subnet-1'] });
      new LbListener(stack, 'Https', { loadBalancerArn: lb.arn, port: 443, protocol: 'HTTPS', certificateArn: 'c', defaultAction: [{ type: 'forward', targetGroupArn: 'tg' }] });
      new LbListener(stack, 'Http', { loadBalancerArn: lb.arn, port: 80, protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: 'tg' }] });
    });
    expect(failing(findings)).toEqual([
      'stack/Alb LLM-ALB-3',
      'stack/Alb LLM-ALB-4',
      'stack/Alb LLM-ALB-6',
      'stack/AlbSg LLM-NET-1[tcp:80:0.0.0.0/0]',
      'stack/Http LLM-ALB-1',
      'stack/Https LLM-ALB-2',
    ]);
  });

  test('ECS service and task definition', () => {
    const findings = evaluate((stack) => {
      new EcsService(stack, 'Service', { name: 's', networkConfiguration: { subnets: ['subnet-1'], assignPublicIp: true } });
      new EcsTaskDefinition(stack, 'Task', {
        family: 'gateway',
        containerDefinitions: JSON.stringify([
          { name: 'litellm', image: 'litellm:v1', readonlyRootFilesystem: true, logConfiguration: { logDriver: 'awslogs' }, environment: [{ name: 'ANTHROPIC_API_KEY', value: 'literal-key-value' }] },
          { name: 'otel', image: 'otel:v1', privileged: true, logConfiguration: { logDriver: 'awslogs' } },
        ]),
      });
    });
    expect(failing(findings)).toEqual([
      'stack/Service LLM-ECS-1',
      'stack/Task LLM-ECS-2[container:otel]',
      'stack/Task LLM-ECS-3[container:otel]',
      'stack/Task LLM-ECS-4[container:litellm:env:ANTHROPIC_API_KEY]',
    ]);
  });

  test('EKS cluster and node launch template', () => {
    const hardened = evaluate((stack) => {
      new EksCluster(stack, 'Cluster', {
        name: 'c',
        roleArn: 'r',
        vpcConfig: { subnetIds: ['s'], endpointPublicAccess: false, endpointPrivateAccess: true },
        enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
        encryptionConfig: { resources: ['secrets'], provider: { keyArn: KEY } },
      });
      new LaunchTemplate(stack, 'Nodes', { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } });
    });
    expect(failing(hardened)).toEqual([]);
    const open = evaluate((stack) => {
      new EksCluster(stack, 'Cluster', { name: 'c', roleArn: 'r', vpcConfig: { subnetIds: ['s'] }, enabledClusterLogTypes: ['api'] });
      new LaunchTemplate(stack, 'Nodes', {});
    });
    expect(failing(open)).toEqual([
      'stack/Cluster LLM-EKS-1',
      'stack/Cluster LLM-EKS-2[Log::audit]',
      'stack/Cluster LLM-EKS-2[Log::authenticator]',
      'stack/Cluster LLM-EKS-2[Log::controllerManager]',
      'stack/Cluster LLM-EKS-2[Log::scheduler]',
      'stack/Nodes LLM-EKS-3',
    ]);
  });

  test('Aurora, ElastiCache and S3 with their companion resources', () => {
    const hardened = evaluate((stack) => {
      new RdsCluster(stack, 'Database', {
        engine: 'aurora-postgresql',
        storageEncrypted: true,
        kmsKeyId: KEY,
        deletionProtection: true,
        backupRetentionPeriod: 14,
        finalSnapshotIdentifier: 'final',
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ['postgresql'],
        manageMasterUserPassword: true,
      });
      new ElasticacheReplicationGroup(stack, 'Redis', { replicationGroupId: 'r', description: 'd', atRestEncryptionEnabled: 'true', transitEncryptionEnabled: true, kmsKeyId: KEY, userGroupIds: ['g'], automaticFailoverEnabled: true, multiAzEnabled: true });
      const bucket = new S3Bucket(stack, 'Bucket', { bucket: 'b' });
      new S3BucketPublicAccessBlock(stack, 'Block', { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    });
    expect(failing(hardened)).toEqual([]);
    const open = evaluate((stack) => {
      new RdsCluster(stack, 'Database', { engine: 'aurora-postgresql', skipFinalSnapshot: true });
      new ElasticacheReplicationGroup(stack, 'Redis', { replicationGroupId: 'r', description: 'd' });
      new S3Bucket(stack, 'Bucket', { bucket: 'b' });
    });
    expect(failing(open)).toEqual([
      'stack/Bucket LLM-S3-1',
      'stack/Database LLM-DB-1',
      'stack/Database LLM-DB-3',
      'stack/Database LLM-DB-4',
      'stack/Database LLM-DB-5',
      'stack/Redis LLM-CACHE-1',
      'stack/Redis LLM-CACHE-2',
    ]);
  });

  test('Cloud Run v2, Cloud SQL and Secret Manager', () => {
    const hardened = evaluate((stack) => {
      new CloudRunV2Service(stack, 'Gateway', {
        name: 'gateway',
        location: 'europe-west1',
        ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY',
        template: {
          serviceAccount: 'gateway@p.iam.gserviceaccount.com',
          containers: [{ image: 'litellm:v1', env: [{ name: 'LITELLM_MASTER_KEY', valueSource: { secretKeyRef: { secret: 'master', version: '1' } } }] }],
        },
      });
      new SqlDatabaseInstance(stack, 'Sql', {
        databaseVersion: 'POSTGRES_16',
        region: 'europe-west1',
        settings: { tier: 'db-custom-2-7680', ipConfiguration: { ipv4Enabled: false, privateNetwork: 'n', sslMode: 'ENCRYPTED_ONLY' }, backupConfiguration: { enabled: true } },
      });
      new SecretManagerSecret(stack, 'Secret', { secretId: 's', replication: { userManaged: { replicas: [{ location: 'europe-west1' }] } } });
    });
    expect(failing(hardened)).toEqual([]);
    const open = evaluate((stack) => {
      new CloudRunV2Service(stack, 'Gateway', {
        name: 'gateway',
        location: 'europe-west1',
        template: { containers: [{ image: 'litellm:v1', env: [{ name: 'OPENAI_API_KEY', value: 'literal-key-value' }] }] },
      });
      new SqlDatabaseInstance(stack, 'Sql', { databaseVersion: 'POSTGRES_16', region: 'europe-west1', deletionProtection: false, settings: { tier: 'db-f1-micro' } });
    });
    expect(failing(open)).toEqual([
      'stack/Gateway LLM-RUN-1',
      'stack/Gateway LLM-RUN-3',
      'stack/Gateway LLM-RUN-4[container:0:env:OPENAI_API_KEY]',
      'stack/Sql LLM-GSQL-1[PublicIp]',
      'stack/Sql LLM-GSQL-2',
      'stack/Sql LLM-GSQL-3',
      'stack/Sql LLM-GSQL-4',
    ]);
  });

  test('Kubernetes Deployment', () => {
    const hardened = evaluate((stack) => {
      new DeploymentV1(stack, 'Gateway', {
        metadata: { name: 'gateway' },
        spec: {
          selector: { matchLabels: { app: 'gateway' } },
          template: {
            metadata: { labels: { app: 'gateway' } },
            spec: {
              securityContext: { runAsNonRoot: true, runAsUser: '10001', seccompProfile: { type: 'RuntimeDefault' } },
              automountServiceAccountToken: false,
              container: [
                {
                  name: 'litellm',
                  image: 'ghcr.io/berriai/litellm:v1.50.0',
                  securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
                  livenessProbe: { httpGet: { path: '/health/liveliness', port: '4000' } },
                  readinessProbe: { httpGet: { path: '/health/readiness', port: '4000' } },
                  env: [{ name: 'LITELLM_MASTER_KEY', valueFrom: { secretKeyRef: { name: 'litellm', key: 'master' } } }],
                },
              ],
            },
          },
        },
      });
    });
    expect(failing(hardened)).toEqual([]);
    expect(failing(hardened, 'warning')).toEqual([]);
    const open = evaluate((stack) => {
      new DeploymentV1(stack, 'Gateway', {
        metadata: { name: 'gateway' },
        spec: { selector: { matchLabels: { app: 'g' } }, template: { metadata: { labels: { app: 'g' } }, spec: { container: [{ name: 'litellm', image: 'litellm', securityContext: { privileged: true }, env: [{ name: 'DB_PASSWORD', value: 'literal' }] }] } } },
      });
    });
    expect(failing(open)).toEqual([
      'stack/Gateway LLM-K8S-1[container:litellm]',
      'stack/Gateway LLM-K8S-2[container:litellm:limits.cpu]',
      'stack/Gateway LLM-K8S-2[container:litellm:limits.memory]',
      'stack/Gateway LLM-K8S-4[container:litellm:allowPrivilegeEscalation]',
      'stack/Gateway LLM-K8S-4[container:litellm:privileged]',
      'stack/Gateway LLM-K8S-6[container:litellm:env:DB_PASSWORD]',
      'stack/Gateway LLM-K8S-9[container:litellm:drop-ALL]',
    ]);
    expect(failing(open, 'warning')).toEqual([
      'stack/Gateway LLM-K8S-3[container:litellm:liveness_probe]',
      'stack/Gateway LLM-K8S-3[container:litellm:readiness_probe]',
      'stack/Gateway LLM-K8S-5[container:litellm]',
      'stack/Gateway LLM-K8S-7[container:litellm]',
      'stack/Gateway LLM-K8S-10[container:litellm:seccomp]',
      'stack/Gateway LLM-K8S-11[pod:automount]',
    ]);
  });
});
