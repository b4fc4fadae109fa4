import type { Construct } from 'constructs';
import type { OwnershipTags, ValidationProblem } from '../../core';
import type { LlmGateway } from '../../gateway/llm-gateway';
import type { AlertChannel } from '../alert-channel';
import type { RuleGroup, SloObjectives } from '../slo/types';

/**
 * The contract between the target-independent `ObservabilityStack` and one target (AWS, GCP, Kubernetes).
 * The stack renders rules and dashboards (pure code) and hands them to the target, which provisions them
 * where that target keeps rules and dashboards, in the stack of the scope it is given.
 */

/** A Grafana dashboard model (the JSON `grafana_dashboard.config_json` takes). */
export type DashboardJson = Readonly<Record<string, unknown>> & { readonly uid?: string; readonly title?: string };

/** What the stack hands the target at binding time. */
export interface ObservabilityContext {
  /** The ObservabilityStack construct (platform-level resources go under it). */
  readonly scope: Construct;
  /** Readable base for resource names. */
  readonly baseName: string;
  readonly slo: SloObjectives;
  readonly page: ReadonlyArray<AlertChannel>;
  readonly ticket: ReadonlyArray<AlertChannel>;
  readonly tags: OwnershipTags;
}

/** Options of one gateway being instrumented. */
export interface InstrumentOptions {
  /** The `gateway` label value (the gateway's name). */
  readonly gatewayName: string;
  /** The gateway lets logging callbacks see messages: keep content on spans. */
  readonly keepMessageContent: boolean;
  /** `environment` tag of the gateway, when set (`OTEL_ENVIRONMENT_NAME`). */
  readonly environment?: string;
}

/** What a bound target offers the stack. */
export interface ObservabilityTargetBinding {
  /** The construct the target created its platform resources under (for suppressions and escape hatches). */
  readonly construct: Construct;
  /** Facts about the target: `datasourceUid` (what dashboards query), resource ids for tests. */
  readonly outputs: Readonly<Record<string, string | undefined>>;
  /** Metrics, traces and audit trail of one gateway: sidecar, environment, callbacks, permissions. */
  instrument(gateway: LlmGateway, options: InstrumentOptions): void;
  /**
   * Provisions rule groups under `name` in the stack of `scope`, referencing only the fixed platform
   * outputs (so a team's rules can live in the team's stack).
   */
  addRuleGroups(scope: Construct, id: string, name: string, groups: ReadonlyArray<RuleGroup>): void;
  /**
   * Provisions a dashboard in the stack of `scope` (same constraint as `addRuleGroups`). `dashboard` is
   * called at synthesis (a team dashboard gains rows as features are added).
   */
  addDashboard(scope: Construct, id: string, dashboard: () => DashboardJson, folder: DashboardFolder): void;
}

/** Which folder a dashboard goes to. */
export enum DashboardFolder {
  PLATFORM = 'platform',
  TEAMS = 'teams',
}

/** A target implementation. */
export interface IObservabilityTarget {
  readonly kind: 'aws' | 'gcp' | 'kubernetes';
  /** Problems with the target's own props (reported with the stack's other problems). */
  validate(): ReadonlyArray<ValidationProblem>;
  /** Creates the platform-level resources. Called once, from the ObservabilityStack constructor. */
  bind(context: ObservabilityContext): ObservabilityTargetBinding;
}
