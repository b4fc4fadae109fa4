/**
 * Helpers that derive parts of `FeatureReadinessFacts` from the constructs a feature uses, so
 * `StandardLlmFeature.readinessFacts()` stays a list of assignments.
 */
import type { IConstruct } from 'constructs';
import { evidence, fact, type ObservabilityFacts, type VectorStoreNames } from './facts';
import { dig, literalString, providerConfig, terraformBlocks } from './terraform-blocks';
import { TerraformStack } from '../../core/cdktf';
import { DASHBOARD_DIR } from '../../observability/dashboard-files';
import { featureRuleGroups, type FeatureRuleGroupsInput } from '../../observability/slo/rule-groups';
import { isAlertingRule } from '../../observability/slo/types';

/** What `observabilityReadinessFacts` needs: the team dashboard and the feature's rule input. */
export interface ObservabilityReadinessInput {
  /** `TeamObservability.dashboardUid`. */
  readonly dashboardUid: string;
  /** Grafana URL of the dashboard, when it is a literal. @default - none */
  readonly dashboardUrl?: string;
  /** The same input the feature's rules were rendered from (`TeamObservability.addFeature` renders `featureRuleGroups` of it). */
  readonly rules: FeatureRuleGroupsInput;
}

/**
 * The feature's observability facts: its alerts are read from the rule groups the observability layer renders
 * for the same input (so the report lists exactly the alerts deployed), the dashboard by uid and file.
 */
export function observabilityReadinessFacts(input: ObservabilityReadinessInput): ObservabilityFacts {
  const [group] = featureRuleGroups(input.rules);
  const alerts = [...new Set(group.rules.filter(isAlertingRule).map((r) => r.alert))].sort();
  const file = `${DASHBOARD_DIR}/${input.dashboardUid}.json`;
  return {
    dashboard: fact({ uid: input.dashboardUid, file, ...(input.dashboardUrl ? { url: input.dashboardUrl } : {}) },
      evidence.dashboard(input.dashboardUid, 'team dashboard, one row per feature'), evidence.file(file)),
    alerts: fact(alerts, ...alerts.map((a) => evidence.alert(a, `rule group ${group.name}`))),
    ruleGroup: group.name,
    slo: fact({ ...input.rules.slo }, evidence.prop('props.slo')),
    ...(input.rules.monthlyBudgetUsd !== undefined ? { monthlyBudgetUsd: input.rules.monthlyBudgetUsd } : {}),
  };
}

/**
 * Literal names of a vector store for the runbook and the drills: the Aurora cluster identifier (and region),
 * the Cloud SQL instance, or the Qdrant release. Read from the store's resources; `{}` when none is literal.
 */
export function vectorStoreNames(store: IConstruct): VectorStoreNames {
  const blocks = terraformBlocks(store);
  const aurora = blocks.find((b) => b.type === 'aws_rds_cluster');
  if (aurora) {
    const id = literalString(aurora.config().cluster_identifier);
    const region = literalString(dig(providerConfig(TerraformStack.of(store), 'aws'), 'region'));
    return id ? { aurora: { clusterIdentifier: id, ...(region ? { region } : {}) } } : {};
  }
  const sql = blocks.find((b) => b.type === 'google_sql_database_instance');
  if (sql) {
    const instance = literalString(sql.config().name);
    const project = literalString(sql.config().project);
    return instance && project ? { cloudSql: { project, instance } } : {};
  }
  const release = blocks.find((b) => b.type === 'helm_release');
  if (release) {
    const name = literalString(release.config().name);
    const namespace = literalString(release.config().namespace);
    return name && namespace ? { qdrant: { namespace, releaseName: name } } : {};
  }
  return {};
}
