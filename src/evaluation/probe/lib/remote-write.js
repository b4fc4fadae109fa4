'use strict';
/*
 * A run's figures (series.js) written straight to a Prometheus remote-write endpoint — on AWS, Amazon
 * Managed Service for Prometheus (`https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/api/v1/remote_write`,
 * SigV4 service `aps`, IAM `aps:RemoteWrite` on the workspace) — for a probe that has no collector it
 * can reach. No dependency: the protobuf and snappy encodings are written here.
 *
 * Wire format (Prometheus remote-write 1.0 specification, prometheus.io/docs/specs/remote_write_spec):
 * POST, body = snappy *block* format of a protobuf `prometheus.WriteRequest`, headers
 * `Content-Encoding: snappy`, `Content-Type: application/x-protobuf`,
 * `X-Prometheus-Remote-Write-Version: 0.1.0`. prompb/types.proto + remote.proto:
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }   // milliseconds
 * Labels sorted by name, `__name__` included. Snappy (google/snappy format_description.txt): a varint
 * of the uncompressed length, then elements; a stream of literal elements only is valid snappy.
 * The tests push through a real Prometheus (`--web.enable-remote-write-receiver`) and query it back.
 */
const { httpRequest } = require('./http');
const { runSeries } = require('./series');
const { signRequest, environmentCredentials } = require('./sigv4');

function varint(n) {
  const out = [];
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n; // int64 two's complement, as protobuf encodes negatives
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

const tag = (field, wire) => varint((field << 3) | wire);
const lengthDelimited = (field, payload) => Buffer.concat([tag(field, 2), varint(payload.length), payload]);

function double(field, value) {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return Buffer.concat([tag(field, 1), b]);
}

/** protobuf WriteRequest from [{ labels: {name: value}, samples: [{ value, timestampMs }] }]. */
function encodeWriteRequest(series) {
  return Buffer.concat(series.map((s) => {
    const labels = Object.keys(s.labels).sort().map((name) => lengthDelimited(1, Buffer.concat([
      lengthDelimited(1, Buffer.from(name, 'utf8')),
      lengthDelimited(2, Buffer.from(String(s.labels[name]), 'utf8')),
    ])));
    const samples = s.samples.map((p) => lengthDelimited(2, Buffer.concat([double(1, p.value), tag(2, 0), varint(p.timestampMs)])));
    return lengthDelimited(1, Buffer.concat([...labels, ...samples]));
  }));
}

/** Snappy block format with literal elements only (valid, uncompressed). */
function snappyLiteral(data) {
  const parts = [varint(data.length)];
  for (let i = 0; i < data.length; i += 65536) {
    const chunk = data.subarray(i, Math.min(i + 65536, data.length));
    const n = chunk.length - 1;
    if (n < 60) parts.push(Buffer.from([n << 2]));
    else if (n < 0x100) parts.push(Buffer.from([60 << 2, n]));
    else parts.push(Buffer.from([61 << 2, n & 0xff, n >> 8]));
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** The run's series with `__name__`, one sample each at the run's finish time. */
function writeRequestSeries(result) {
  const { timestampMs, points } = runSeries(result);
  return points.map((p) => ({ labels: { __name__: p.name, ...p.labels }, samples: [{ value: p.value, timestampMs }] }));
}

const AMP_HOST = /^aps-workspaces\.([a-z0-9-]+)\.amazonaws\.com$/;

/**
 * Writes the run to `url`. SigV4-signs for AMP (region from the host, or `options.sigv4Region`) with the
 * given credentials (default: the Lambda environment's).
 */
async function publishRemoteWrite(url, result, options = {}) {
  const transport = options.transport ?? httpRequest;
  const body = snappyLiteral(encodeWriteRequest(writeRequestSeries(result)));
  const headers = { 'content-encoding': 'snappy', 'content-type': 'application/x-protobuf', 'x-prometheus-remote-write-version': '0.1.0', 'user-agent': 'cdktf-llm-platform-eval-probe/1' };
  const region = options.sigv4Region ?? (AMP_HOST.exec(new URL(url).hostname) || [])[1];
  const signed = region ? signRequest({ method: 'POST', url, headers, body, region, service: 'aps', credentials: options.credentials ?? environmentCredentials(), now: options.now }) : {};
  const res = await transport({ url, method: 'POST', headers: { ...headers, ...signed }, body, timeoutMs: options.timeoutMs ?? 10000 });
  if (res.status < 200 || res.status >= 300) throw new Error(`remote write to ${url.replace(/\?.*$/, '')} -> HTTP ${res.status}: ${String(res.text).slice(0, 200)}`);
  return { status: res.status, series: body.length > 0 ? writeRequestSeries(result).length : 0 };
}

module.exports = { encodeWriteRequest, snappyLiteral, writeRequestSeries, publishRemoteWrite };
