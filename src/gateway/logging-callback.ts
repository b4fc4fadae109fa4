import { ProblemCollector, type SecretRef } from '../core';
import { S3_PATH_PATTERN } from './litellm/config-model';
import type { LlmGateway } from './llm-gateway';

/**
 * Something that observes a gateway: an `ObservabilityStack` (or your own implementation). The gateway calls
 * `watch(this)` once, at the end of its constructor, when it is passed as `observability`.
 */
export interface IGatewayObserver {
  watch(gateway: LlmGateway): void;
}

/** @internal What a logging callback renders into the LiteLLM config and environment. */
export type LoggingCallbackSpec =
  | {
    readonly kind: 'otel';
    /** OTLP/HTTP traces URL (`OTEL_ENDPOINT`). */
    readonly endpoint: string;
    readonly serviceName: string;
    readonly environment: string;
  }
  | {
    readonly kind: 's3';
    readonly bucketName: string;
    readonly region: string;
    readonly path: string;
    /** S3-compatible endpoint (GCS interoperability: `https://storage.googleapis.com`). */
    readonly endpointUrl?: string;
    /** HMAC access key id and secret for an S3-compatible endpoint; AWS uses the workload's role. */
    readonly accessKeyId?: SecretRef;
    readonly secretAccessKey?: SecretRef;
  };

export interface OpenTelemetryCallbackOptions {
  /** OTLP/HTTP traces URL, e.g. `http://127.0.0.1:4318/v1/traces` (a collector sidecar). */
  readonly endpoint: string;
  /** `service.name` of the spans. */
  readonly serviceName: string;
  /** `deployment.environment` of the spans. @default 'production' */
  readonly environment?: string;
}

export interface S3AuditCallbackOptions {
  readonly bucketName: string;
  readonly region: string;
  /** Prefix of the records. */
  readonly path: string;
  /** S3-compatible endpoint (e.g. GCS interoperability). @default - AWS S3 */
  readonly endpointUrl?: string;
  /** HMAC access key id, for an S3-compatible endpoint. @default - the workload's AWS role */
  readonly accessKeyId?: SecretRef;
  /** HMAC secret, for an S3-compatible endpoint. @default - the workload's AWS role */
  readonly secretAccessKey?: SecretRef;
}

/**
 * A LiteLLM logging callback the gateway renders (`litellm_settings.callbacks`, its settings and its
 * environment). Message content never reaches a callback unless the gateway's `allowMessageLogging` is on:
 * `turn_off_message_logging` stays true, and the OpenTelemetry callback's own `message_logging` follows it.
 */
export class LoggingCallback {
  /** LiteLLM's `otel` callback: one trace per request, exported over OTLP/HTTP. */
  public static openTelemetry(options: OpenTelemetryCallbackOptions): LoggingCallback {
    // Checked when the gateway adds it; `null`/`undefined` options reach that check as missing props, not a TypeError.
    const o = options ?? ({} as Partial<OpenTelemetryCallbackOptions>);
    return new LoggingCallback({ kind: 'otel', endpoint: o.endpoint as string, serviceName: o.serviceName as string, environment: o.environment ?? 'production' });
  }

  /** LiteLLM's `s3_v2` callback: one JSON record per call in a bucket (the audit trail). */
  public static s3Audit(options: S3AuditCallbackOptions): LoggingCallback {
    // The path is rendered into the config as it is (bucket and region travel as environment), so it is checked
    // here, with the config's own rule (`s3_callback_params.s3_path`), not first when the config renders at synth.
    const path: unknown = (options as Partial<S3AuditCallbackOptions> | undefined)?.path;
    if (typeof path !== 'string' || !S3_PATH_PATTERN.test(path)) {
      new ProblemCollector().add('LoggingCallback.s3Audit(path)', path, 'is not an S3 key prefix', 'use letters, digits, _ . - separated by /, e.g. litellm/audit').throwIfAny('LoggingCallback');
    }
    return new LoggingCallback({ kind: 's3', ...options });
  }

  /** @internal */
  public readonly _spec: LoggingCallbackSpec;

  private constructor(spec: LoggingCallbackSpec) {
    this._spec = spec;
  }

  /** `otel` or `s3_v2`. */
  public get callbackName(): 'otel' | 's3_v2' {
    return this._spec.kind === 'otel' ? 'otel' : 's3_v2';
  }
}

/** Environment variables of the S3 callback's bucket and region (referenced as `os.environ/...` in the config). */
export const AUDIT_S3_ENV = { BUCKET: 'AUDIT_S3_BUCKET', REGION: 'AUDIT_S3_REGION' } as const;

/** Environment variable names the S3 callback's HMAC credentials use (referenced as `os.environ/...`). */
export const AUDIT_HMAC_ENV = { ACCESS_KEY_ID: 'AUDIT_S3_ACCESS_KEY_ID', SECRET_ACCESS_KEY: 'AUDIT_S3_SECRET_ACCESS_KEY' } as const;
