import type { IConstruct } from 'constructs';
import { Aspects, TerraformResource, type IAspect } from './cdktf';
import { ProblemCollector, looksLikeSecret } from './errors';
import { findLiteralSecrets } from './validation';

/**
 * One ownership model for every cloud: AWS tags, GCP labels and Kubernetes labels are all derived
 * from it, so cost reports line up across providers.
 */
export interface OwnershipTags {
  /** Owning team, e.g. `hiring`. @default - no team tag */
  readonly team?: string;
  /** Environment, e.g. `prod`. @default - no environment tag */
  readonly environment?: string;
  /** Cost center for chargeback. @default - no cost-center tag */
  readonly costCenter?: string;
  /** Extra tags, applied as given on AWS and sanitized into labels on GCP and Kubernetes. @default {} */
  readonly extra?: Readonly<Record<string, string>>;
}

export const MANAGED_BY = 'cdktf-llm-platform';

/**
 * AWS tag keys and values: letters, digits and spaces in any script, and `_ . : / = + - @`; keys 1-128
 * characters, values 0-256, keys not starting with `aws:` (AWS General Reference, "Tagging best practices").
 */
const AWS_TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_FIX = 'use letters, digits, spaces and _ . : / = + - @ only';

function validate(model: OwnershipTags): void {
  const p = new ProblemCollector();
  if (model === null || typeof model !== 'object') {
    p.add('(tags)', model, 'is not an ownership model', 'pass { team?, environment?, costCenter?, extra? }');
    p.throwIfAny('OwnershipTags');
  }
  for (const [k, v] of Object.entries({ team: model.team, environment: model.environment, costCenter: model.costCenter })) {
    if (v === undefined) continue;
    if (typeof v !== 'string') p.add(k, v, 'is not a string', 'pass a string');
    else if (v.length === 0 || v.length > 63) p.add(k, v, 'must be 1-63 characters', 'shorten it');
    else if (!AWS_TAG_TEXT.test(v)) p.add(k, v, 'has characters AWS tags do not allow', TAG_FIX);
  }
  const extra: unknown = model.extra ?? {};
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
    p.add('extra', extra, 'is not a map of tags', 'pass { key: value }');
  } else {
    for (const [k, v] of Object.entries(extra)) {
      const path = looksLikeSecret(k) ? 'extra.<redacted key>' : `extra.${k}`;
      if (k.length === 0 || k.length > 128 || /^aws:/i.test(k)) p.add(path, k, 'is not a usable tag key', 'use 1-128 characters, not starting with aws:');
      else if (!AWS_TAG_TEXT.test(k)) p.add(path, k, 'has characters AWS tag keys do not allow', TAG_FIX);
      if (typeof v !== 'string') p.add(path, v, 'is not a string', 'pass a string value');
      else if (v.length > 256) p.add(path, v, 'is longer than 256 characters', 'shorten the value');
      else if (!AWS_TAG_TEXT.test(v)) p.add(path, v, 'has characters AWS tag values do not allow', TAG_FIX);
    }
  }
  p.addAll(findLiteralSecrets(model, 'tags'));
  p.throwIfAny('OwnershipTags');
}

/** AWS tags for the model (keys `team`, `environment`, `cost-center`, `managed-by` plus `extra`). */
export function awsTags(model: OwnershipTags): Record<string, string> {
  validate(model);
  const tags: Record<string, string> = { 'managed-by': MANAGED_BY };
  if (model.team) tags.team = model.team;
  if (model.environment) tags.environment = model.environment;
  if (model.costCenter) tags['cost-center'] = model.costCenter;
  return sortKeys({ ...tags, ...(model.extra ?? {}) });
}

/** Sanitizes one GCP label key or value: lowercase, [a-z0-9_-], at most 63 characters. */
export function gcpLabelValue(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
}

function gcpLabelKey(key: string): string {
  const k = gcpLabelValue(key);
  return /^[a-z]/.test(k) ? k : `k${k}`.slice(0, 63);
}

/** GCP labels for the model: keys start with a letter; keys and values lowercase, [a-z0-9_-], ≤ 63. */
export function gcpLabels(model: OwnershipTags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(awsTags(model))) out[gcpLabelKey(k)] = gcpLabelValue(v);
  return sortKeys(out);
}

/** Sanitizes a Kubernetes label value: ≤ 63 of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function kubernetesLabelValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/** Kubernetes labels for the model, under the `llm-platform.io/` prefix plus `app.kubernetes.io/managed-by`. */
export function kubernetesLabels(model: OwnershipTags): Record<string, string> {
  validate(model);
  const out: Record<string, string> = { 'app.kubernetes.io/managed-by': MANAGED_BY };
  if (model.team) out['llm-platform.io/team'] = kubernetesLabelValue(model.team);
  if (model.environment) out['llm-platform.io/environment'] = kubernetesLabelValue(model.environment);
  if (model.costCenter) out['llm-platform.io/cost-center'] = kubernetesLabelValue(model.costCenter);
  for (const [k, v] of Object.entries(model.extra ?? {})) {
    const key = k.replace(/[^A-Za-z0-9._/-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
    if (key) out[key.includes('/') ? key : `llm-platform.io/${key}`] = kubernetesLabelValue(v);
  }
  return sortKeys(out);
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// Tags the user set directly on a resource, remembered the first time an ownership aspect sees it.
const userTags = new WeakMap<object, { user: Record<string, string>; applied: Record<string, string> }>();

/**
 * Applies the ownership model to every taggable AWS resource (`tags`) and every labelled Google resource
 * (`labels`) under a scope. Aspects on inner scopes win over outer ones; tags a resource sets itself win
 * over both.
 */
export class OwnershipTagging implements IAspect {
  /** Tags everything under `scope` with `model`. */
  public static apply(scope: IConstruct, model: OwnershipTags): OwnershipTagging {
    const aspect = new OwnershipTagging(model);
    Aspects.of(scope).add(aspect);
    return aspect;
  }

  private readonly aws: Record<string, string>;
  private readonly gcp: Record<string, string>;

  private constructor(model: OwnershipTags) {
    this.aws = awsTags(model);
    this.gcp = gcpLabels(model);
  }

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const type = node.terraformResourceType;
    const r = node as unknown as Record<string, unknown>;
    if (type.startsWith('aws_') && 'tagsInput' in r) this.merge(r, 'tags', this.aws);
    else if (type.startsWith('google_') && 'labelsInput' in r) this.merge(r, 'labels', this.gcp);
  }

  private merge(resource: Record<string, unknown>, attr: 'tags' | 'labels', mine: Record<string, string>): void {
    let state = userTags.get(resource);
    if (!state) {
      state = { user: { ...((resource[`${attr}Input`] as Record<string, string> | undefined) ?? {}) }, applied: {} };
      userTags.set(resource, state);
    }
    state.applied = { ...state.applied, ...mine };
    resource[attr] = sortKeys({ ...state.applied, ...state.user });
  }
}
