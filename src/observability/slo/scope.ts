import { LABELS } from './litellm-metrics';

/** Where a set of SLO rules applies: the whole gateway, one team, or one feature (virtual key). */
export interface SloScope {
  readonly level: 'gateway' | 'team' | 'feature';
  /** Prefix of the recording rules (`level` part of Prometheus' `level:metric:operations`). */
  readonly recordPrefix: string;
  /** Label matchers selecting the scope's raw series, e.g. `gateway="prod", team_alias="hiring"`. */
  readonly matchers: string;
  /**
   * The same labels as values. Recordings carry them as static labels too (equal to what `sum by` keeps),
   * so the recordings of two gateways or teams in one rule file are distinct rules, not duplicates.
   */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Labels the recordings keep (`sum by`). Every label in `matchers` is one of them. */
  readonly by: ReadonlyArray<string>;
  /** Labels every alert of the scope carries (besides `severity`). */
  readonly alertLabels: Readonly<Record<string, string>>;
  /** How summaries name the scope. */
  readonly title: string;
  /**
   * A label whose matching values the recordings fold into one canonical value before summing (a
   * feature's key alias and its rotation aliases). @default - none
   */
  readonly canonical?: { readonly label: string; readonly value: string };
}

/**
 * The aliases a feature key has while it rotates: the new key waits as `<alias>@pending`, the previous one
 * keeps working as `<alias>@retired-<yyyymmddhhmmss>` during its grace period. Provenance: the
 * reconciler's naming (src/tenancy/lambdas/gateway-admin/lib/naming.js, `baseAlias`).
 */
export const KEY_ROTATION_ALIAS_SUFFIX = '@(pending|retired-[0-9]+)';

/** `text` as a literal inside an RE2 regular expression. */
export function regexLiteral(text: string): string {
  return text.replace(/[\\.*+?^${}()|[\]]/g, (c) => `\\${c}`);
}

/** A PromQL string literal. */
export function promString(value: string): string {
  return JSON.stringify(value);
}

function matcher(label: string, value: string): string {
  return `${label}=${promString(value)}`;
}

/** Joins matcher lists, skipping empty ones. */
export function joinMatchers(...parts: ReadonlyArray<string>): string {
  return parts.filter((p) => p.length > 0).join(', ');
}

/** A selector: `metric{matchers}`. */
export function sel(metric: string, ...matchers: ReadonlyArray<string>): string {
  return `${metric}{${joinMatchers(...matchers)}}`;
}

/** `by (a, b)`. */
export function byClause(by: ReadonlyArray<string>): string {
  return `by (${by.join(', ')})`;
}

function baseLabels(gateway: string, environment: string | undefined): Record<string, string> {
  return environment === undefined ? { gateway } : { gateway, environment };
}

export function gatewayScope(gateway: string, environment?: string): SloScope {
  return {
    level: 'gateway',
    recordPrefix: 'gateway',
    matchers: matcher(LABELS.gateway, gateway),
    selectorLabels: { [LABELS.gateway]: gateway },
    by: [LABELS.gateway],
    alertLabels: { ...baseLabels(gateway, environment), scope: 'gateway' },
    title: `gateway ${gateway}`,
  };
}

export function teamScope(gateway: string, team: string, environment?: string): SloScope {
  return {
    level: 'team',
    recordPrefix: 'gateway_team',
    matchers: joinMatchers(matcher(LABELS.gateway, gateway), matcher(LABELS.team, team)),
    selectorLabels: { [LABELS.gateway]: gateway, [LABELS.team]: team },
    by: [LABELS.gateway, LABELS.team],
    alertLabels: { ...baseLabels(gateway, environment), scope: 'team', team },
    title: `team ${team} on gateway ${gateway}`,
  };
}

/**
 * A feature is one virtual key; its series are selected by the key alias (unique in LiteLLM) and its
 * rotation aliases, which the recordings count as the feature.
 */
export function featureScope(gateway: string, team: string, feature: string, keyAlias: string, environment?: string): SloScope {
  return {
    level: 'feature',
    recordPrefix: 'gateway_feature',
    matchers: joinMatchers(matcher(LABELS.gateway, gateway), `${LABELS.feature}=~${promString(`${regexLiteral(keyAlias)}(${KEY_ROTATION_ALIAS_SUFFIX})?`)}`),
    canonical: { label: LABELS.feature, value: keyAlias },
    selectorLabels: { [LABELS.gateway]: gateway, [LABELS.feature]: keyAlias },
    by: [LABELS.gateway, LABELS.feature],
    alertLabels: { ...baseLabels(gateway, environment), scope: 'feature', team, feature },
    title: `feature ${feature} of team ${team} on gateway ${gateway}`,
  };
}

/**
 * User text placed in an annotation, where Prometheus expands Go templates: `{{` and `}}` are written
 * as template string literals so they come out verbatim (`{{x}}` in a URL fragment stays `{{x}}`).
 */
export function templateLiteral(text: string): string {
  return text.replace(/\{\{|\}\}/g, (m) => `{{ ${JSON.stringify(m)} }}`);
}
