import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  DataClassification, Duration, EvalCheck, EvalDataset, EvalSchedule, FeatureCaller, KubernetesDatabase, KubernetesFlavour, KubernetesIngress,
  KubernetesRedis, LlmPlatform, ModelDeployment, PlatformCloud, PolicyBundle, SecretRef, StandardLlmFeature, ToolExecution,
} from '../../src';
import { App, Fn, TerraformOutput, type TerraformStack } from '../../src/core/cdktf';
import { MIGRATION_WRITABLE_ROOT_REASON } from '../../src/gateway/runtimes/migrations';

const REGION = 'us-east-1';
/** The EKS cluster the platform runs on: private endpoint, KMS envelope encryption of Secrets (see examples/eks-gateway). */
const CLUSTER = 'llm-platform';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
/** Provider API keys and LiteLLM's database URL, synced into the gateway namespace by External Secrets Operator. */
const PROVIDER_KEYS = 'llm-provider-keys';

/**
 * Providers of one stack, configured from the cluster's name (each stack is its own Terraform state, so none reads
 * another's outputs for its providers): short-lived tokens through the AWS CLI, nothing in state. Team stacks get the
 * AWS provider too, for their AWS Budgets.
 */
function clusterProviders(stack: TerraformStack): void {
  new AwsProvider(stack, 'aws', { region: REGION });
  const cluster = new DataAwsEksCluster(stack, 'Cluster', { name: CLUSTER });
  const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', CLUSTER, '--region', REGION] };
  const ca = Fn.base64decode(cluster.certificateAuthority.get(0).data);
  new KubernetesProvider(stack, 'kubernetes', { host: cluster.endpoint, clusterCaCertificate: ca, exec: [exec] });
  new HelmProvider(stack, 'helm', { kubernetes: { host: cluster.endpoint, clusterCaCertificate: ca, exec } });
}

/**
 * An LLM platform on a Kubernetes cluster you already run (EKS here): the hardened LiteLLM Deployment behind an
 * internal ALB, OpenAI with an Anthropic fallback, kube-prometheus-stack rules and dashboards, Qdrant, the tenancy Jobs,
 * and a stack (a state) per squad with its namespace, keys, budget and alerts. Install kube-prometheus-stack,
 * cert-manager, the AWS Load Balancer Controller and External Secrets first.
 */
export function build(app: App): void {
  const platform = new LlmPlatform(app, 'kubernetes-platform', {
    name: 'llm',
    cloud: PlatformCloud.kubernetes({
      flavour: KubernetesFlavour.EKS,
      providers: clusterProviders,
      redis: KubernetesRedis.external({ host: 'master.llm-platform.abc123.use1.cache.amazonaws.com', password: SecretRef.kubernetes('litellm-redis', 'password'), tls: true }),
      database: KubernetesDatabase.fromUrlSecret(SecretRef.kubernetes('litellm-database', 'url')),
      ingress: KubernetesIngress.awsLoadBalancer({ host: 'llm.internal.example.com', certificateArn: CERTIFICATE, loadBalancerSourceCidrs: ['10.0.0.0/16'] }),
      secretsEncryptionAtRest: 'EKS envelope encryption of Secrets with a customer-managed KMS key',
      vectorStore: { namespace: 'vectors' },
      monitoring: { releaseLabel: 'kube-prometheus-stack', namespace: 'monitoring', tracesEndpoint: 'http://otel-collector.observability:4318/v1/traces' },
    }),
    models: [
      ModelDeployment.openai({ alias: 'chat', model: 'gpt-4o-mini', apiKey: SecretRef.kubernetes(PROVIDER_KEYS, 'openai') }),
      // Another provider behind the fallback alias: an OpenAI outage does not take `chat` down.
      ModelDeployment.anthropic({ alias: 'chat-fallback', model: 'claude-3-5-haiku-20241022', apiKey: SecretRef.kubernetes(PROVIDER_KEYS, 'anthropic') }),
    ],
    fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
    modelAllowList: ['openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku-20241022'],
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    environment: 'production',
    ownership: { team: 'llm-platform', costCenter: 'cc-1234' },
    // Alerts carry severity="page" / "ticket": the cluster's Alertmanager routes them.
    runbookUrl: 'https://runbooks.example.com/llm-platform',
  });
  new TerraformOutput(platform, 'gateway_endpoint', { value: platform.gateway.endpoint });
  // LiteLLM's one-shot migration Job writes into site-packages while it migrates: accepted for that container only.
  PolicyBundle.suppress(platform.gateway, 'LLM-K8S-5', MIGRATION_WRITABLE_ROOT_REASON, { appliesTo: 'container:migrations' });

  const payments = platform.teamStack(app, 'payments', {
    monthlyBudgetUsd: 3_000,
    tokensPerMinute: 150_000,
    requestsPerMinute: 500,
    owner: 'payments-squad',
    oncall: 'payments-oncall',
    cloudBudget: { monthlyLimitUsd: 300, emails: ['payments-leads@example.com'] },
  });
  new StandardLlmFeature(payments, 'dispute-triage', {
    models: ['chat'],
    quota: { tokensPerMinute: 60_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_200 },
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    dataClassification: DataClassification.CONFIDENTIAL,
    toolExecution: ToolExecution.none(),
    businessFallback: 'Route the dispute to the manual review queue',
    prompts: { repository: 'https://git.example.com/payments/prompts', evaluation: { goldenDataset: 'evals/dispute-triage.jsonl', minScore: 0.85 } },
    // The golden set runs every 30 minutes on the feature's own key (a CronJob in the team namespace).
    evaluation: {
      goldenSet: EvalDataset.fromFile('examples/kubernetes-platform/evals/dispute-triage.jsonl'),
      schedule: EvalSchedule.every(Duration.minutes(30)),
      checks: [EvalCheck.jsonSchema({ type: 'object', properties: { category: { enum: ['fraud', 'not_received', 'not_as_described', 'duplicate', 'other'] }, urgent: { type: 'boolean' } }, required: ['category', 'urgent'] }), EvalCheck.maxLatencyMs(3000)],
      minPassRate: 0.85,
    },
    callers: [FeatureCaller.kubernetesServiceAccount('team-payments', 'dispute-triage')],
    owner: 'payments-squad',
    oncall: 'payments-oncall',
  });

  const help = platform.teamStack(app, 'help-center', {
    monthlyBudgetUsd: 2_000,
    tokensPerMinute: 100_000,
    requestsPerMinute: 300,
    owner: 'help-center-squad',
    oncall: 'help-center-oncall',
  });
  new StandardLlmFeature(help, 'article-answers', {
    models: ['chat'],
    quota: { tokensPerMinute: 80_000, requestsPerMinute: 250, monthlyBudgetUsd: 1_500 },
    slo: { availability: 0.995, latencyP95Ms: 2000 },
    dataClassification: DataClassification.PUBLIC,
    toolExecution: ToolExecution.allowListed(['search_articles']),
    businessFallback: 'Show the matching help articles without a generated answer',
    prompts: { repository: 'https://git.example.com/help-center/prompts', evaluation: { goldenDataset: 'evals/article-answers.jsonl', minScore: 0.8 } },
    vectorCollection: { dimensions: 1536 },
    callers: [FeatureCaller.kubernetesServiceAccount('team-help-center', 'article-answers')],
    owner: 'help-center-squad',
    oncall: 'help-center-oncall',
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
