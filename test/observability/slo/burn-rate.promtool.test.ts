/**
 * promtool unit tests: the SLO burn-rate alerts fire when they must and stay quiet when they must not,
 * against synthetic LiteLLM series (1 sample per minute; 600 requests per minute = 10 rps).
 */
import { gatewayRuleGroups, renderRuleGroupsYaml } from '../../../src/observability/slo';
import { describeWithEngine, promtoolTestRules } from '../engines';
import { failuresSeries, latencySeries, requestsSeries, type Caller } from '../litellm-series';
import { renderPromtoolTests, type UnitTestGroup } from '../promtool-tests';
import {
  ALERT_NAMES, HIRING, TINY, allScopes, featureAlert, fixtureRulesYaml, gatewayAlert, teamAlert, withoutAnnotations,
} from '../rule-fixtures';

const DAY = 1440;
const RPM = 600;
const BURN = ALERT_NAMES.availability;
const LATENCY = ALERT_NAMES.latency;

/** 10 rps of `c` for `samples` minutes. */
function traffic(c: Caller, samples: number) {
  return requestsSeries(c, [{ samples, requests: RPM }]);
}

/**
 * Runs one test group, evaluating the rules every 10 minutes (promtool evaluates every rule at every
 * step, and a step of a 3 d window reads thousands of samples; eval times are multiples of 10 m).
 * Simulations that span days run on the gateway group only: the burn-rate logic is the same code at
 * every scope, and the scopes are tested by the shorter cases.
 */
function run(group: UnitTestGroup, options: { long?: boolean; rules?: string } = {}): void {
  const rules = options.rules ?? fixtureRulesYaml({ gatewayOnly: options.long });
  const result = promtoolTestRules(rules, renderPromtoolTests([group], '10m'));
  expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
}

describeWithEngine('promtool', 'SLO burn-rate alerts (promtool test rules)', () => {
  test('a 20x burn (2 % errors) after a clean day pages once the 1 h window exceeds 14.4x, not before', () => {
    // 1 h ratio = 2 % x minutes/60 crosses 1.44 % after 43.2 minutes; the 5 m window burns from the start.
    run({
      title: 'fast burn',
      interval: '1m',
      inputSeries: [
        traffic(HIRING, DAY + 60),
        failuresSeries(HIRING, '500', 'Openai.InternalServerError', [[0, DAY], [12, 60]]),
      ],
      alertCases: [
        { evalTime: '1d40m', alertname: BURN, expAlerts: [] },
        { evalTime: '1d50m', alertname: BURN, expAlerts: [{ labels: gatewayAlert('page', 'availability') }] },
      ],
    }, { long: true });
  });

  test('a short blip (half the requests failing for one minute) pages nobody', () => {
    run({
      title: 'blip',
      interval: '1m',
      inputSeries: [
        traffic(HIRING, DAY + 60),
        // The blip lands between 1d7m and 1d8m, inside the 5 m window of the 1d10m evaluation.
        failuresSeries(HIRING, '503', 'Bedrock.ServiceUnavailableError', [[0, DAY + 7], [300, 1], [0, 52]]),
      ],
      alertCases: ['1d10m', '1d20m', '1d30m', '1d1h'].map((evalTime) => ({ evalTime, alertname: BURN, expAlerts: [] })),
    }, { long: true });
  });

  test('a 8x burn pages through the 6 h / 30 m window after 4.5 h, while the 1 h window stays below 14.4x', () => {
    // Three clean days first, so the 3 d window does not open a ticket on its own.
    run({
      title: 'slow page',
      interval: '1m',
      inputSeries: [
        traffic(HIRING, 3 * DAY + 300),
        failuresSeries(HIRING, '500', 'Azure.APIError', [[0, 3 * DAY], [4.8, 300]]),
      ],
      alertCases: [
        { evalTime: '3d4h', alertname: BURN, expAlerts: [] },
        { evalTime: '3d5h', alertname: BURN, expAlerts: [{ labels: gatewayAlert('page', 'availability') }] },
      ],
    }, { long: true });
  });

  test('a 4x burn opens a ticket through the 1 d / 2 h window after 18 h, and never pages', () => {
    run({
      title: 'ticket 1d',
      interval: '1m',
      inputSeries: [
        traffic(HIRING, 3 * DAY + 20 * 60),
        failuresSeries(HIRING, '502', 'Openai.APIConnectionError', [[0, 3 * DAY], [2.4, 20 * 60]]),
      ],
      alertCases: [
        { evalTime: '3d17h', alertname: BURN, expAlerts: [] },
        { evalTime: '3d19h', alertname: BURN, expAlerts: [{ labels: gatewayAlert('ticket', 'availability') }] },
      ],
    }, { long: true });
  });

  test('a 1.5x burn opens a ticket through the 3 d / 6 h window', () => {
    run({
      title: 'ticket 3d',
      interval: '1m',
      inputSeries: [traffic(HIRING, 420), failuresSeries(HIRING, '500', 'Openai.InternalServerError', [[0.9, 420]])],
      alertCases: [{ evalTime: '7h', alertname: BURN, expAlerts: allScopes(HIRING, 'ticket', 'availability') }],
    });
  });

  test('vendor 429s, timeouts and status-less router failures count as errors', () => {
    for (const [status, cls] of [['429', 'Openai.RateLimitError'], ['429', 'Bedrock.RateLimitError'], ['408', 'Openai.Timeout'], ['None', 'RouterRateLimitError']]) {
      run({
        title: `${status} ${cls} is an error`,
        interval: '1m',
        inputSeries: [traffic(HIRING, 70), failuresSeries(HIRING, status, cls, [[30, 70]])],
        alertCases: [{ evalTime: '70m', alertname: BURN, expAlerts: [...allScopes(HIRING, 'page', 'availability'), ...allScopes(HIRING, 'ticket', 'availability')] }],
      });
    }
  });

  test('LiteLLM\'s own limit 429s and client 4xx are not errors, even when a third of requests get them', () => {
    const notErrors: Array<[string, string]> = [
      ['429', 'ParallelRequestLimitError'], ['429', 'HTTPException'], ['429', 'ProxyRateLimitError'], ['429', 'Litellm.ProxyRateLimitError'],
      ['400', 'Openai.BadRequestError'], ['400', 'Openai.ContextWindowExceededError'], ['400', 'BudgetExceededError'], ['404', 'Openai.NotFoundError'],
    ];
    run({
      title: 'not errors',
      interval: '1m',
      inputSeries: [traffic(HIRING, 70), ...notErrors.map(([s, c]) => failuresSeries(HIRING, s, c, [[25, 70]]))],
      alertCases: ['10m', '70m'].map((evalTime) => ({ evalTime, alertname: BURN, expAlerts: [] })),
    });
  });

  test('a team with 3 requests an hour does not page on one error; fully down, it pages once 5 requests failed', () => {
    const perMinute = 3 / 60;
    run({
      title: 'low traffic, one error',
      interval: '1m',
      inputSeries: [
        traffic(HIRING, 200),
        requestsSeries(TINY, [{ samples: 200, requests: perMinute }]),
        failuresSeries(TINY, '500', 'Openai.InternalServerError', [[0, 90], [1, 1], [0, 109]]),
      ],
      alertCases: ['100m', '150m', '200m'].map((evalTime) => ({ evalTime, alertname: BURN, expAlerts: [] })),
    });
    run({
      title: 'low traffic, fully down',
      interval: '1m',
      inputSeries: [
        requestsSeries(TINY, [{ samples: 160, requests: perMinute }]),
        failuresSeries(TINY, '503', 'Openai.ServiceUnavailableError', [[perMinute, 160]]),
      ],
      alertCases: [
        { evalTime: '80m', alertname: BURN, expAlerts: [] },
        { evalTime: '150m', alertname: BURN, expAlerts: [...allScopes(TINY, 'page', 'availability'), ...allScopes(TINY, 'ticket', 'availability')] },
      ],
    });
  });

  test('one team\'s burn fires its own team and feature alerts, not another team\'s', () => {
    run({
      title: 'isolation',
      interval: '1m',
      inputSeries: [
        traffic(HIRING, 70),
        requestsSeries(TINY, [{ samples: 70, requests: RPM }]),
        failuresSeries(TINY, '500', 'Openai.InternalServerError', [[60, 70]]),
      ],
      alertCases: [{
        evalTime: '70m',
        alertname: BURN,
        // 60 of 1200 gateway requests per minute fail (5 %): the gateway burns too.
        expAlerts: [
          { labels: gatewayAlert('page', 'availability') }, { labels: gatewayAlert('ticket', 'availability') },
          { labels: teamAlert(TINY, 'page', 'availability') }, { labels: teamAlert(TINY, 'ticket', 'availability') },
          { labels: featureAlert(TINY, 'page', 'availability') }, { labels: featureAlert(TINY, 'ticket', 'availability') },
        ],
      }],
    });
  });

  test('latency: 80 % of requests slower than 1.2 s pages (budget 5 %, 14.4x = 72 %); 10 % opens a ticket only', () => {
    run({
      title: 'latency page',
      interval: '1m',
      inputSeries: [traffic(HIRING, 70), ...latencySeries(HIRING, '1.2', [{ samples: 70, total: RPM, fast: 120 }])],
      alertCases: [{ evalTime: '70m', alertname: LATENCY, expAlerts: [...allScopes(HIRING, 'page', 'latency'), ...allScopes(HIRING, 'ticket', 'latency')] }],
    });
    run({
      title: 'latency ticket',
      interval: '1m',
      inputSeries: [traffic(HIRING, 420), ...latencySeries(HIRING, '1.2', [{ samples: 420, total: RPM, fast: 540 }])],
      alertCases: [
        { evalTime: '7h', alertname: LATENCY, expAlerts: allScopes(HIRING, 'ticket', 'latency') },
        { evalTime: '7h', alertname: BURN, expAlerts: [] },
      ],
    });
    run({
      title: 'latency fine',
      interval: '1m',
      inputSeries: [traffic(HIRING, 420), ...latencySeries(HIRING, '1.2', [{ samples: 420, total: RPM, fast: 582 }])],
      alertCases: ['70m', '7h'].map((evalTime) => ({ evalTime, alertname: LATENCY, expAlerts: [] })),
    });
  });

  test('an integral latency threshold (1000 ms) matches the bucket whether it is spelled le="1.0" (prometheus_client) or le="1" (OTel collector)', () => {
    const rules = renderRuleGroupsYaml(withoutAnnotations(gatewayRuleGroups({ gateway: 'edge', slo: { availability: 0.999, latencyP95Ms: 1000 } })));
    for (const le of ['1.0', '1']) {
      const edge: Caller = { gateway: 'edge', team: 'hiring', keyAlias: 'hiring/jd-gen' };
      run({
        title: `le=${le}`,
        interval: '1m',
        inputSeries: [traffic(edge, 70), ...latencySeries(edge, le, [{ samples: 70, total: RPM, fast: 120 }])],
        alertCases: [{ evalTime: '70m', alertname: LATENCY, expAlerts: ['page', 'ticket'].map((severity) => ({ labels: { gateway: 'edge', scope: 'gateway', severity, slo: 'latency' } })) }],
      }, { rules });
    }
  });

  test('during a key rotation the retired and pending aliases count as the feature (one alert, labelled with the feature\'s alias)', () => {
    const retired: Caller = { ...HIRING, keyAlias: `${HIRING.keyAlias}@retired-20261202063000` };
    const pending: Caller = { ...HIRING, keyAlias: `${HIRING.keyAlias}@pending` };
    // Another team's key whose alias merely starts with jd-gen's: twenty times the traffic, no errors. Were it
    // counted as jd-gen, the feature's error ratio would drop below the page threshold.
    const other: Caller = { gateway: HIRING.gateway, team: 'recruiting', keyAlias: 'hiring/jd-gen-v2' };
    run({
      title: 'rotation',
      interval: '1m',
      inputSeries: [
        traffic(retired, 70), failuresSeries(retired, '500', 'Openai.InternalServerError', [[30, 70]]),
        traffic(pending, 70), failuresSeries(pending, '500', 'Openai.InternalServerError', [[30, 70]]),
        requestsSeries(other, [{ samples: 70, requests: 20 * RPM }]),
      ],
      alertCases: [{
        evalTime: '70m',
        alertname: BURN,
        // 60 of 13200 gateway requests per minute fail (0.45 %): the gateway opens a ticket but does not page.
        expAlerts: [
          { labels: teamAlert(HIRING, 'page', 'availability') }, { labels: teamAlert(HIRING, 'ticket', 'availability') },
          { labels: featureAlert(HIRING, 'page', 'availability') }, { labels: featureAlert(HIRING, 'ticket', 'availability') },
          { labels: gatewayAlert('ticket', 'availability') },
        ],
      }],
    });
  });
});
