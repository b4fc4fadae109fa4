import { PROMETHEUS_LATENCY_BUCKETS } from '../../gateway/litellm/defaults';

/**
 * The latency histogram buckets, seconds: exactly the gateway's `prometheus_latency_buckets` (imported,
 * never duplicated). A latency SLO threshold must be one of them, because the latency SLI is the share of
 * requests counted in the bucket whose upper bound equals the threshold.
 */
export const LATENCY_BUCKETS_SECONDS: ReadonlyArray<number> = PROMETHEUS_LATENCY_BUCKETS;

/** The thresholds a latency SLO may use, milliseconds. */
export const LATENCY_THRESHOLDS_MS: ReadonlyArray<number> = LATENCY_BUCKETS_SECONDS.map((s) => Math.round(s * 1000));

/** True when `ms` is the upper bound of one of the latency buckets. */
export function isLatencyBucketMs(ms: number): boolean {
  return LATENCY_THRESHOLDS_MS.includes(ms);
}

/**
 * A matcher on the `le` label for the bucket bounded by `seconds`.
 *
 * The label's spelling depends on the path the sample took: prometheus_client writes Python's `repr`
 * (`1.0`, `1.2`; `floatToGoString` in prometheus_client/utils.py), a Prometheus server keeps it (3.x
 * normalises to the same float form), while the OpenTelemetry `prometheusremotewrite` exporter (the ADOT
 * collector on ECS) formats bounds with Go's shortest form (`1`, `1.2`). Integral bounds therefore
 * match both spellings.
 */
export function leMatcher(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`not a bucket bound: ${seconds}`);
  const text = String(seconds);
  if (Number.isInteger(seconds)) return `le=~"${text}(\\\\.0)?"`;
  return `le="${text}"`;
}
