import { parse } from 'yaml';
import { SecretRef, ValidationError } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { LlmGateway, LoggingCallback, ModelDeployment } from '../../src/gateway';
import { FakeRuntime, runtimeOf } from '../gateway/helpers';

function gateway(allowMessageLogging = false) {
  const stack = new TerraformStack(Testing.app(), 's');
  return new LlmGateway(stack, 'gw', {
    runtime: runtimeOf(new FakeRuntime()),
    models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
    allowMessageLogging,
  });
}

describe('LlmGateway.addLoggingCallback', () => {
  it('renders the otel callback, its message_logging switch and its environment', () => {
    const gw = gateway();
    gw.addLoggingCallback(LoggingCallback.openTelemetry({ endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: 'gw' }));
    const config = parse(gw.renderConfig());
    expect(config.litellm_settings.callbacks.slice(0, 2)).toEqual(['prometheus', 'otel']);
    expect(config.litellm_settings.callbacks).not.toContain('s3_v2');
    expect(config.callback_settings).toEqual({ otel: { message_logging: false } });
    expect(config.litellm_settings.turn_off_message_logging).toBe(true);
    expect(gw.environment()).toMatchObject({ OTEL_EXPORTER: 'otlp_http', OTEL_ENDPOINT: 'http://127.0.0.1:4318/v1/traces', OTEL_SERVICE_NAME: 'gw', OTEL_ENVIRONMENT_NAME: 'production' });
  });

  it('follows allowMessageLogging for the otel callback', () => {
    const gw = gateway(true);
    gw.addLoggingCallback(LoggingCallback.openTelemetry({ endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: 'gw' }));
    expect(parse(gw.renderConfig()).callback_settings).toEqual({ otel: { message_logging: true } });
  });

  it('renders the s3_v2 audit callback with bucket and credentials as environment references, and keeps the caller identity', () => {
    const gw = gateway();
    gw.addLoggingCallback(LoggingCallback.s3Audit({
      bucketName: 'audit-bucket',
      region: 'europe-west1',
      path: 'litellm',
      endpointUrl: 'https://storage.googleapis.com',
      accessKeyId: SecretRef.gcpSecretManager('projects/p/secrets/hmac-id'),
      secretAccessKey: SecretRef.gcpSecretManager('projects/p/secrets/hmac-secret'),
    }));
    const config = parse(gw.renderConfig());
    expect(config.litellm_settings.callbacks).toContain('s3_v2');
    expect(config.litellm_settings.redact_user_api_key_info).toBe(false);
    expect(config.litellm_settings.s3_callback_params).toEqual({
      s3_bucket_name: 'os.environ/AUDIT_S3_BUCKET',
      s3_region_name: 'os.environ/AUDIT_S3_REGION',
      s3_path: 'litellm',
      s3_endpoint_url: 'https://storage.googleapis.com',
      s3_aws_access_key_id: 'os.environ/AUDIT_S3_ACCESS_KEY_ID',
      s3_aws_secret_access_key: 'os.environ/AUDIT_S3_SECRET_ACCESS_KEY',
    });
    expect(gw.environment()).toMatchObject({ AUDIT_S3_BUCKET: 'audit-bucket', AUDIT_S3_REGION: 'europe-west1' });
    expect(Object.keys(gw.secretEnvironment())).toEqual(expect.arrayContaining(['AUDIT_S3_ACCESS_KEY_ID', 'AUDIT_S3_SECRET_ACCESS_KEY']));
    // Settings LiteLLM applies before it initialises the callbacks come first (render order).
    const text = gw.renderConfig();
    expect(text.indexOf('s3_callback_params')).toBeLessThan(text.indexOf('callbacks:'));
  });

  it('without callbacks, renders no callback settings and redacts the key identity as before', () => {
    const config = parse(gateway().renderConfig());
    expect(config.callback_settings).toBeUndefined();
    expect(config.litellm_settings.redact_user_api_key_info).toBe(true);
    expect(config.litellm_settings.s3_callback_params).toBeUndefined();
  });

  it('refuses a second callback of the same kind and anything that is not a LoggingCallback', () => {
    const gw = gateway();
    gw.addLoggingCallback(LoggingCallback.openTelemetry({ endpoint: 'http://127.0.0.1:4318/v1/traces', serviceName: 'gw' }));
    expect(() => gw.addLoggingCallback(LoggingCallback.openTelemetry({ endpoint: 'http://x:4318/v1/traces', serviceName: 'gw' }))).toThrow(/is already configured/);
    expect(() => gw.addLoggingCallback({} as LoggingCallback)).toThrow(ValidationError);
  });

  it('calls the observability prop once, at the end of construction', () => {
    const seen: string[] = [];
    const stack = new TerraformStack(Testing.app(), 's');
    const gw = new LlmGateway(stack, 'gw', {
      name: 'named',
      runtime: runtimeOf(new FakeRuntime()),
      models: [ModelDeployment.bedrock({ alias: 'chat', modelId: 'amazon.nova-lite-v1:0', region: 'us-east-1' })],
      observability: { watch: (g) => seen.push(g.gatewayName) },
    });
    expect(seen).toEqual(['named']);
    expect(gw.gatewayName).toBe('named');
    expect(() => new LlmGateway(stack, 'gw2', { runtime: runtimeOf(new FakeRuntime()), models: [], observability: {} as never })).toThrow(/observability: is not an observer/);
  });
});
