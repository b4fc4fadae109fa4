'use strict';
/*
 * A run's figures (series.js) as OTLP/HTTP JSON metrics, posted to a collector's `/v1/metrics` and
 * written from there to the platform's Prometheus. opentelemetry-proto
 * `opentelemetry/proto/metrics/v1/metrics.proto`: ResourceMetrics{resource, scope_metrics} ->
 * ScopeMetrics{scope, metrics} -> Metric{name, description, unit, gauge} -> Gauge{data_points} ->
 * NumberDataPoint{attributes, time_unix_nano, as_double}; the JSON mapping uses lowerCamelCase names and
 * decimal strings for 64-bit integers. Every metric is a gauge of the last run (see series.js).
 *
 * Units are left empty on purpose: the collector's Prometheus translation appends a unit suffix derived
 * from `unit` (and `_ratio` for gauges of unit "1"); the names below already carry their unit, so they
 * arrive in Prometheus exactly as written.
 */
const { httpRequest } = require('./http');
const { METRICS, runSeries } = require('./series');

const str = (key, value) => ({ key, value: { stringValue: String(value) } });

/**
 * The standard `OTEL_RESOURCE_ATTRIBUTES` text (`key=value,key=value`, values percent-encoded; OpenTelemetry SDK
 * environment variable specification) as ordered pairs. Malformed members are skipped, as the SDKs do.
 * @param {string|undefined} text
 * @returns {[string, string][]}
 */
function parseResourceAttributes(text) {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const out = [];
  for (const member of text.split(',')) {
    const i = member.indexOf('=');
    if (i <= 0) continue;
    const key = member.slice(0, i).trim();
    let value = member.slice(i + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (key !== '') out.push([key, value]);
  }
  return out;
}

/**
 * @param {object} result a runEvaluation result
 * @param {{ serviceInstanceId?: string, resourceAttributes?: [string, string][] }} [options] resource attributes
 *   (OTEL_RESOURCE_ATTRIBUTES) override the defaults of the same key: a backend that keys series by
 *   `service.instance.id` (Managed Service for Prometheus' `instance`) gets a stable one instead of one per run.
 */
function metricsRequest(result, options = {}) {
  const series = runSeries(result);
  const time = String(BigInt(series.timestampMs) * 1000000n);
  const metrics = new Map();
  for (const s of series.points) {
    if (!metrics.has(s.name)) metrics.set(s.name, { description: s.description, dataPoints: [] });
    metrics.get(s.name).dataPoints.push({ attributes: Object.entries(s.labels).map(([k, v]) => str(k, v)), timeUnixNano: time, asDouble: s.value });
  }
  const attributes = new Map([['service.name', 'llm-eval-probe'], ...(options.serviceInstanceId ? [['service.instance.id', options.serviceInstanceId]] : [])]);
  for (const [k, v] of options.resourceAttributes ?? []) attributes.set(k, v);
  const resource = [...attributes.entries()].map(([k, v]) => str(k, v));
  return {
    resourceMetrics: [{
      resource: { attributes: resource },
      scopeMetrics: [{
        scope: { name: 'cdktf-llm-platform/evaluation', version: '1' },
        metrics: [...metrics.entries()].map(([name, m]) => ({ name, description: m.description, unit: '', gauge: { dataPoints: m.dataPoints } })),
      }],
    }],
  };
}

/**
 * Posts the request to an OTLP/HTTP endpoint (`http://collector:4318/v1/metrics`). Rejects on a non-2xx
 * status or a partial success that rejected data points, so the probe's invocation fails visibly.
 */
async function publishMetrics(endpoint, request, { transport = httpRequest, timeoutMs = 10000, tlsServerName, headers = {} } = {}) {
  const res = await transport({ url: endpoint, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(request), timeoutMs, tlsServerName });
  if (res.status < 200 || res.status >= 300) throw new Error(`OTLP export to ${endpoint.replace(/\?.*$/, '')} -> HTTP ${res.status}`);
  let body = {};
  try {
    body = res.text ? JSON.parse(res.text) : {};
  } catch {
    body = {};
  }
  const rejected = Number(body && body.partialSuccess && body.partialSuccess.rejectedDataPoints);
  if (Number.isFinite(rejected) && rejected > 0) throw new Error(`OTLP export: the collector rejected ${rejected} data points`);
  return { status: res.status, points: request.resourceMetrics[0].scopeMetrics[0].metrics.reduce((n, m) => n + m.gauge.dataPoints.length, 0) };
}

module.exports = { METRICS, metricsRequest, parseResourceAttributes, publishMetrics };
