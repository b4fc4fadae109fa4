import { parse } from 'yaml';
import {
  ADOT, OTELCOL_GOOGLE, checkCollectorConfig, collectorConfig, renderCollectorYaml,
  type CollectorConfigInput,
} from '../../../src/observability/collector';

const AWS: CollectorConfigInput = {
  distribution: ADOT,
  gatewayName: 'llm-gateway',
  metrics: { kind: 'amp', remoteWriteUrl: 'https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write', region: 'us-east-1' },
  traces: { kind: 'xray', region: 'us-east-1' },
  memoryMiB: 512,
};
const GCP: CollectorConfigInput = {
  distribution: OTELCOL_GOOGLE,
  gatewayName: 'llm-gateway',
  metrics: { kind: 'gmp', project: 'acme-prod' },
  traces: { kind: 'cloud-trace', project: 'acme-prod' },
  memoryMiB: 512,
};

describe('collector config', () => {
  it.each([['ADOT (AWS)', AWS], ['otelcol-google (Cloud Run)', GCP]])('%s fits the pinned image: components exist, keys are known, pipelines are whole', (_n, input) => {
    const config = collectorConfig(input);
    expect(checkCollectorConfig(config, input.distribution)).toEqual([]);
  });

  it('scrapes LiteLLM on localhost with a gateway label and drops high-cardinality labels', () => {
    const config = parse(renderCollectorYaml(collectorConfig(AWS)));
    const scrape = config.receivers.prometheus.config.scrape_configs[0];
    expect(scrape.static_configs).toEqual([{ targets: ['127.0.0.1:4000'], labels: { gateway: 'llm-gateway' } }]);
    expect(scrape.metrics_path).toBe('/metrics/');
    expect(scrape.metric_relabel_configs[0]).toEqual({ action: 'labeldrop', regex: 'hashed_api_key|client_ip|user_agent|end_user|user_email' });
  });

  it('remote-writes to AMP signed with SigV4 for service aps', () => {
    const config = collectorConfig(AWS) as any;
    expect(config.exporters.prometheusremotewrite.endpoint).toBe(AWS.metrics.kind === 'amp' ? AWS.metrics.remoteWriteUrl : '');
    expect(config.exporters.prometheusremotewrite.auth).toEqual({ authenticator: 'sigv4auth' });
    expect(config.extensions.sigv4auth).toEqual({ region: 'us-east-1', service: 'aps' });
    expect(config.service.extensions).toEqual(['health_check', 'sigv4auth']);
  });

  it('strips message content from traces only, and drops the raw request span', () => {
    const config = collectorConfig(AWS) as any;
    expect(config.service.pipelines.traces.processors).toEqual(['memory_limiter', 'filter/raw-requests', 'attributes/strip-message-content', 'batch']);
    expect(config.service.pipelines.metrics.processors).toEqual(['memory_limiter', 'batch']);
    const actions = config.processors['attributes/strip-message-content'].actions;
    expect(actions).toEqual(expect.arrayContaining([
      { key: 'gen_ai.input.messages', action: 'delete' },
      { key: 'gen_ai.output.messages', action: 'delete' },
      { pattern: '^gen_ai\\.(prompt|completion)\\..*', action: 'delete' },
    ]));
    const pattern = new RegExp(actions.find((a: any) => a.pattern?.startsWith('^gen_ai')).pattern);
    expect(pattern.test('gen_ai.prompt.0.content')).toBe(true);
    expect(pattern.test('gen_ai.completion.1.content')).toBe(true);
    expect(pattern.test('gen_ai.request.model')).toBe(false);
  });

  it('keeps content only when asked (the gateway allows message logging)', () => {
    const config = collectorConfig({ ...AWS, keepMessageContent: true }) as any;
    expect(config.processors['attributes/strip-message-content']).toBeUndefined();
    expect(config.service.pipelines.traces.processors).toEqual(['memory_limiter', 'batch']);
  });

  it('masks key-shaped values where the image has the redaction processor (Google image, not ADOT)', () => {
    expect((collectorConfig(GCP) as any).service.pipelines.traces.processors).toContain('redaction/secrets');
    expect((collectorConfig(AWS) as any).processors['redaction/secrets']).toBeUndefined();
  });

  it('receives OTLP on loopback only and serves health on 13133', () => {
    const config = collectorConfig(GCP) as any;
    expect(config.receivers.otlp.protocols).toEqual({ http: { endpoint: '127.0.0.1:4318' } });
    expect(config.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
  });

  it('has no traces pipeline without a traces target', () => {
    const config = collectorConfig({ ...AWS, traces: undefined }) as any;
    expect(config.service.pipelines.traces).toBeUndefined();
    expect(config.receivers.otlp).toBeUndefined();
    expect(checkCollectorConfig(config, ADOT)).toEqual([]);
  });

  it('renders deterministically', () => {
    expect(renderCollectorYaml(collectorConfig(GCP))).toBe(renderCollectorYaml(collectorConfig(GCP)));
    expect(renderCollectorYaml(collectorConfig(AWS))).toMatchSnapshot();
  });
});

describe('checkCollectorConfig', () => {
  it('reports a component the image lacks (redaction is not in ADOT v0.49.0)', () => {
    const config = collectorConfig(GCP) as any;
    const problems = checkCollectorConfig(config, ADOT);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('processors.redaction/secrets: the adot image'),
      expect.stringContaining('exporters.googlemanagedprometheus: the adot image'),
    ]));
  });

  it('reports a misspelt key, an undefined pipeline component, wrong processor order, an unused component and ${', () => {
    const config = collectorConfig(AWS) as any;
    config.exporters.prometheusremotewrite.endpont = 'x';
    config.service.pipelines.metrics.processors = ['batch', 'memory_limiter'];
    config.service.pipelines.metrics.exporters = ['prometheusremotewrite', 'otlphttp'];
    config.processors['resource/unused'] = { attributes: [] };
    config.exporters.awsxray.region = '${env:AWS_REGION}';
    const problems = checkCollectorConfig(config, ADOT);
    expect(problems).toEqual(expect.arrayContaining([
      'exporters.prometheusremotewrite.endpont: not a configuration key of this component at the pinned version',
      'service.pipelines.metrics.exporters: otlphttp is not defined under exporters',
      'service.pipelines.metrics.processors: memory_limiter must come first',
      'service.pipelines.metrics.processors: batch must come last',
      'processors.resource/unused: defined but not used by any pipeline',
      expect.stringContaining('exporters.awsxray.region: contains ${'),
    ]));
  });
});
