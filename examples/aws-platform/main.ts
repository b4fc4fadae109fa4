import { PlatformNetwork, REGION, ZONE } from './network';
import {
  AlertChannel, DataClassification, Duration, EcsFargateGateway, EvalCheck, EvalDataset, EvalSchedule, FeatureCaller, LlmPlatform, ModelDeployment,
  OutputConsumer, PlatformCloud, PolicyBundle, StandardLlmFeature, ToolExecution,
} from '../../src';
import { App, TerraformOutput } from '../../src/core/cdktf';

/**
 * The quickstart: an LLM platform on AWS with two squads and three features, production settings.
 *
 * - `aws-platform-network`: the VPC, private zone and Grafana endpoint (another team's, usually).
 * - `aws-platform`: the platform — a private LiteLLM gateway on ECS Fargate (Claude 3.5 Haiku with a Nova Lite
 *   fallback, Titan embeddings in two Regions), Managed Prometheus/Grafana, X-Ray and an audit trail, pgvector on
 *   Aurora, the tenancy control plane, both policy packs.
 * - `aws-platform-hiring` and `aws-platform-search`: one stack (one Terraform state) per squad, each with its
 *   budget, limits, IAM role, dashboard and alerts — and its features, one construct each.
 */
export function build(app: App): void {
  const platform = buildPlatform(app);

  // ---- Squad 1: hiring. Two features, one construct each. -------------------------------------------------
  const hiring = platform.teamStack(app, 'hiring', {
    monthlyBudgetUsd: 5_000,
    tokensPerMinute: 200_000,
    requestsPerMinute: 600,
    owner: 'hiring-squad',
    oncall: 'hiring-oncall',
    cloudBudget: { monthlyLimitUsd: 500, emails: ['hiring-leads@example.com'] },
  });
  const jd = new StandardLlmFeature(hiring, 'job-description-gen', {
    models: ['chat'],
    quota: { tokensPerMinute: 50_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_000 },
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    dataClassification: DataClassification.CONFIDENTIAL,
    toolExecution: ToolExecution.none(),
    businessFallback: 'Show the manual form; the posting is saved as a draft',
    prompts: { repository: 'https://git.example.com/hiring/prompts', evaluation: { goldenDataset: 'evals/job-description.jsonl', minScore: 0.8 } },
    // A probe runs the golden set every 30 minutes on the feature's own key (Lambda in the gateway's VPC); two bad runs
    // in a row page, a drop below last week's rate opens a ticket, and the same set gates a model change.
    evaluation: {
      goldenSet: EvalDataset.fromFile('examples/aws-platform/evals/job-description.jsonl'),
      schedule: EvalSchedule.every(Duration.minutes(30)),
      checks: [EvalCheck.contains('Responsibilities'), EvalCheck.contains('Requirements'), EvalCheck.maxLatencyMs(8000)],
      minPassRate: 0.8,
      maxRunCostUsd: 0.25,
    },
    // The feature's ECS task role (defined with the service): the only reader of the key.
    callers: [FeatureCaller.awsRole('hiring-job-description-gen')],
    owner: 'hiring-squad',
    oncall: 'hiring-oncall',
  });
  const cv = new StandardLlmFeature(hiring, 'cv-screening', {
    models: ['chat'],
    quota: { tokensPerMinute: 80_000, requestsPerMinute: 120, monthlyBudgetUsd: 1_500 },
    slo: { availability: 0.995, latencyP95Ms: 2000 },
    dataClassification: DataClassification.RESTRICTED,
    toolExecution: ToolExecution.none(),
    // A workflow acts on the answer, so the answer has a schema (LLM-GOV-7).
    outputConsumer: OutputConsumer.AUTOMATION,
    structuredOutput: {
      schema: {
        type: 'object',
        properties: { decision: { enum: ['advance', 'review', 'decline'] }, reasons: { type: 'array', items: { type: 'string' } } },
        required: ['decision', 'reasons'],
      },
    },
    businessFallback: 'Queue the application for a recruiter; nothing is declined automatically',
    prompts: { repository: 'https://git.example.com/hiring/prompts', evaluation: { goldenDataset: 'evals/cv-screening.jsonl', minScore: 0.9 } },
    // The workflow's contract is checked on every case: valid JSON of the schema, within the SLO's latency.
    evaluation: {
      goldenSet: EvalDataset.fromFile('examples/aws-platform/evals/cv-screening.jsonl'),
      schedule: EvalSchedule.every(Duration.minutes(30)),
      checks: [
        EvalCheck.jsonSchema({
          type: 'object',
          properties: { decision: { enum: ['advance', 'review', 'decline'] }, reasons: { type: 'array', items: { type: 'string' } } },
          required: ['decision', 'reasons'],
        }),
        EvalCheck.maxLatencyMs(4000),
      ],
      minPassRate: 0.9,
      maxRunCostUsd: 0.1,
    },
    callers: [FeatureCaller.awsRole('hiring-cv-screening')],
    owner: 'hiring-squad',
    oncall: 'hiring-oncall',
  });

  // ---- Squad 2: search. One retrieval feature with its own vector collection. -----------------------------
  const search = platform.teamStack(app, 'search', {
    monthlyBudgetUsd: 3_000,
    tokensPerMinute: 150_000,
    requestsPerMinute: 400,
    owner: 'search-squad',
    oncall: 'search-oncall',
    cloudBudget: { monthlyLimitUsd: 300, emails: ['search-leads@example.com'] },
  });
  const answers = new StandardLlmFeature(search, 'kb-answers', {
    models: ['chat', 'embed'],
    quota: { tokensPerMinute: 100_000, requestsPerMinute: 300, monthlyBudgetUsd: 2_000 },
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    dataClassification: DataClassification.INTERNAL,
    toolExecution: ToolExecution.allowListed(['search_knowledge_base']),
    businessFallback: 'Show the top search results without a generated answer',
    prompts: { repository: 'https://git.example.com/search/prompts', evaluation: { goldenDataset: 'evals/kb-answers.jsonl', minScore: 0.85 } },
    // Grounding: every answer cites its article (or says it does not know); hourly during office hours.
    evaluation: {
      goldenSet: EvalDataset.fromFile('examples/aws-platform/evals/kb-answers.jsonl'),
      schedule: EvalSchedule.cron('0 7-19 * * 1-5', { timeZone: 'Europe/Berlin' }),
      checks: [EvalCheck.regex('\\[KB-\\d{4}\\]|ticket'), EvalCheck.maxLatencyMs(6000)],
      minPassRate: 0.75,
    },
    vectorCollection: { dimensions: 1024 },
    // Drill templates: provider failover (LiteLLM's mock_testing_fallbacks) and an AWS FIS failover of the vector
    // store's Aurora cluster, stopped by alarms that mirror the SLO. Opt-in: nothing runs until someone starts them.
    drills: true,
    callers: [FeatureCaller.awsRole('search-kb-answers')],
    owner: 'search-squad',
    oncall: 'search-oncall',
  });

  for (const [stack, feature] of [[hiring, jd], [hiring, cv], [search, answers]] as const) {
    const name = feature.featureName.replace(/-/g, '_');
    new TerraformOutput(stack, `${name}_key_secret_arn`, { value: feature.key.secret.awsSecretArn, description: `Virtual key ${feature.keyAlias} (JSON field api_key); readable by the feature's callers only` });
    new TerraformOutput(stack, `${name}_gateway_security_group_id`, { value: feature.gatewayCallerSecurityGroupId!, description: 'Attach to the feature\'s tasks to reach the gateway' });
  }
}

/** The network stack and the platform stack (also what the 200-team benchmark builds its teams on). */
export function buildPlatform(app: App): LlmPlatform {
  const network = new PlatformNetwork(app, 'aws-platform-network');

  const platform = new LlmPlatform(app, 'aws-platform', {
    name: 'llm',
    cloud: PlatformCloud.aws({
      region: REGION,
      vpcId: network.vpcId,
      privateSubnetIds: network.privateSubnetIds,
      certificateArn: network.certificateArn,
      domainName: `llm.${ZONE}`,
      hostedZoneId: network.zoneId,
      grafana: { allowedVpcEndpointIds: [network.grafanaEndpointId] },
    }),
    models: [
      // A US cross-Region inference profile: the task role may call the profile and the model in each US Region.
      ModelDeployment.bedrock({ alias: 'chat', modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', region: REGION }),
      // Another model family behind the fallback alias (both on Bedrock: add a second provider to survive a Bedrock-wide outage).
      ModelDeployment.bedrock({ alias: 'chat-fallback', modelId: 'amazon.nova-lite-v1:0', region: REGION }),
      // One embedding model in two Regions behind one alias: LiteLLM routes around a Regional outage.
      ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: REGION }),
      ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: 'us-west-2', id: 'embed-us-west-2' }),
    ],
    fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
    // The reviewed models: any other provider model in any stack of the platform fails synthesis (LLM-GOV-1).
    modelAllowList: ['bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock/amazon.nova-lite-v1:0', 'bedrock/amazon.titan-embed-text-v2:0'],
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    environment: 'production',
    ownership: { team: 'llm-platform', costCenter: 'cc-1234' },
    alerting: { page: [AlertChannel.email('llm-oncall@example.com')], ticket: [AlertChannel.email('llm-platform@example.com')] },
    runbookUrl: 'https://runbooks.example.com/llm-platform',
  });
  acceptPlatformDecisions(platform);
  new TerraformOutput(platform, 'gateway_endpoint', { value: platform.gateway.endpoint, description: 'OpenAI-compatible base URL (<endpoint>/v1/chat/completions), resolvable in the VPC' });
  return platform;
}

/**
 * Decisions the platform team takes, recorded as reasoned suppressions (the policy report shows each one).
 */
function acceptPlatformDecisions(platform: LlmPlatform): void {
  const runtime = platform.gateway.node.findChild('EcsFargate') as EcsFargateGateway;
  // The salt key never rotates: a new value makes the credentials LiteLLM stored undecryptable.
  PolicyBundle.suppress(runtime.saltKey.secret, 'LLM-SEC-1', runtime.saltKey.neverRotatedReason!);
  // Terraform manages the workspace's Prometheus data source and folders, which takes the Admin role, and the grafana
  // provider authenticates with a token minted here: a shorter lifetime would leave the next plan unable to refresh the
  // dashboards once it expired (the token is in state; see the README).
  PolicyBundle.suppress(platform.observability.targetResources.node.findChild('Grafana'), 'LLM-GRAF-2',
    'Admin role: Terraform manages the Prometheus data source and folders; the 30-day token is replaced before expiry (terraform apply -replace)');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
