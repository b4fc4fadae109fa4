import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What one Terraform check found. */
export interface TerraformCheckResult {
  /**
   * `passed`, `failed`, or `skipped`: no terraform binary (outside CI), or nothing checkable (every resource
   * belongs to a provider with no binary here: `message` says so and `notValidated` lists them).
   */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped or failed; Terraform's own output on failure. */
  readonly message: string;
  /**
   * What Terraform did NOT check, because no provider binary is available offline for it: provider
   * names (`provider:google`) and the addresses of the resources left out (`google_sql_database_instance.db`).
   */
  readonly notValidated: ReadonlyArray<string>;
  /** Wall time of the check. */
  readonly durationMs: number;
  /** Resources (and data sources) Terraform actually checked; 0 means nothing here was checkable. */
  readonly checkedResources?: number;
  /** `terraform test` counts (mocked plan/apply only). */
  readonly passedRuns?: number;
  readonly failedRuns?: number;
}

export interface TerraformCheckOptions {
  /**
   * Providers Terraform can install here. Resources of other providers are left out of the check and
   * listed in `notValidated`; a checked resource that references one fails the check.
   * @default ['aws'] when TF_PLUGIN_MIRROR is set (only the AWS provider is mirrored), otherwise every provider
   */
  readonly checkableProviders?: ReadonlyArray<string>;
  /** Values for variables without defaults (mocked runs). @default {} */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Terraform binary. @default 'terraform' (or $TERRAFORM_BINARY) */
  readonly terraformBinary?: string;
}

/**
 * The provider mirror: `$TF_PLUGIN_MIRROR`, a directory laid out as Terraform's filesystem mirror
 * (`registry.terraform.io/hashicorp/aws/<version>/<os_arch>/...`). Unset → Terraform installs from the
 * registry as usual (machines with internet need nothing).
 */
export function pluginMirror(): string | undefined {
  const mirror = process.env.TF_PLUGIN_MIRROR;
  if (!mirror) return undefined;
  if (!fs.existsSync(path.join(mirror, 'registry.terraform.io'))) {
    throw new Error(`TF_PLUGIN_MIRROR=${mirror} does not contain a registry.terraform.io directory (a Terraform filesystem mirror)`);
  }
  return mirror;
}

function mirroredProviders(mirror: string): string[] {
  const root = path.join(mirror, 'registry.terraform.io');
  const out: string[] = [];
  for (const ns of fs.readdirSync(root)) for (const name of fs.readdirSync(path.join(root, ns))) out.push(`${ns}/${name}`);
  return out;
}

function cacheDir(): string {
  const dir = process.env.TF_PLUGIN_CACHE_DIR ?? path.join(os.tmpdir(), 'cdktf-llm-platform-plugin-cache');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes the Terraform CLI config the checks use and returns its path. */
export function writeCliConfig(dir: string): string {
  const mirror = pluginMirror();
  const lines: string[] = [];
  if (mirror) {
    const include = mirroredProviders(mirror).map((p) => `"registry.terraform.io/${p}"`).join(', ');
    lines.push(
      'provider_installation {',
      `  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${include}]\n  }`,
      `  direct {\n    exclude = [${include}]\n  }`,
      '}',
    );
  }
  // One shared cache: each stack links the ~600 MB provider instead of copying it.
  lines.push(`plugin_cache_dir = ${JSON.stringify(cacheDir())}`, 'plugin_cache_may_break_dependency_lock_file = true', 'disable_checkpoint = true');
  const file = path.join(dir, 'terraform.rc');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function which(binary: string): Promise<boolean> {
  try {
    await run(binary, ['version'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** Serialises `terraform init` across processes: Terraform's plugin cache is not safe for concurrent writers. */
async function withCacheLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(cacheDir(), '.init-lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        /* the holder just released it */
      }
      if (Date.now() - started > 600_000) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function providerOfType(type: string): string {
  return type.split('_')[0];
}

/**
 * Copies a synthesized stack to a scratch directory, keeping only the resources of checkable providers.
 * Returns the directory and what was left out.
 */
function prepareWorkdir(stackDir: string, checkable: ReadonlyArray<string> | undefined): { dir: string; notValidated: string[]; json: any } {
  const file = path.join(stackDir, 'cdk.tf.json');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: pass the directory of one synthesized stack (synthToDirectory(stack))`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-platform-tf-'));
  fs.cpSync(stackDir, dir, { recursive: true });
  const notValidated: string[] = [];
  if (checkable) {
    // `terraform_remote_state` (cross-stack references) is built into Terraform: always checkable.
    const keep = (type: string) => checkable.includes(providerOfType(type)) || type === 'terraform_remote_state';
    for (const name of Object.keys(json.terraform?.required_providers ?? {})) {
      if (!checkable.includes(name)) {
        notValidated.push(`provider:${name}`);
        delete json.terraform.required_providers[name];
        delete json.provider?.[name];
      }
    }
    for (const block of ['resource', 'data', 'ephemeral'] as const) {
      for (const type of Object.keys(json[block] ?? {})) {
        if (keep(type)) continue;
        for (const name of Object.keys(json[block][type])) notValidated.push(`${block === 'resource' ? '' : `${block}.`}${type}.${name}`);
        delete json[block][type];
      }
    }
    // Outputs and locals that only read left-out resources cannot be evaluated either.
    const leftOut = notValidated.filter((a) => !a.startsWith('provider:'));
    for (const block of ['output', 'locals'] as const) {
      for (const key of Object.keys(json[block] ?? {})) {
        const text = JSON.stringify(json[block][key]);
        if (leftOut.some((addr) => text.includes(addr))) {
          notValidated.push(`${block}.${key}`);
          delete json[block][key];
        }
      }
    }
  }
  if (json.terraform) delete json.terraform.backend;
  // Terraform rejects empty top-level blocks ("Missing block label") left behind by the filtering.
  for (const block of ['provider', 'resource', 'data', 'ephemeral', 'output', 'locals', 'variable']) {
    if (json[block] && typeof json[block] === 'object' && Object.keys(json[block]).length === 0) delete json[block];
  }
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return { dir, notValidated: notValidated.sort(), json };
}

function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

async function terraform(bin: string, dir: string, rc: string, args: string[], timeoutMs = 600_000): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, {
      cwd: dir,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' },
    });
    return { ok: true, out: `${stdout}${stderr}` };
  } catch (e: any) {
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}${e.code === 'ETIMEDOUT' || e.killed ? '\n(timed out)' : ''}` };
  }
}

interface Prepared {
  readonly bin: string;
  readonly dir: string;
  readonly rc: string;
  readonly notValidated: string[];
  readonly json: any;
  readonly started: number;
}

async function prepare(stackDir: string, options: TerraformCheckOptions): Promise<Prepared | TerraformCheckResult> {
  const started = Date.now();
  const bin = options.terraformBinary ?? process.env.TERRAFORM_BINARY ?? 'terraform';
  if (!(await which(bin))) {
    const message = `terraform binary '${bin}' not found`;
    if (isCi()) throw new Error(`${message} (CI=true: a missing terraform is a failure, not a skip)`);
    return { status: 'skipped', message, notValidated: ['everything'], durationMs: Date.now() - started };
  }
  const mirror = pluginMirror();
  if (!mirror && isCi() && process.env.TF_ALLOW_REGISTRY !== '1') {
    throw new Error('TF_PLUGIN_MIRROR is not set (CI=true: the offline provider mirror is required; set TF_ALLOW_REGISTRY=1 to install from the registry)');
  }
  const checkable = options.checkableProviders ?? (mirror ? mirroredProviders(mirror).map((p) => p.split('/')[1]) : undefined);
  const { dir, notValidated, json } = prepareWorkdir(stackDir, checkable);
  if (countResources(json) === 0) {
    // A check of nothing is not a pass: say what could not be checked.
    fs.rmSync(dir, { recursive: true, force: true });
    const leftOut = notValidated.filter((a) => !a.startsWith('provider:')).length;
    const providers = notValidated.filter((a) => a.startsWith('provider:')).map((a) => a.slice('provider:'.length));
    const message = leftOut > 0
      ? `nothing to check: all ${leftOut} resources/data sources belong to providers with no binary here (${providers.join(', ')})`
      : 'nothing to check: the stack has no resources or data sources';
    return { status: 'skipped', message, notValidated, durationMs: Date.now() - started, checkedResources: 0 };
  }
  const rc = writeCliConfig(dir);
  const init = await withCacheLock(() => terraform(bin, dir, rc, ['init', '-backend=false', '-input=false', '-no-color']));
  if (!init.ok) return { status: 'failed', message: `terraform init failed:\n${init.out}`, notValidated, durationMs: Date.now() - started };
  return { bin, dir, rc, notValidated, json, started };
}

function countResources(json: any): number {
  return ['resource', 'data', 'ephemeral'].reduce(
    (n, block) => n + Object.values<Record<string, unknown>>(json[block] ?? {}).reduce((m, byName) => m + Object.keys(byName).length, 0),
    0,
  );
}

/**
 * `terraform init -backend=false` + `terraform validate` on a synthesized stack directory, against the
 * real provider schema. Resources of providers with no binary available are left out and listed in
 * `notValidated` — never silently passed.
 */
export async function terraformValidate(stackDir: string, options: TerraformCheckOptions = {}): Promise<TerraformCheckResult> {
  const p = await prepare(stackDir, options);
  if ('status' in p) return p;
  try {
    return await validateIn(p);
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
}

async function validateIn(p: Prepared): Promise<TerraformCheckResult> {
  const v = await terraform(p.bin, p.dir, p.rc, ['validate', '-no-color']);
  return {
    status: v.ok ? 'passed' : 'failed',
    message: v.ok ? 'valid' : v.out,
    notValidated: p.notValidated,
    durationMs: Date.now() - p.started,
    checkedResources: countResources(p.json),
  };
}

const MOCK_ACCOUNT = '123456789012';
const MOCK_REGION = 'us-east-1';

const SERVICE_OF_PREFIX: ReadonlyArray<[RegExp, string]> = [
  [/^aws_(lb|alb)/, 'elasticloadbalancing'],
  [/^aws_(db_|rds_)/, 'rds'],
  [/^aws_cloudwatch_log/, 'logs'],
  [/^aws_cloudwatch_event/, 'events'],
  [/^aws_(vpc|subnet|security_group|nat_gateway|internet_gateway|route|eip|network|launch_template|instance|flow_log|ec2)/, 'ec2'],
  [/^aws_appautoscaling/, 'application-autoscaling'],
];

/** A syntactically valid ARN for a mocked resource of `type` (the provider validates ARN inputs at plan). */
export function mockArn(type: string): string {
  const rest = type.replace(/^aws_/, '');
  if (rest.startsWith('iam_')) return `arn:aws:iam::${MOCK_ACCOUNT}:${rest.replace(/^iam_/, '').replace(/_/g, '-')}/mock`;
  if (rest.startsWith('s3_')) return 'arn:aws:s3:::mock-bucket';
  if (rest === 'cloudwatch_log_group') return `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:mock`;
  if (rest.startsWith('secretsmanager_')) return `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:mock-AbCdEf`;
  const service = SERVICE_OF_PREFIX.find(([re]) => re.test(type))?.[1] ?? rest.split('_')[0];
  return `arn:aws:${service}:${MOCK_REGION}:${MOCK_ACCOUNT}:${rest.replace(/_/g, '-')}/mock`;
}

/** Values data sources must return for mocked plans to be meaningful (valid ARNs, regions, JSON). */
const DATA_DEFAULTS: Readonly<Record<string, Record<string, unknown>>> = {
  aws_caller_identity: { account_id: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`, user_id: 'AIDAMOCK' },
  aws_region: { name: MOCK_REGION, id: MOCK_REGION, description: 'US East (N. Virginia)' },
  aws_partition: { partition: 'aws', dns_suffix: 'amazonaws.com', reverse_dns_prefix: 'com.amazonaws', id: 'aws' },
  aws_availability_zones: { names: [`${MOCK_REGION}a`, `${MOCK_REGION}b`, `${MOCK_REGION}c`], zone_ids: ['use1-az1', 'use1-az2', 'use1-az4'] },
  aws_iam_policy_document: { json: '{"Version":"2012-10-17","Statement":[]}', minified_json: '{"Version":"2012-10-17","Statement":[]}' },
  aws_secretsmanager_random_password: { random_password: 'mock-generated-password-0123456789abcdefABCDEF' },
  aws_eks_cluster_auth: { token: 'mock-token' },
  aws_vpc: { cidr_block: '10.0.0.0/16' },
  // Length-validated consumers (e.g. ElastiCache auth tokens: 16-128 characters) read secret strings.
  aws_secretsmanager_secret_version: { secret_string: 'mock-secret-string-0123456789abcdefABCDEF' },
};

/** Nested computed blocks that consumers read through and that must look real. */
const RESOURCE_DEFAULTS: Readonly<Record<string, Record<string, unknown>>> = {
  aws_rds_cluster: {
    master_user_secret: [{ secret_arn: `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:rds!cluster-mock-AbCdEf`, kms_key_id: 'mock', secret_status: 'active' }],
  },
};

interface SchemaIndex {
  readonly resources: Record<string, string[]>;
  readonly dataSources: Record<string, string[]>;
}

/** Attribute names per resource/data type, from `terraform providers schema -json` (cached per provider version). */
async function schemaIndex(p: Prepared): Promise<SchemaIndex> {
  const version = p.json.terraform?.required_providers?.aws?.version ?? 'any';
  const file = path.join(cacheDir(), `aws-schema-index-${String(version).replace(/[^0-9A-Za-z.]/g, '_')}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const { ok, out } = await terraform(p.bin, p.dir, p.rc, ['providers', 'schema', '-json']);
  if (!ok) throw new Error(`terraform providers schema failed:\n${out.slice(0, 2000)}`);
  const schema = JSON.parse(out.slice(out.indexOf('{')));
  const aws = Object.entries<any>(schema.provider_schemas ?? {}).find(([k]) => k.endsWith('/aws'))?.[1] ?? {};
  const attrs = (m: Record<string, any> = {}) =>
    Object.fromEntries(Object.entries<any>(m).map(([t, s]) => [t, Object.keys(s.block?.attributes ?? {})]));
  const index: SchemaIndex = { resources: attrs(aws.resource_schemas), dataSources: attrs(aws.data_source_schemas) };
  fs.writeFileSync(file, JSON.stringify(index));
  return index;
}

function hclValue(v: unknown): string {
  return JSON.stringify(v);
}

/** The `terraform test` file: mocked AWS provider with meaningful defaults, then plan and apply. */
export function mockTestFile(json: any, index: SchemaIndex, variables: Readonly<Record<string, unknown>> = {}): string {
  const lines: string[] = [];
  if (Object.keys(variables).length > 0) {
    lines.push('variables {', ...Object.entries(variables).map(([k, v]) => `  ${k} = ${hclValue(v)}`), '}', '');
  }
  lines.push('mock_provider "aws" {');
  for (const type of Object.keys(json.resource ?? {}).filter((t) => t.startsWith('aws_')).sort()) {
    const defaults: Record<string, unknown> = { ...(RESOURCE_DEFAULTS[type] ?? {}) };
    if (index.resources[type]?.includes('arn')) defaults.arn = mockArn(type);
    const known = Object.entries(defaults).filter(([k]) => index.resources[type]?.includes(k));
    if (known.length === 0) continue;
    lines.push(`  mock_resource "${type}" {`, `    defaults = { ${known.map(([k, v]) => `${k} = ${hclValue(v)}`).join(', ')} }`, '  }');
  }
  for (const type of Object.keys(json.data ?? {}).filter((t) => t.startsWith('aws_')).sort()) {
    const defaults: Record<string, unknown> = { ...(DATA_DEFAULTS[type] ?? {}) };
    if (index.dataSources[type]?.includes('arn') && !('arn' in defaults)) defaults.arn = mockArn(type);
    const known = Object.entries(defaults).filter(([k]) => index.dataSources[type]?.includes(k));
    if (known.length === 0) continue;
    lines.push(`  mock_data "${type}" {`, `    defaults = { ${known.map(([k, v]) => `${k} = ${hclValue(v)}`).join(', ')} }`, '  }');
  }
  lines.push('}', '');
  lines.push(...remoteStateOverrides(json));
  lines.push('run "plan" {', '  command = plan', '}', '', 'run "apply" {', '  command = apply', '}', '');
  return lines.join('\n');
}

/**
 * Cross-stack references read the other stack's outputs through `terraform_remote_state`, whose state does not
 * exist in a check: each one is overridden with the outputs this stack reads (ARN-shaped values for `...arn`
 * outputs, so provider ARN validation still runs; a plain string otherwise).
 */
export function remoteStateOverrides(json: any): string[] {
  const lines: string[] = [];
  const text = JSON.stringify(json);
  for (const name of Object.keys(json.data?.terraform_remote_state ?? {}).sort()) {
    const prefix = `data.terraform_remote_state.${name}.outputs.`;
    const outputs = new Set<string>();
    for (let i = text.indexOf(prefix); i !== -1; i = text.indexOf(prefix, i + 1)) {
      const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i + prefix.length));
      if (m) outputs.add(m[0]);
    }
    const values = [...outputs].sort().map((o) => `${JSON.stringify(o)} = ${JSON.stringify(/arn$/i.test(o) ? `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:mock-${o.length}` : `mock-${o.slice(-40).replace(/[^A-Za-z0-9-]/g, '-')}`)}`);
    lines.push('override_data {', `  target = data.terraform_remote_state.${name}`, `  values = { outputs = { ${values.join(', ')} } }`, '}', '');
  }
  return lines;
}

/**
 * Terraform's mock providers cannot mock ephemeral resources (Terraform 1.11: "No ephemeral resource
 * types in mock providers"). For the mocked run only, each ephemeral block becomes the data source of
 * the same type and arguments (`aws_secretsmanager_random_password` has both). `terraformValidate`
 * checks the real ephemeral form.
 */
function ephemeralToData(json: any): any {
  if (!json.ephemeral) return json;
  let text = JSON.stringify(json);
  for (const type of Object.keys(json.ephemeral)) text = text.split(`ephemeral.${type}.`).join(`data.${type}.`);
  const out = JSON.parse(text);
  for (const [type, blocks] of Object.entries<any>(out.ephemeral)) {
    out.data = { ...(out.data ?? {}), [type]: { ...(out.data?.[type] ?? {}), ...blocks } };
  }
  delete out.ephemeral;
  return out;
}

/**
 * `terraform test` with `mock_provider "aws"`: a plan and an apply against the real AWS provider schema,
 * with no credentials and no network. Mock defaults give every ARN attribute a valid ARN and the common
 * data sources (account, region, partition, AZs) real-looking values, so applies are meaningful.
 */
export async function terraformPlanWithMocks(stackDir: string, options: TerraformCheckOptions = {}): Promise<TerraformCheckResult> {
  const p = await prepare(stackDir, options);
  if ('status' in p) return p;
  try {
    return await mockedRunIn(p, options);
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
}

async function mockedRunIn(p: Prepared, options: TerraformCheckOptions): Promise<TerraformCheckResult> {
  const json = ephemeralToData(p.json);
  fs.writeFileSync(path.join(p.dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  const index = await schemaIndex(p);
  fs.mkdirSync(path.join(p.dir, 'tests'), { recursive: true });
  fs.writeFileSync(path.join(p.dir, 'tests', 'mocked.tftest.hcl'), mockTestFile(json, index, options.variables));
  const t = await terraform(p.bin, p.dir, p.rc, ['test', '-no-color']);
  const counts = /(\d+) passed, (\d+) failed/.exec(t.out);
  const passedRuns = counts ? Number(counts[1]) : 0;
  const failedRuns = counts ? Number(counts[2]) : undefined;
  const ok = t.ok && failedRuns === 0 && passedRuns > 0;
  return {
    status: ok ? 'passed' : 'failed',
    message: ok ? t.out.trim().split('\n').pop()! : t.out,
    notValidated: p.notValidated,
    durationMs: Date.now() - p.started,
    checkedResources: countResources(json),
    passedRuns,
    failedRuns,
  };
}

/** `terraformValidate` then `terraformPlanWithMocks` in one working directory (one `terraform init`). */
export async function terraformCheck(stackDir: string, options: TerraformCheckOptions = {}): Promise<TerraformCheckResult> {
  const p = await prepare(stackDir, options);
  if ('status' in p) return p;
  try {
    const v = await validateIn(p);
    if (v.status !== 'passed') return v;
    return await mockedRunIn(p, options);
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
}
