import { PROJECT, PlatformNetwork, REGION } from './network';
import {
  AlertChannel, CloudRunGateway, DataClassification, Duration, EvalCheck, EvalDataset, EvalSchedule, FeatureCaller, LlmPlatform, ModelDeployment,
  PlatformCloud, PolicyBundle, SecretRef, StandardLlmFeature, TeamStack, ToolExecution,
} from '../../src';
import { App, TerraformOutput } from '../../src/core/cdktf';

const KMS_KEY = `projects/acme-security/locations/${REGION}/keyRings/llm-platform/cryptoKeys/llm-platform`;
const sa = (name: string) => `${name}@${PROJECT}.iam.gserviceaccount.com`;

/**
 * An LLM platform on Google Cloud with two squads: a private LiteLLM gateway on Cloud Run (Claude on Vertex AI with
 * a Gemini fallback), Google Managed Prometheus with Cloud Monitoring alerts and dashboards, Cloud Trace and a
 * retention-locked audit trail, pgvector on Cloud SQL, and a stack (a state) per squad.
 */
export function build(app: App): void {
  const network = new PlatformNetwork(app, 'gcp-platform-network');
  const platform = new LlmPlatform(app, 'gcp-platform', {
    name: 'llm',
    cloud: PlatformCloud.gcp({
      project: PROJECT,
      region: REGION,
      network: network.network,
      subnetwork: network.subnetwork,
      // The platform's key in the region, kept by the security team (its service agents are granted on it there).
      kmsKeyName: KMS_KEY,
      // The audit writer's HMAC key, created outside Terraform (its secret would otherwise be in state):
      // gcloud storage hmac create llm-audit-writer@<project>.iam.gserviceaccount.com, both values in Secret Manager.
      audit: {
        hmacKey: {
          serviceAccountEmail: sa('llm-audit-writer'),
          accessId: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/llm-audit-hmac-access-id`),
          secret: SecretRef.gcpSecretManager(`projects/${PROJECT}/secrets/llm-audit-hmac-secret`),
        },
      },
    }),
    models: [
      ModelDeployment.vertexAi({ alias: 'chat', model: 'claude-sonnet-4@20250514', project: PROJECT, location: 'us-east5' }),
      ModelDeployment.vertexAi({ alias: 'chat-fallback', model: 'gemini-2.5-flash', project: PROJECT, location: REGION }),
      ModelDeployment.vertexAi({ alias: 'embed', model: 'text-embedding-005', project: PROJECT, location: REGION }),
      ModelDeployment.vertexAi({ alias: 'embed', model: 'text-embedding-005', project: PROJECT, location: 'europe-west4', id: 'embed-europe-west4' }),
    ],
    fallbacks: [{ from: 'chat', to: ['chat-fallback'] }],
    modelAllowList: ['vertex_ai/claude-sonnet-4@20250514', 'vertex_ai/gemini-2.5-flash', 'vertex_ai/text-embedding-005'],
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    environment: 'production',
    ownership: { team: 'llm-platform', costCenter: 'cc-1234' },
    alerting: { page: [AlertChannel.email('llm-oncall@example.com')], ticket: [AlertChannel.email('llm-platform@example.com')] },
    runbookUrl: 'https://runbooks.example.com/llm-platform',
  });
  new TerraformOutput(platform, 'gateway_url', { value: platform.gateway.endpoint });
  acceptPlatformDecisions(platform);

  const support = platform.teamStack(app, 'support', {
    monthlyBudgetUsd: 4_000,
    tokensPerMinute: 200_000,
    requestsPerMinute: 600,
    owner: 'support-squad',
    oncall: 'support-oncall',
    // The squad's own alerting channel (created by the squad in Cloud Monitoring).
    cloudBudget: { monthlyLimitUsd: 400, billingAccount: '012345-6789AB-CDEF01', monitoringNotificationChannels: [`projects/${PROJECT}/notificationChannels/5120348123456789012`] },
  });
  new StandardLlmFeature(support, 'ticket-summary', {
    models: ['chat'],
    quota: { tokensPerMinute: 60_000, requestsPerMinute: 200, monthlyBudgetUsd: 1_500 },
    slo: { availability: 0.999, latencyP95Ms: 1200 },
    dataClassification: DataClassification.CONFIDENTIAL,
    toolExecution: ToolExecution.none(),
    businessFallback: 'Agents read the full ticket thread; no summary is shown',
    prompts: { repository: 'https://git.example.com/support/prompts', evaluation: { goldenDataset: 'evals/ticket-summary.jsonl', minScore: 0.8 } },
    // The golden set runs every hour on the feature's own key (a Cloud Run job in the gateway's VPC); a drop pages.
    evaluation: {
      goldenSet: EvalDataset.fromFile('examples/gcp-platform/evals/ticket-summary.jsonl'),
      schedule: EvalSchedule.every(Duration.hours(1)),
      checks: [EvalCheck.notContains('@'), EvalCheck.maxLatencyMs(5000)],
      minPassRate: 0.75,
    },
    callers: [FeatureCaller.gcpServiceAccount(sa('support-ticket-summary'))],
    owner: 'support-squad',
    oncall: 'support-oncall',
  });

  acceptTeamDecisions(support);

  const docs = platform.teamStack(app, 'docs', {
    monthlyBudgetUsd: 2_000,
    tokensPerMinute: 100_000,
    requestsPerMinute: 300,
    owner: 'docs-squad',
    oncall: 'docs-oncall',
  });
  new StandardLlmFeature(docs, 'doc-search', {
    models: ['chat', 'embed'],
    quota: { tokensPerMinute: 80_000, requestsPerMinute: 250, monthlyBudgetUsd: 1_200 },
    slo: { availability: 0.995, latencyP95Ms: 2000 },
    dataClassification: DataClassification.INTERNAL,
    toolExecution: ToolExecution.allowListed(['search_docs']),
    businessFallback: 'Show keyword search results without a generated answer',
    prompts: { repository: 'https://git.example.com/docs/prompts', evaluation: { goldenDataset: 'evals/doc-search.jsonl', minScore: 0.85 } },
    vectorCollection: { dimensions: 768 },
    callers: [FeatureCaller.gcpServiceAccount(sa('docs-search-api'))],
    owner: 'docs-squad',
    oncall: 'docs-oncall',
  });
  acceptTeamDecisions(docs);
}

/**
 * Secret Manager rotation schedules (LLM-GSM-3) notify a Pub/Sub topic for a rotation job to consume; these secrets
 * are rotated another way, or are not credentials. Each decision is recorded with its reason in the policy report.
 */
function acceptPlatformDecisions(platform: LlmPlatform): void {
  // The runtime says why each of its secrets has no rotation schedule (rotated by Terraform, never, or not a credential).
  const runtime = platform.gateway.node.findChild('CloudRun') as CloudRunGateway;
  for (const r of runtime.unscheduledRotations) PolicyBundle.suppress(r.secret, 'LLM-GSM-3', r.reason);
  PolicyBundle.suppress(platform.vectorStore!, 'LLM-GSM-3', 'Bootstrap admin password: write-only, rotated by bumping adminPasswordVersion in a reviewed change (no rotation consumer exists)');
}

/** The team's feature keys: rotated by the tenancy's scheduled job (rotationDays), which Secret Manager cannot see. */
function acceptTeamDecisions(team: TeamStack): void {
  PolicyBundle.suppress(team.tenant, 'LLM-GSM-3', 'Feature keys are rotated by the tenancy rotation job (daily run, each key after its rotationDays, with a grace period), not by a Secret Manager schedule');
  PolicyBundle.suppress(team.tenant, 'LLM-GSM-2', 'TenantQuota creates GCP feature-key secrets with Google-managed encryption (no CMEK option yet); the keys are revocable LiteLLM virtual keys');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
