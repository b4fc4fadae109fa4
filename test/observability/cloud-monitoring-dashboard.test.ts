import { cloudMonitoringDashboard, substituteVariables } from '../../src/observability';

describe('cloudMonitoringDashboard', () => {
  const grafana = {
    title: 'LLM gateway prod',
    panels: [
      { type: 'row', title: 'Traffic', gridPos: { x: 0, y: 0, w: 24, h: 1 } },
      { type: 'timeseries', title: 'Requests', gridPos: { x: 0, y: 1, w: 12, h: 8 }, targets: [{ expr: 'sum(rate(x{gateway="$gateway"}[$__rate_interval]))' }, { expr: 'sum(rate(y{team=~"${team}"}[5m]))' }] },
      { type: 'stat', title: 'Error ratio', gridPos: { x: 12, y: 1, w: 6, h: 4 }, targets: [{ expr: 'sum(rate(e[5m]))' }] },
      { type: 'text', title: 'Runbook', gridPos: { x: 18, y: 1, w: 6, h: 4 }, options: { content: '[runbook](https://runbooks.example.com/llm)' } },
      { type: 'row', title: 'Collapsed', collapsed: true, gridPos: { x: 0, y: 9, w: 24, h: 1 }, panels: [{ type: 'table', title: 'Top teams', gridPos: { x: 0, y: 10, w: 24, h: 6 }, targets: [{ expr: 'topk(5, t)' }] }] },
    ],
  };
  const { dashboard, problems } = cloudMonitoringDashboard(grafana, { gateway: 'prod', team: 'hiring' });
  const tiles = (dashboard.mosaicLayout as any).tiles as any[];

  it('keeps every panel, on a 48-column grid, in Grafana\'s layout', () => {
    expect(problems).toEqual([]);
    expect(dashboard.displayName).toBe('LLM gateway prod');
    expect(tiles.map((t) => t.widget.title)).toEqual(['Traffic', 'Requests', 'Error ratio', 'Runbook', 'Collapsed', 'Top teams']);
    expect(tiles[1]).toMatchObject({ xPos: 0, yPos: 1, width: 24, height: 8 });
    expect(tiles[2]).toMatchObject({ xPos: 24, width: 12 });
    for (const t of tiles) expect(t.xPos + t.width).toBeLessThanOrEqual(48);
  });

  it('runs each query as PromQL with the dashboard variables filled in', () => {
    expect(tiles[1].widget.xyChart.dataSets.map((d: any) => d.timeSeriesQuery.prometheusQuery)).toEqual(['sum(rate(x{gateway="prod"}[5m]))', 'sum(rate(y{team=~"hiring"}[5m]))']);
    expect(tiles[2].widget.scorecard.timeSeriesQuery.prometheusQuery).toBe('sum(rate(e[5m]))');
    expect(tiles[3].widget.text).toEqual({ content: '[runbook](https://runbooks.example.com/llm)', format: 'MARKDOWN' });
    expect(tiles[5].widget.timeSeriesTable.dataSets[0].timeSeriesQuery.prometheusQuery).toBe('topk(5, t)');
  });

  it('reports a query whose variable has no value, and leaves it out', () => {
    const result = cloudMonitoringDashboard({ panels: [{ type: 'timeseries', title: 'P', targets: [{ expr: 'x{model="$model"}' }] }] }, {});
    expect(result.problems).toEqual(['P: model not resolved in x{model="$model"}']);
    expect((result.dashboard.mosaicLayout as any).tiles).toEqual([]);
  });

  it('substitutes every spelling of a variable', () => {
    expect(substituteVariables('a{x="$v", y="${v}", z="${v:regex}", w="[[v]]"}', { v: '1' })).toEqual({ expr: 'a{x="1", y="1", z="1", w="1"}', unresolved: [] });
  });
});
