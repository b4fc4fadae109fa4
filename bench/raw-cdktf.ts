// The baseline the synth benchmarks compare against: a plain cdktf program (typed provider classes, no
// library) that emits the same Terraform JSON as a stack synthesized with the library. It is derived from
// that stack's JSON once (not timed), then rebuilt and synthesized as often as needed (timed).
//
// Each resource/data source becomes an instance of its typed provider class, given the camelCased
// configuration a person would write; where the typed binding renders a top-level key differently (maps
// whose keys must not be camelCased, meta-arguments), the key is set with `addOverride`, the escape hatch a
// raw program would use. `verifyRawProgram` proves the JSON is identical (metadata blocks aside).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, type TerraformElement } from 'cdktf';

type Json = Record<string, any>;

interface ElementPlan {
  readonly ctor: new (scope: TerraformStack, id: string, config: any) => TerraformElement;
  readonly id: string;
  readonly logicalId: string;
  readonly props: Json;
  readonly overrides: Array<[string, unknown]>;
}

/** What is needed to rebuild the stack: elements, and stack-level blocks (ephemeral, outputs...). */
export interface RawProgram {
  readonly stackName: string;
  readonly elements: ElementPlan[];
  readonly variables: Array<[string, Json]>;
  readonly outputs: Array<[string, Json]>;
  readonly locals: Array<[string, unknown]>;
  readonly stackOverrides: Array<[string, unknown]>;
}

const META = new Set(['depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection', '//']);

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [camel(k), camelize(v)]));
  }
  return value;
}

const classCache = new Map<string, any>();

/** The typed class of a resource (`aws_vpc` → Vpc) or data source (`data.aws_region` → DataAwsRegion). */
function typedClass(kind: 'resource' | 'data' | 'provider', type: string): any {
  const key = `${kind}:${type}`;
  if (classCache.has(key)) return classCache.get(key);
  const provider = kind === 'provider' ? type : type.split('_')[0];
  const file = kind === 'provider' ? 'provider' : kind === 'data' ? `data-${type.replace(/_/g, '-')}` : type.slice(provider.length + 1).replace(/_/g, '-');
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(`@cdktf/provider-${provider}/lib/${file}`);
  } catch {
    // No binding installed for this provider (the library writes such blocks as overrides): a raw program would too.
    classCache.set(key, undefined);
    return undefined;
  }
  const wanted = kind === 'provider' ? provider : type;
  const ctor = Object.values<any>(mod).find((v) => typeof v === 'function' && v.tfResourceType === wanted);
  if (!ctor) throw new Error(`no typed class for ${kind} ${type} in @cdktf/provider-${provider}/lib/${file}`);
  classCache.set(key, ctor);
  return ctor;
}

function splitMeta(config: Json): { props: Json; meta: Array<[string, unknown]> } {
  const props: Json = {};
  const meta: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(config)) {
    if (META.has(k)) {if (k !== '//') meta.push([k, v]);} else {props[k] = v;}
  }
  return { props, meta };
}

/** Derives the raw program from a synthesized stack's JSON (`cdk.tf.json`). */
export function rawProgramFrom(json: Json, stackName: string): RawProgram {
  const elements: ElementPlan[] = [];
  let n = 0;
  const stackOverrides: Array<[string, unknown]> = [];
  for (const [type, byName] of Object.entries<Json>(json.provider ?? {})) {
    const ctor = typedClass('provider', type);
    if (!ctor) {
      stackOverrides.push([`provider.${type}`, byName], [`terraform.required_providers.${type}`, json.terraform?.required_providers?.[type]]);
      continue;
    }
    for (const config of Array.isArray(byName) ? byName : [byName]) {
      const { props, meta } = splitMeta(config);
      elements.push({ ctor, id: `provider${n++}`, logicalId: '', props: camelize(props) as Json, overrides: meta });
    }
  }
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries<Json>(json[kind] ?? {})) {
      const ctor = typedClass(kind, type);
      for (const [name, config] of Object.entries<Json>(byName)) {
        if (!ctor) {
          stackOverrides.push([`${kind}.${type}.${name}`, config]);
          continue;
        }
        const { props, meta } = splitMeta(config);
        elements.push({ ctor, id: `e${n++}`, logicalId: name, props: camelize(props) as Json, overrides: meta });
      }
    }
  }
  for (const [type, byName] of Object.entries<Json>(json.ephemeral ?? {})) {
    for (const [name, config] of Object.entries<Json>(byName)) stackOverrides.push([`ephemeral.${type}.${name}`, config]);
  }
  for (const block of Object.keys(json)) {
    if (!['//', 'terraform', 'provider', 'resource', 'data', 'ephemeral', 'variable', 'output', 'locals'].includes(block)) stackOverrides.push([block, json[block]]);
  }
  if (json.terraform?.backend) stackOverrides.push(['terraform.backend', json.terraform.backend]);
  return {
    stackName,
    elements,
    variables: Object.entries<Json>(json.variable ?? {}),
    outputs: Object.entries<Json>(json.output ?? {}),
    locals: Object.entries<unknown>(json.locals ?? {}),
    stackOverrides,
  };
}

/** Builds the raw program's stack in `app`. */
export function buildRaw(app: App, program: RawProgram): TerraformStack {
  const stack = new TerraformStack(app, program.stackName);
  for (const e of program.elements) {
    const el = new e.ctor(stack, e.id, e.props);
    if (e.logicalId) el.overrideLogicalId(e.logicalId);
    for (const [k, v] of e.overrides) el.addOverride(k, v);
  }
  for (const [name, v] of program.variables) {
    const { type, description, sensitive, nullable } = v;
    new TerraformVariable(stack, name, { type, description, default: v.default, sensitive, nullable });
  }
  for (const [name, v] of program.outputs) {
    new TerraformOutput(stack, name, { value: v.value, description: v.description, sensitive: v.sensitive }).overrideLogicalId(name);
  }
  for (const [name, v] of program.locals) new TerraformLocal(stack, name, v).overrideLogicalId(name);
  for (const [k, v] of program.stackOverrides) stack.addOverride(k, v);
  return stack;
}

function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as Json).filter((k) => k !== '//').sort().map((k) => [k, withoutMetadata((value as Json)[k])]));
  }
  return value;
}

/**
 * Synthesizes an app with `app.synth()` into a fresh temporary directory; returns every stack's cdk.tf.json.
 * `stackTraces: false` by default (as measured before issue 11); `true` is what `new App()` does.
 */
export function synthToTemp(build: (app: App) => unknown, stackTraces = false): { stacks: Record<string, Json>; ms: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const start = process.hrtime.bigint();
    const app = new App({ outdir, stackTraces });
    build(app);
    app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const stacks: Record<string, Json> = {};
    for (const name of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
      stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    }
    return { stacks, ms };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The raw programs of every stack of a synthesized app. */
export function rawProgramsFrom(stacks: Record<string, Json>): RawProgram[] {
  return Object.entries(stacks).map(([name, json]) => rawProgramFrom(json, name));
}

/** Builds every raw stack in `app`. */
export function buildRawApp(app: App, programs: ReadonlyArray<RawProgram>): void {
  for (const p of programs) buildRaw(app, p);
}

/**
 * Builds the raw programs once, and where a typed binding renders a top-level key differently from the
 * target, writes that key with an override instead. Throws unless every stack's JSON is identical to the target.
 */
export function verifyRawPrograms(target: Record<string, Json>, programs: ReadonlyArray<RawProgram>): RawProgram[] {
  const first = synthToTemp((app) => buildRawApp(app, programs)).stacks;
  const fixed = programs.map((program) => {
    const want = target[program.stackName];
    const got = first[program.stackName];
    const elements: ElementPlan[] = program.elements.map((e) => {
      if (!e.logicalId) return e;
      const type = (e.ctor as any).tfResourceType as string;
      const kind = want.resource?.[type]?.[e.logicalId] !== undefined ? 'resource' : 'data';
      const w = want[kind]?.[type]?.[e.logicalId] ?? {};
      const g = got[kind]?.[type]?.[e.logicalId] ?? {};
      const extra: Array<[string, unknown]> = [];
      for (const key of new Set([...Object.keys(w), ...Object.keys(g)])) {
        if (key === '//' || META.has(key)) continue;
        if (JSON.stringify(withoutMetadata(w[key])) !== JSON.stringify(withoutMetadata(g[key]))) extra.push([key, w[key] ?? null]);
      }
      if (extra.length === 0) return e;
      // The key is written by the override alone (an override of an object merges into what the binding rendered).
      const props = { ...e.props };
      for (const [key] of extra) delete props[camel(key)];
      return { ...e, props, overrides: [...e.overrides, ...extra] };
    });
    return { ...program, elements };
  });
  const second = synthToTemp((app) => buildRawApp(app, fixed)).stacks;
  for (const name of Object.keys(target)) {
    const a = JSON.stringify(withoutMetadata(second[name]));
    const b = JSON.stringify(withoutMetadata(target[name]));
    if (a !== b) {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      throw new Error(`raw program of stack ${name} does not reproduce the library's JSON; first difference at ${i}:\n raw: ${a.slice(i - 200, i + 200)}\n lib: ${b.slice(i - 200, i + 200)}`);
    }
  }
  return fixed;
}
