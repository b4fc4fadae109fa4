/**
 * The rendered configuration in a real Alertmanager (Debian's `prometheus-alertmanager`, on loopback):
 * alerts posted to its API are routed by severity and a page silences the ticket of the same SLO and
 * scope, and nothing else. Notifications to SNS fail here (no AWS); routing and inhibition do not depend
 * on them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderAlertmanagerConfig } from '../../../src/observability/alerting';
import { freePort } from '../engines';

const BINARY = 'prometheus-alertmanager';
const available = spawnSync(BINARY, ['--version']).status === 0;
const describeLive = available ? describe : process.env.CI === 'true' ? describe : describe.skip;

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
  receivers: Array<{ name: string }>;
}

describeLive('Alertmanager with the rendered config (live, loopback)', () => {
  let dir: string;
  let am: ChildProcess | undefined;
  let url: string;

  beforeAll(async () => {
    if (!available) throw new Error(`${BINARY} is not on PATH, and CI=true: apt-get install -y --no-install-recommends prometheus-alertmanager`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alertmanager-'));
    fs.writeFileSync(path.join(dir, 'alertmanager.yml'), renderAlertmanagerConfig({
      page: { name: 'page', sns: [{ topicArn: 'arn:aws:sns:eu-west-1:123456789012:llm-page', region: 'eu-west-1' }] },
      ticket: { name: 'ticket', sns: [{ topicArn: 'arn:aws:sns:eu-west-1:123456789012:llm-ticket', region: 'eu-west-1' }] },
    }));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    am = spawn(BINARY, [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=error',
    ], { stdio: 'ignore', env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_EC2_METADATA_DISABLED: 'true' } });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}/-/ready`)).ok) return;
      } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('alertmanager did not start');
  });

  afterAll(async () => {
    if (am) await new Promise<void>((res) => { am!.once('exit', () => res()); am!.kill('SIGTERM'); });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('routes by severity; a page inhibits the ticket of the same SLO and scope only', async () => {
    const base = { gateway: 'prod', scope: 'team', team: 'hiring', team_alias: 'hiring' };
    const alert = (labels: Record<string, string>) => ({ labels, annotations: { summary: 'test' }, startsAt: new Date().toISOString() });
    const posted = [
      alert({ ...base, alertname: 'LlmAvailabilityBudgetBurn', severity: 'page', slo: 'availability' }),
      alert({ ...base, alertname: 'LlmAvailabilityBudgetBurn', severity: 'ticket', slo: 'availability' }),
      // Same team, other SLO: not inhibited.
      alert({ ...base, alertname: 'LlmLatencyBudgetBurn', severity: 'ticket', slo: 'latency' }),
      // Other team, same SLO: not inhibited.
      alert({ ...base, team: 'tiny', team_alias: 'tiny', alertname: 'LlmAvailabilityBudgetBurn', severity: 'ticket', slo: 'availability' }),
      // Gateway scope, same SLO: not inhibited by a team page.
      alert({ gateway: 'prod', scope: 'gateway', alertname: 'LlmAvailabilityBudgetBurn', severity: 'ticket', slo: 'availability' }),
      // A cause alert without an SLO.
      alert({ gateway: 'prod', scope: 'gateway', alertname: 'LlmDeploymentFailing', severity: 'ticket', api_provider: 'bedrock', litellm_model_name: 'b' }),
    ];
    const post = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(posted) });
    expect(post.status).toBe(200);

    let alerts: ApiAlert[] = [];
    for (let i = 0; i < 50; i++) {
      alerts = await (await fetch(`${url}/api/v2/alerts`)).json() as ApiAlert[];
      if (alerts.length === posted.length && alerts.some((a) => a.status.state === 'suppressed')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const view = alerts.map((a) => `${a.labels.alertname} ${a.labels.severity} ${a.labels.scope}/${a.labels.team ?? '-'} → ${a.receivers.map((r) => r.name).join(',')} ${a.status.state}`).sort();
    expect(view).toEqual([
      'LlmAvailabilityBudgetBurn page team/hiring → page active',
      'LlmAvailabilityBudgetBurn ticket gateway/- → ticket active',
      'LlmAvailabilityBudgetBurn ticket team/hiring → ticket suppressed',
      'LlmAvailabilityBudgetBurn ticket team/tiny → ticket active',
      'LlmDeploymentFailing ticket gateway/- → ticket active',
      'LlmLatencyBudgetBurn ticket team/hiring → ticket active',
    ]);
  });
});
