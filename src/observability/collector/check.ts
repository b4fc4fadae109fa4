import { COMPONENT_KEYS, type CollectorDistribution, type ComponentKind, type CollectorKeySpec } from './contract';
import type { CollectorConfig } from './render';

const KINDS: ReadonlyArray<ComponentKind> = ['receivers', 'processors', 'exporters', 'extensions'];
const SIGNALS = ['traces', 'metrics', 'logs'];

/** Service keys (`go.opentelemetry.io/collector/service` Config and otelconftelemetry Config, v0.156.0). */
const SERVICE_KEYS: CollectorKeySpec = {
  kind: 'object',
  keys: {
    extensions: 'leaf',
    pipelines: { kind: 'map', value: { kind: 'object', keys: { receivers: 'leaf', processors: 'leaf', exporters: 'leaf' } } },
    telemetry: { kind: 'object', keys: { metrics: { kind: 'object', keys: { level: 'leaf' } }, logs: { kind: 'object', keys: { level: 'leaf' } } } },
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkKeys(value: unknown, spec: CollectorKeySpec, path: string, out: string[]): void {
  if (spec === 'leaf' || value === null || value === undefined) return;
  if (spec.kind === 'list') {
    if (!Array.isArray(value)) {
      out.push(`${path}: expected a list`);
      return;
    }
    value.forEach((v, i) => checkKeys(v, spec.item, `${path}[${i}]`, out));
    return;
  }
  if (!isRecord(value)) {
    out.push(`${path}: expected a mapping`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (spec.kind === 'map') {
      checkKeys(v, spec.value, `${path}.${k}`, out);
    } else if (!(k in spec.keys)) {
      out.push(`${path}.${k}: not a configuration key of this component at the pinned version`);
    } else {
      checkKeys(v, spec.keys[k], `${path}.${k}`, out);
    }
  }
}

function strings(value: unknown, path: string, visit: (s: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, visit));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, visit);
}

/**
 * Problems of a collector config against a pinned distribution: components the image does not contain,
 * keys the component does not have, pipelines naming undefined components, components defined but never
 * used, processor order (`memory_limiter` first, `batch` last), and `${` (the collector would expand it as
 * an environment reference). An empty list means the config fits the image.
 */
export function checkCollectorConfig(config: CollectorConfig, distribution: CollectorDistribution): string[] {
  const out: string[] = [];
  for (const key of Object.keys(config)) {
    if (![...KINDS, 'service', 'connectors'].includes(key)) out.push(`${key}: not a top-level section of a collector config`);
  }
  const defined: Record<ComponentKind, Set<string>> = { receivers: new Set(), processors: new Set(), exporters: new Set(), extensions: new Set() };
  for (const kind of KINDS) {
    const section = config[kind];
    if (section === undefined) continue;
    if (!isRecord(section)) {
      out.push(`${kind}: expected a mapping`);
      continue;
    }
    for (const [id, body] of Object.entries(section)) {
      defined[kind].add(id);
      const type = id.split('/')[0];
      if (!distribution.components[kind].includes(type)) {
        out.push(`${kind}.${id}: the ${distribution.id} image (${distribution.image}) has no ${type} component`);
        continue;
      }
      const spec = COMPONENT_KEYS[kind][type];
      if (!spec) {
        out.push(`${kind}.${id}: ${type} is not in the key contract (add its keys from the component's source at the pinned version)`);
        continue;
      }
      checkKeys(body ?? {}, spec, `${kind}.${id}`, out);
    }
  }

  const service = config.service;
  if (!isRecord(service)) {
    out.push('service: missing');
    return out;
  }
  checkKeys(service, SERVICE_KEYS, 'service', out);
  const used: Record<ComponentKind, Set<string>> = { receivers: new Set(), processors: new Set(), exporters: new Set(), extensions: new Set() };
  const extensions = Array.isArray(service.extensions) ? service.extensions as string[] : [];
  for (const e of extensions) {
    used.extensions.add(e);
    if (!defined.extensions.has(e)) out.push(`service.extensions: ${e} is not defined under extensions`);
  }
  const pipelines = isRecord(service.pipelines) ? service.pipelines : {};
  if (Object.keys(pipelines).length === 0) out.push('service.pipelines: no pipeline');
  for (const [name, p] of Object.entries(pipelines)) {
    if (!SIGNALS.includes(name.split('/')[0])) out.push(`service.pipelines.${name}: not a traces, metrics or logs pipeline`);
    const pipeline = isRecord(p) ? p : {};
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      const ids = Array.isArray(pipeline[kind]) ? pipeline[kind] as string[] : [];
      if (kind !== 'processors' && ids.length === 0) out.push(`service.pipelines.${name}.${kind}: empty`);
      for (const id of ids) {
        used[kind].add(id);
        if (!defined[kind].has(id)) out.push(`service.pipelines.${name}.${kind}: ${id} is not defined under ${kind}`);
      }
      if (kind === 'processors') {
        const types = ids.map((id) => id.split('/')[0]);
        if (types.includes('memory_limiter') && types[0] !== 'memory_limiter') out.push(`service.pipelines.${name}.processors: memory_limiter must come first`);
        if (types.includes('batch') && types[types.length - 1] !== 'batch') out.push(`service.pipelines.${name}.processors: batch must come last`);
      }
    }
  }
  for (const kind of KINDS) {
    for (const id of defined[kind]) if (!used[kind].has(id)) out.push(`${kind}.${id}: defined but not used by any pipeline`);
  }
  strings(config, '', (s, path) => {
    if (s.includes('${')) out.push(`${path}: contains \${, which the collector expands as a configuration reference`);
  });
  return out;
}
