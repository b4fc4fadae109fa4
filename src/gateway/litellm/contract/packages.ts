import type { ContractSourceId } from './sources';

/** What a LiteLLM feature needs beyond the proxy itself: Python packages in the image, services, a license. */
export interface ContractFeature {
  readonly source: ContractSourceId;
  /** Python packages the feature imports, as pinned in the image's requirements. */
  readonly packages: ReadonlyArray<string>;
  /** All of `packages` are installed in the pinned image. */
  readonly inImage: boolean;
  /** Services that must be reachable. */
  readonly services?: ReadonlyArray<string>;
  /** Needs a LiteLLM Enterprise license. */
  readonly enterprise?: boolean;
}

/** By feature: `callback:<name>`, `guardrail:<type>`, `cache:<type>`, `database`. */
export const CONTRACT_FEATURES: Readonly<Record<string, ContractFeature>> = {
  'callback:prometheus': { source: 'requirements', packages: ['prometheus_client==0.20.0'], inImage: true },
  'callback:otel': { source: 'requirements', packages: ['opentelemetry-api==1.25.0', 'opentelemetry-sdk==1.25.0', 'opentelemetry-exporter-otlp==1.25.0'], inImage: true, services: ['an OTLP endpoint (OTEL_ENDPOINT)'] },
  'callback:s3_v2': { source: 'requirements', packages: ['boto3==1.36.0'], inImage: true, services: ['an S3 (or S3-compatible) bucket'] },
  'callback:detect_prompt_injection': { source: 'promptInjectionHook', packages: [], inImage: true },
  'guardrail:litellm_content_filter': { source: 'guardrailTypes', packages: [], inImage: true },
  'guardrail:presidio': { source: 'presidio', packages: [], inImage: true, services: ['presidio-analyzer', 'presidio-anonymizer'] },
  'guardrail:bedrock': { source: 'requirements', packages: ['boto3==1.36.0'], inImage: true, services: ['AWS Bedrock Guardrails'] },
  'guardrail:hide-secrets': { source: 'requirements', packages: ['detect-secrets==1.5.0'], inImage: true, enterprise: true },
  'cache:redis': { source: 'requirements', packages: ['redis==5.2.1'], inImage: true, services: ['Redis'] },
  'database': { source: 'requirements', packages: ['prisma==0.11.0', 'nodejs-bin==18.4.0a4'], inImage: true, services: ['PostgreSQL'] },
};
