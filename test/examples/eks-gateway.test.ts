import { Testing } from 'cdktf';
import { build } from '../../examples/eks-gateway/main';
import { App, TerraformStack } from '../../src/core/cdktf';
import { databaseBootstrapStatements } from '../../src/gateway/runtimes/ecs-fargate';

Testing.setupJest();

// The generic real-Terraform check of this example runs in examples.test.ts; these pin what the issue asks
// of the cluster and of the wiring between the AWS and Kubernetes halves.
describe('example eks-gateway', () => {
  const app = new App({ stackTraces: false });
  build(app);
  const stack = app.node.children.find((c): c is TerraformStack => TerraformStack.isStack(c))!;
  const text = Testing.synth(stack);
  const json = JSON.parse(text);
  const one = (type: string) => {
    const all = Object.values<any>(json.resource[type] ?? {});
    expect(all).toHaveLength(1);
    return all[0];
  };

  it('has a private-only API endpoint, KMS envelope encryption and all five control-plane logs', () => {
    const cluster = one('aws_eks_cluster');
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: '${aws_kms_key.ClusterKey_CC335371.arn}' } });
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(cluster.depends_on).toContain('aws_cloudwatch_log_group.ClusterLogs');
    expect(json.resource.aws_kms_key.ClusterKey_CC335371.enable_key_rotation).toBe(true);
  });

  it('keeps the control-plane logs a year, encrypted', () => {
    expect(json.resource.aws_cloudwatch_log_group.ClusterLogs).toMatchObject({ name: '/aws/eks/llm-platform/cluster', retention_in_days: 365, kms_key_id: '${aws_kms_key.ClusterKey_CC335371.arn}' });
  });

  it('requires IMDSv2 with hop limit 1 on the nodes, which use that launch template', () => {
    const lt = one('aws_launch_template');
    expect(lt.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
    expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: 'true' });
    expect(one('aws_eks_node_group').launch_template.name).toBe('${aws_launch_template.NodeLaunchTemplate.name}');
  });

  it('runs nodes in private subnets of two availability zones', () => {
    const subnets = one('aws_eks_node_group').subnet_ids as string[];
    expect(subnets).toEqual(['${aws_subnet.Private0.id}', '${aws_subnet.Private1.id}']);
    expect(json.resource.aws_subnet.Private0.availability_zone).not.toBe(json.resource.aws_subnet.Private1.availability_zone);
  });

  it('turns on NetworkPolicy enforcement in the VPC CNI', () => {
    expect(JSON.parse(json.resource.aws_eks_addon.VpcCni.configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
  });

  it('wires kubernetes and helm to the cluster with short-lived exec tokens', () => {
    const exec = { api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', '${aws_eks_cluster.Cluster.name}', '--region', 'us-east-1'] };
    expect(json.provider.kubernetes[0]).toMatchObject({ host: '${aws_eks_cluster.Cluster.endpoint}', exec: [exec] });
    expect(json.provider.helm[0].kubernetes).toMatchObject({ host: '${aws_eks_cluster.Cluster.endpoint}', exec });
    expect(json.provider.kubernetes[0].token).toBeUndefined();
  });

  it('gives the gateway Bedrock on exactly one model through EKS Pod Identity', () => {
    const association = one('aws_eks_pod_identity_association');
    // The gateway's own ServiceAccount (the tenancy jobs have another, with no cloud identity).
    const sa = Object.values<any>(json.resource.kubernetes_service_account_v1).find((a) => a.metadata.labels['app.kubernetes.io/component'] === 'gateway');
    expect(association).toMatchObject({ namespace: 'llm-gateway', service_account: 'llm-gateway' });
    expect(sa.metadata).toMatchObject({ name: 'llm-gateway' });
    const policy = json.resource.aws_iam_role_policy.GatewayBedrock.policy as string;
    expect(policy).toContain('foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(policy).not.toMatch(/"Resource":"\*"/);
  });

  it('never lets an AWS resource reference a Kubernetes, Helm or random resource (the AWS half is checkable alone)', () => {
    for (const [type, byName] of Object.entries<any>(json.resource)) {
      if (!type.startsWith('aws_')) continue;
      for (const config of Object.values(byName)) expect(JSON.stringify(config)).not.toMatch(/\$\{(kubernetes|helm|random)_/);
    }
  });

  it('creates every Kubernetes resource after the nodes, the CNI and the Pod Identity association', () => {
    for (const [type, byName] of Object.entries<any>(json.resource)) {
      if (!/^(kubernetes|helm)_/.test(type)) continue;
      for (const config of Object.values<any>(byName)) {
        expect(config.depends_on).toEqual(expect.arrayContaining([
          'aws_eks_node_group.Nodes',
          'aws_eks_addon.VpcCni',
          'aws_eks_addon.PodIdentityAgent',
          'aws_eks_pod_identity_association.GatewayIdentity',
        ]));
      }
    }
  });

  it('gives LiteLLM a database (virtual keys, spend) with IAM authentication, its login created once through the Data API', () => {
    const env = Object.fromEntries(one('kubernetes_deployment_v1').spec.template.spec.container.find((c: any) => c.name === 'litellm').env.map((e: any) => [e.name, e.value ?? e.value_from]));
    // A click boolean flag's envvar: true/True/1 all switch it on (proxy_cli.py --iam_token_db_auth).
    expect(String(env.IAM_TOKEN_DB_AUTH).toLowerCase()).toBe('true');
    expect(env).toMatchObject({ DATABASE_USER: 'litellm', DATABASE_NAME: 'litellm' });
    expect(env.DATABASE_HOST).toMatch(/aws_rds_cluster\.Database_Cluster_\w+\.endpoint/);
    expect(one('aws_rds_cluster')).toMatchObject({ iam_database_authentication_enabled: true, enable_http_endpoint: true, deletion_protection: true });
    expect(JSON.parse(one('aws_lambda_invocation').input).statements).toEqual(databaseBootstrapStatements('litellm', 'litellm'));
    expect(json.resource.aws_iam_role_policy.GatewayDatabase.policy).toMatch(/rds-db:connect/);
    // The migration Job waits for the login.
    expect(one('kubernetes_job_v1').depends_on).toContainEqual(expect.stringMatching(/^aws_lambda_invocation\.DatabaseBootstrap_LiteLlmLogin/));
  });

  it('needs no random provider', () => {
    expect(json.provider.random).toBeUndefined();
    expect(Object.keys(json.resource).filter((t) => t.startsWith('random_'))).toEqual([]);
  });

  it('enforces Pod Security `baseline` because of the non-production in-cluster Valkey, and audits/warns at `restricted` (as the README says)', () => {
    expect(one('kubernetes_namespace_v1').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('runs the hardened gateway in the cluster', () => {
    const pod = one('kubernetes_deployment_v1').spec.template.spec;
    expect(pod.container[0].security_context).toMatchObject({ read_only_root_filesystem: true, run_as_non_root: true, capabilities: { drop: ['ALL'] } });
    expect(one('kubernetes_network_policy_v1').spec.ingress[0].from[0].namespace_selector.match_expressions[0].values).toEqual(['apps']);
  });
});
