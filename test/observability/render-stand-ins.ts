/**
 * Stand-ins for OBS-RENDER's dashboards/ and alerting/ modules while they are being written: the construct
 * tests check wiring (what is provisioned where, with which references), not dashboard or Alertmanager
 * content, which OBS-RENDER tests with promtool and amtool. Each test file maps the modules here with
 * `jest.mock(..., { virtual: true })`; remove those lines once the modules exist.
 */
export const dashboards = {
  platformDashboard: (i: { gateway: string; datasourceUid?: string }) => ({
    uid: `llm-gateway-${i.gateway}`,
    title: `LLM gateway ${i.gateway}`,
    templating: { list: [{ name: 'gateway', type: 'constant', query: i.gateway }] },
    panels: [
      { type: 'row', title: 'Traffic', gridPos: { x: 0, y: 0, w: 24, h: 1 } },
      {
        type: 'timeseries',
        title: 'Requests per second',
        gridPos: { x: 0, y: 1, w: 12, h: 8 },
        datasource: { uid: i.datasourceUid },
        targets: [{ refId: 'A', expr: 'sum(rate(litellm_proxy_total_requests_metric_total{gateway="$gateway"}[$__rate_interval]))' }],
      },
    ],
  }),
  teamDashboard: (i: { gateway: string; team: string; features?: ReadonlyArray<{ name: string; keyAlias: string }> }) => ({
    uid: `llm-team-${i.gateway}-${i.team}`,
    title: `LLM team ${i.team}`,
    templating: { list: [{ name: 'gateway', type: 'constant', query: i.gateway }, { name: 'team', type: 'constant', query: i.team }] },
    panels: (i.features ?? []).map((f, n) => ({
      type: 'stat',
      title: `${f.name} error ratio`,
      gridPos: { x: 0, y: n * 4, w: 6, h: 4 },
      targets: [{ refId: 'A', expr: `sum(rate(litellm_proxy_failed_requests_metric_total{gateway="$gateway", api_key_alias="${f.keyAlias}"}[5m]))` }],
    })),
  }),
};

export const alerting = {
  renderAlertmanagerConfig: (i: { page: { name: string; sns: ReadonlyArray<{ topicArn: string }> }; ticket: { name: string } }) =>
    `route:\n  receiver: ${i.ticket.name}\n  routes:\n    - receiver: ${i.page.name}\n      matchers: ['severity="page"']\nreceivers:\n  - name: page\n  - name: ticket\n`,
};
