import { parse } from 'yaml';
import { ValidationError } from '../../../src/core/errors';
import { renderAlertmanagerConfig, renderAmpAlertManagerDefinition, type AlertmanagerConfigInput } from '../../../src/observability/alerting';
import { amtoolCheckConfig, describeWithEngine, runEngine } from '../engines';

const INPUT: AlertmanagerConfigInput = {
  page: { name: 'page', sns: [{ topicArn: 'arn:aws:sns:eu-west-1:123456789012:llm-page', region: 'eu-west-1' }] },
  ticket: { name: 'ticket', sns: [{ topicArn: 'arn:aws:sns:eu-west-1:123456789012:llm-ticket', region: 'eu-west-1' }] },
};

describe('renderAlertmanagerConfig', () => {
  test('routes by severity to SNS receivers signed with sigv4, groups by gateway/team, inhibits tickets by pages of the same SLO', () => {
    const config = parse(renderAlertmanagerConfig(INPUT));
    expect(config.route.receiver).toBe('ticket');
    expect(config.route.group_by).toEqual(['alertname', 'gateway', 'scope', 'team', 'feature']);
    expect(config.route.routes).toEqual([
      { receiver: 'page', matchers: ['severity="page"'], repeat_interval: '1h' },
      { receiver: 'ticket', matchers: ['severity="ticket"'], repeat_interval: '24h' },
    ]);
    expect(config.inhibit_rules).toEqual([{
      source_matchers: ['severity="page"', 'slo=~".+"'], target_matchers: ['severity="ticket"'], equal: ['gateway', 'scope', 'team', 'feature', 'slo'],
    }]);
    expect(config.receivers[0].sns_configs[0]).toMatchObject({ topic_arn: 'arn:aws:sns:eu-west-1:123456789012:llm-page', sigv4: { region: 'eu-west-1' }, send_resolved: true });
  });

  test('keeps to what AMP accepts: SNS only, no api_url or http_config, repeat_interval at most 5 days, an ASCII subject', () => {
    const text = renderAlertmanagerConfig(INPUT);
    expect(text).not.toMatch(/api_url|http_config|webhook_configs|email_configs|slack_configs|pagerduty_configs/);
    const config = parse(text);
    const durations = [config.route.repeat_interval, ...config.route.routes.map((r: { repeat_interval: string }) => r.repeat_interval)];
    for (const d of durations) expect(Number(/^(\d+)h$/.exec(d)![1])).toBeLessThanOrEqual(120);
    const subject: string = config.receivers[0].sns_configs[0].subject;
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    // Longest values the platform allows: alert names up to 34 characters, gateway names up to 32.
    const expanded = subject.replace('{{ .Status | toUpper }}', 'RESOLVED').replace('{{ .CommonLabels.severity }}', 'ticket')
      .replace('{{ .CommonLabels.alertname }}', 'LlmSpendBudgetExhaustionProjected').replace('{{ .CommonLabels.gateway }}', 'g'.repeat(32));
    expect(expanded.length).toBeLessThanOrEqual(100);
  });

  test('unresolved tokens pass through for the topic ARN and region', () => {
    const text = renderAlertmanagerConfig({ ...INPUT, page: { name: 'page', sns: [{ topicArn: '${TfToken[TOKEN.42]}', region: '${TfToken[TOKEN.43]}' }] } });
    expect(parse(text).receivers[0].sns_configs[0]).toMatchObject({ topic_arn: '${TfToken[TOKEN.42]}', sigv4: { region: '${TfToken[TOKEN.43]}' } });
  });

  test('bad input is one ValidationError with every problem', () => {
    let error: unknown;
    try {
      renderAlertmanagerConfig({
        page: { name: 'ops', sns: [{ topicArn: 'arn:aws:sns:us-east-1:123456789012:pages.fifo', region: 'us-east-1' }] },
        ticket: { name: 'ops', sns: [{ topicArn: 'arn:aws:sns:us-east-1:123456789012:tickets', region: 'eu-west-1' }] },
        groupBy: ['team-name'],
      }, 'platform/obs/Alerting');
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path).sort()).toEqual(['groupBy[0]', 'page.sns[0].topicArn', 'ticket.name', 'ticket.sns[0].region']);
  });

  test('the AMP definition wraps the config under alertmanager_config', () => {
    const config = renderAlertmanagerConfig(INPUT);
    const definition = renderAmpAlertManagerDefinition(config);
    expect(parse(definition)).toEqual({ alertmanager_config: config });
    expect(definition.startsWith('alertmanager_config: |')).toBe(true);
  });

  test('deterministic', () => {
    expect(renderAlertmanagerConfig(INPUT)).toBe(renderAlertmanagerConfig({ ticket: INPUT.ticket, page: INPUT.page }));
    expect(renderAlertmanagerConfig(INPUT)).toMatchSnapshot();
  });
});

describeWithEngine('amtool', 'Alertmanager config (amtool)', () => {
  test('passes amtool check-config', () => {
    const result = amtoolCheckConfig(renderAlertmanagerConfig({
      ...INPUT,
      page: { name: 'page', sns: [...INPUT.page.sns, { topicArn: 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:llm-page-2', region: 'us-gov-west-1' }] },
    }));
    expect(result.output).toContain('SUCCESS');
    expect(result.output).toMatch(/2 receivers/);
    expect(result.status).toBe(0);
  });

  test('routes page and ticket alerts to their receivers (amtool config routes test)', () => {
    const files = { 'alertmanager.yml': renderAlertmanagerConfig(INPUT) };
    const route = (labels: string[]) => runEngine('amtool', ['config', 'routes', 'test', '--config.file=alertmanager.yml', ...labels], files);
    expect(route(['severity=page', 'gateway=prod', 'slo=availability']).stdout.trim()).toBe('page');
    expect(route(['severity=ticket', 'gateway=prod', 'team=hiring']).stdout.trim()).toBe('ticket');
    expect(route(['alertname=Other']).stdout.trim()).toBe('ticket');
  });
});
