/**
 * promtool unit tests for the spend projection, the provider-outage alerts, the fallback-rate alert and
 * the alert annotations.
 */
import {
  ALERT_NAMES, gatewayRuleGroups, isAlertingRule, renderRuleGroupsYaml, type RuleGroup,
} from '../../../src/observability/slo';
import { describeWithEngine, promtoolTestRules } from '../engines';
import {
  cooldownSeries, deploymentFailuresSeries, deploymentRequestsSeries, failuresSeries, fallbackSeries, requestsSeries, spendSeries,
  type Caller, type Deployment,
} from '../litellm-series';
import { renderPromtoolTests, type UnitTestGroup } from '../promtool-tests';
import { GATEWAY, HIRING, SLO, fixtureGroups, withoutAnnotations } from '../rule-fixtures';

function run(rules: ReadonlyArray<RuleGroup>, group: UnitTestGroup, evaluationInterval = '1m'): void {
  const result = promtoolTestRules(renderRuleGroupsYaml(rules), renderPromtoolTests([group], evaluationInterval));
  expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
}

/** Only the named alerts of the fixture groups (the spend alert reads raw series, no recordings). */
function onlyAlerts(name: string): RuleGroup[] {
  return withoutAnnotations(fixtureGroups())
    .map((g) => ({ ...g, rules: g.rules.filter((r) => isAlertingRule(r) && r.alert === name) }))
    .filter((g) => g.rules.length > 0);
}

const SAMPLES_PER_DAY = 144; // 10-minute samples

describeWithEngine('promtool', 'spend, provider and fallback alerts (promtool test rules)', () => {
  test('the spend projection fires on the day the last day\'s rate projects past the monthly budget, and stops when spending slows', () => {
    // hiring's budget is 3000 USD (fixtures): 50 USD/day projects 1500, 200 USD/day projects 6000. After
    // the jump at day 10 the trailing day's average passes 100 USD/day after 8 hours. jd-gen's budget is
    // 1200 USD, so 50 USD/day (1500 projected) already exceeds it.
    const perSample = (usdPerDay: number) => usdPerDay / SAMPLES_PER_DAY;
    const team = { gateway: GATEWAY, scope: 'team', severity: 'ticket', team: 'hiring', team_alias: 'hiring', budget_usd: '3000' };
    const feature = { gateway: GATEWAY, scope: 'feature', severity: 'ticket', team: 'hiring', feature: 'jd-gen', api_key_alias: 'hiring/jd-gen', budget_usd: '1200' };
    run(onlyAlerts(ALERT_NAMES.spend), {
      title: 'spend projection',
      interval: '10m',
      inputSeries: [
        spendSeries(HIRING, [[perSample(50), 10 * SAMPLES_PER_DAY], [perSample(200), 2 * SAMPLES_PER_DAY], [perSample(50), SAMPLES_PER_DAY]]),
      ],
      alertCases: [
        { evalTime: '5d', alertname: ALERT_NAMES.spend, expAlerts: [{ labels: feature }] },
        { evalTime: '10d7h', alertname: ALERT_NAMES.spend, expAlerts: [{ labels: feature }] },
        { evalTime: '10d9h', alertname: ALERT_NAMES.spend, expAlerts: [{ labels: team }, { labels: feature }] },
        { evalTime: '12d3h', alertname: ALERT_NAMES.spend, expAlerts: [{ labels: feature }] },
      ],
    }, '1h');
  });

  const claude: Deployment = { gateway: GATEWAY, name: 'bedrock/claude-sonnet', provider: 'bedrock' };
  const gpt: Deployment = { gateway: GATEWAY, name: 'openai/gpt-4o', provider: 'openai' };
  const mistral: Deployment = { gateway: GATEWAY, name: 'bedrock/mistral-large', provider: 'bedrock' };
  const gatewayRules = withoutAnnotations(gatewayRuleGroups({ gateway: GATEWAY, slo: SLO }));
  const providerLabels = (d: Deployment) => ({ gateway: GATEWAY, scope: 'gateway', severity: 'ticket', api_provider: d.provider, litellm_model_name: d.name });

  test('a deployment failing 60 % of its calls for 5 minutes raises LlmDeploymentFailing, which resolves when it recovers', () => {
    run(gatewayRules, {
      title: 'deployment failing',
      interval: '1m',
      inputSeries: [
        deploymentRequestsSeries(claude, HIRING, [[100, 50]]),
        deploymentFailuresSeries(claude, HIRING, '503', 'Bedrock.ServiceUnavailableError', [[0, 10], [60, 20], [0, 20]]),
        deploymentRequestsSeries(gpt, HIRING, [[100, 50]]),
        deploymentFailuresSeries(gpt, HIRING, '429', 'Openai.RateLimitError', [[0, 10], [80, 20], [0, 20]]),
        // Client errors are the caller's, not the provider's.
        deploymentRequestsSeries(mistral, HIRING, [[100, 50]]),
        deploymentFailuresSeries(mistral, HIRING, '400', 'Bedrock.ContextWindowExceededError', [[90, 50]]),
      ],
      alertCases: [
        { evalTime: '13m', alertname: ALERT_NAMES.deploymentFailing, expAlerts: [] },
        { evalTime: '25m', alertname: ALERT_NAMES.deploymentFailing, expAlerts: [{ labels: providerLabels(claude) }, { labels: providerLabels(gpt) }] },
        { evalTime: '45m', alertname: ALERT_NAMES.deploymentFailing, expAlerts: [] },
      ],
    });
  });

  test('three cooldowns of one deployment in 15 minutes raise LlmDeploymentCoolingDown; one does not', () => {
    run(gatewayRules, {
      title: 'cooldowns',
      interval: '1m',
      inputSeries: [
        cooldownSeries(claude, '503', [[0, 10], [1, 4], [0, 16]]),
        cooldownSeries(gpt, '429', [[0, 10], [1, 1], [0, 19]]),
      ],
      alertCases: [
        { evalTime: '9m', alertname: ALERT_NAMES.deploymentCoolingDown, expAlerts: [] },
        { evalTime: '15m', alertname: ALERT_NAMES.deploymentCoolingDown, expAlerts: [{ labels: providerLabels(claude) }] },
      ],
    });
  });

  test('15 % of a model\'s requests falling back for 10 minutes raises LlmFallbackRateHigh; 5 % does not', () => {
    const fast: Caller = { ...HIRING, model: 'chat-fast' };
    run(gatewayRules, {
      title: 'fallbacks',
      interval: '1m',
      inputSeries: [
        requestsSeries(HIRING, [{ samples: 40, requests: 100 }]),
        fallbackSeries(true, HIRING, 'chat-fast', [[0, 5], [12, 35]]),
        fallbackSeries(false, HIRING, 'chat-fast', [[0, 5], [3, 35]]),
        requestsSeries(fast, [{ samples: 40, requests: 100 }]),
        fallbackSeries(true, fast, 'chat-default', [[5, 40]]),
      ],
      alertCases: [
        { evalTime: '8m', alertname: ALERT_NAMES.fallbackRate, expAlerts: [] },
        { evalTime: '30m', alertname: ALERT_NAMES.fallbackRate, expAlerts: [{ labels: { gateway: GATEWAY, scope: 'gateway', severity: 'ticket', requested_model: 'chat-default' } }] },
      ],
    });
  });

  test('alert annotations render: summary, description with the measured ratio, runbook link', () => {
    const rules = gatewayRuleGroups({ gateway: GATEWAY, environment: 'production', slo: SLO, runbookUrl: 'https://runbooks.example.com/llm-gateway' });
    const description = (condition: string) =>
      '2% of requests to gateway prod failed (5xx, timeouts, provider 429s); the objective allows 0.1% over 30 days. ' +
      `Burn-rate condition: ${condition} (at least 5 bad events in the long window). Value: ratio over the long window.`;
    const labels = (severity: string) => ({ environment: 'production', gateway: GATEWAY, scope: 'gateway', severity, slo: 'availability' });
    run(rules, {
      title: 'annotations',
      interval: '1m',
      inputSeries: [requestsSeries(HIRING, [{ samples: 70, requests: 600 }]), failuresSeries(HIRING, '500', 'Openai.InternalServerError', [[12, 70]])],
      alertCases: [{
        evalTime: '70m',
        alertname: ALERT_NAMES.availability,
        expAlerts: [
          {
            labels: labels('page'),
            annotations: {
              summary: 'Availability SLO 99.9% of gateway prod: error budget burning fast',
              description: description('14.4x over 1h and 5m, or 6x over 6h and 30m'),
              runbook_url: 'https://runbooks.example.com/llm-gateway',
            },
          },
          {
            labels: labels('ticket'),
            annotations: {
              summary: 'Availability SLO 99.9% of gateway prod: error budget burning steadily',
              description: description('3x over 1d and 2h, or 1x over 3d and 6h'),
              runbook_url: 'https://runbooks.example.com/llm-gateway',
            },
          },
        ],
      }],
    }, '10m');
  });
});
