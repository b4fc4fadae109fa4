import { z } from 'zod';
import { issuesToProblems, ProblemCollector, schemaFor, tokenOr, withFix, type ValidationProblem } from '../../core';
import { type AuditTrailOptions, auditOptionsSchema } from '../audit-options';
import { AwsObservability } from './aws/platform';
import type { IObservabilityTarget, ObservabilityContext, ObservabilityTargetBinding } from './contract';

/** Amazon Managed Grafana. */
export interface AwsManagedGrafanaOptions {
  /** Create the workspace and provision the dashboards in it. @default true */
  readonly enabled?: boolean;
  /**
   * Interface VPC endpoints (`com.amazonaws.<region>.grafana-workspace`) allowed to reach the workspace.
   * The workspace has no public access: at least one endpoint or prefix list is required, and Terraform
   * must reach the workspace through one of them to provision dashboards.
   * @default []
   */
  readonly allowedVpcEndpointIds?: ReadonlyArray<string>;
  /** Managed prefix lists (e.g. your corporate ranges) allowed to reach the workspace. @default [] */
  readonly allowedPrefixListIds?: ReadonlyArray<string>;
  /** IAM Identity Center group ids that administer the workspace. @default [] */
  readonly adminGroupIds?: ReadonlyArray<string>;
  /** IAM Identity Center group ids that edit dashboards. @default [] */
  readonly editorGroupIds?: ReadonlyArray<string>;
  /** IAM Identity Center group ids that view dashboards. @default [] */
  readonly viewerGroupIds?: ReadonlyArray<string>;
  /**
   * Lifetime of the service-account token the grafana provider authenticates with (AWS allows at most 30
   * days). The token is in Terraform state; replace it before it expires (`terraform apply -replace=...`).
   * @default 30
   */
  readonly tokenTtlDays?: number;
}

/** Props of `ObservabilityTarget.aws`. */
export interface AwsObservabilityTargetProps {
  /** Amazon Managed Grafana. @default - a workspace; pass `allowedVpcEndpointIds` or `allowedPrefixListIds` */
  readonly grafana?: AwsManagedGrafanaOptions;
  /** Export LiteLLM's traces to AWS X-Ray (content stripped unless the gateway allows message logging). @default true */
  readonly tracing?: boolean;
  /** The audit trail (S3 Object Lock bucket + Athena table). @default - on, 365 days, COMPLIANCE mode */
  readonly audit?: AuditTrailOptions;
  /** Retention of the Prometheus workspace's and the collectors' logs. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Permissions boundary for the roles this target creates (the Grafana workspace role).
   * @default - a boundary allowing exactly the role's own permissions
   */
  readonly permissionsBoundaryArn?: string;
}

const ID_LIST = z.array(z.string().min(1));
const grafanaSchema = schemaFor<AwsManagedGrafanaOptions>()(z.strictObject({
  enabled: z.boolean().optional(),
  allowedVpcEndpointIds: ID_LIST.optional(),
  allowedPrefixListIds: ID_LIST.optional(),
  adminGroupIds: ID_LIST.optional(),
  editorGroupIds: ID_LIST.optional(),
  viewerGroupIds: ID_LIST.optional(),
  tokenTtlDays: z.number().int().min(1).max(30, withFix('is more than 30 days', 'Amazon Managed Grafana tokens live at most 30 days (2592000 seconds)')).optional(),
}));

const propsSchema = schemaFor<AwsObservabilityTargetProps>()(z.strictObject({
  grafana: grafanaSchema.optional(),
  tracing: z.boolean().optional(),
  audit: auditOptionsSchema.optional(),
  logRetentionDays: z.number().int().min(1).optional(),
  permissionsBoundaryArn: tokenOr(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:policy\/.+$/, withFix('is not an IAM policy ARN', 'pass arn:aws:iam::<account>:policy/<name>'))).optional(),
}));

/** Amazon Managed Service for Prometheus, Managed Grafana, SNS, X-Ray and an S3/Athena audit trail. */
export class AwsObservabilityTarget implements IObservabilityTarget {
  public readonly kind = 'aws';

  constructor(private readonly props: AwsObservabilityTargetProps) {}

  public validate(): ReadonlyArray<ValidationProblem> {
    const result = propsSchema.safeParse(this.props);
    if (!result.success) return issuesToProblems(result.error.issues, this.props);
    const p = new ProblemCollector();
    const g = result.data.grafana ?? {};
    if ((g.enabled ?? true) && (g.allowedVpcEndpointIds ?? []).length === 0 && (g.allowedPrefixListIds ?? []).length === 0) {
      p.add(
        'grafana',
        g,
        'allows no network to reach the Managed Grafana workspace (it has no public access)',
        'pass grafana.allowedVpcEndpointIds (an interface endpoint for com.amazonaws.<region>.grafana-workspace) or grafana.allowedPrefixListIds, or set grafana.enabled: false and use the dashboard JSON files',
      );
    }
    return [...p.problems];
  }

  public bind(context: ObservabilityContext): ObservabilityTargetBinding {
    return new AwsObservability(context.scope, 'Aws', this.props, context).binding;
  }
}
