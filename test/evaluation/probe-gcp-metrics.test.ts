/**
 * The container probe's path to Cloud Monitoring's OTLP endpoint (GCP): resource attributes from the standard
 * OTEL_RESOURCE_ATTRIBUTES, an access token of the job's service account from the metadata server on the export
 * (never in a log line), and a refusal of an unknown auth type.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FEATURE_KEY, goldenSet, manifestFor, noSleep, scriptedStandIn } from './support';
import { httpRequest } from '../../src/evaluation/probe/lib/http';
import { parseResourceAttributes } from '../../src/evaluation/probe/lib/otlp';
import { stageProbeAsset } from '../../src/evaluation/probe-asset';
import { HttpStandIn } from '../tenancy/standin/http-standin';

const TOKEN = 'ya29.c.b0AXv0zTNotARealTokenButShapedLikeOne0123456789';
const METADATA = 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token';

test('OTEL_RESOURCE_ATTRIBUTES: comma-separated key=value pairs, percent-decoded, malformed members skipped', () => {
  expect(parseResourceAttributes('gcp.project_id=acme-llm-prod,location=europe-west1,namespace=hiring, service.instance.id = jd%2Dgen ,broken,=x'))
    .toEqual([['gcp.project_id', 'acme-llm-prod'], ['location', 'europe-west1'], ['namespace', 'hiring'], ['service.instance.id', 'jd-gen']]);
  expect(parseResourceAttributes(undefined)).toEqual([]);
});

test('OTLP_METRICS_AUTH_TYPE=google: the export carries the metadata server\'s access token and the stable resource', async () => {
  const dataset = goldenSet(['pass-1']);
  const dir = stageProbeAsset(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-gcp-')), manifestFor(dataset), dataset);
  const standin = scriptedStandIn();
  const url = await standin.start();
  const bearers: Array<string | undefined> = [];
  const telemetry = new HttpStandIn({ 'POST /v1/metrics': (req) => { bearers.push(req.bearer); return { status: 200, body: {} }; } });
  const otlp = await telemetry.start();
  const metadataCalls: any[] = [];
  // The metadata server only exists on Google Cloud: answered here, everything else goes over real HTTP.
  const transport = async (req: any) => {
    if (req.url === METADATA) {
      metadataCalls.push(req);
      return { status: 200, headers: {}, text: JSON.stringify({ access_token: TOKEN, expires_in: 3599, token_type: 'Bearer' }), elapsedMs: 1 };
    }
    return httpRequest(req);
  };
  const lines: string[] = [];
  const log = (m: string, f: object) => lines.push(JSON.stringify({ m, ...f }));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require(path.join(dir, 'container.js'));
    const env = {
      GATEWAY_URL: url,
      API_KEY: FEATURE_KEY,
      EVAL_MANIFEST_FILE: path.join(dir, 'eval/manifest.json'),
      OTLP_METRICS_ENDPOINT: `${otlp}/v1/metrics`,
      OTLP_METRICS_AUTH_TYPE: 'google',
      OTEL_RESOURCE_ATTRIBUTES: 'gcp.project_id=acme-llm-prod,location=europe-west1,namespace=hiring,service.name=llm-eval-probe,service.instance.id=job-description-gen',
      HOSTNAME: 'job-description-gen-eval-x7k2p',
    };
    expect(await main(env, { log, sleep: noSleep, transport })).toBe(0);
    expect(metadataCalls).toHaveLength(1);
    expect(metadataCalls[0].headers).toEqual({ 'metadata-flavor': 'Google' });
    const [call] = telemetry.calls('POST /v1/metrics');
    expect(bearers).toEqual([TOKEN]);
    const body = call.body as any;
    const resource = Object.fromEntries(body.resourceMetrics[0].resource.attributes.map((a: any) => [a.key, a.value.stringValue]));
    // The per-run HOSTNAME does not become the instance: every run writes the same series.
    expect(resource).toEqual({ 'service.name': 'llm-eval-probe', 'service.instance.id': 'job-description-gen', 'gcp.project_id': 'acme-llm-prod', 'location': 'europe-west1', 'namespace': 'hiring' });
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(FEATURE_KEY);
    // An auth type the probe does not know fails the run instead of exporting unauthenticated.
    expect(await main({ ...env, OTLP_METRICS_AUTH_TYPE: 'aws' }, { log, sleep: noSleep, transport })).toBe(1);
    expect(lines[lines.length - 1]).toMatch(/OTLP_METRICS_AUTH_TYPE=aws is not supported/);
  } finally {
    await standin.stop();
    await telemetry.stop();
  }
}, 20_000);
