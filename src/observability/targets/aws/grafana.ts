import { Construct, type IConstruct } from 'constructs';
import { AwsEnvironment, PermissionsBoundary } from '../../../aws';
import { makeName, NameTarget } from '../../../core';
import { TerraformStack } from '../../../core/cdktf';
import { GrafanaDataSource, GrafanaFolder, GrafanaProvider } from '../../grafana/resources';
import type { AwsManagedGrafanaOptions } from '../aws';
import { DashboardFolder } from '../contract';
import { awsObservabilityResources } from './audit';

/** Uid of the Amazon Managed Prometheus data source (the dashboards' `datasourceUid`). */
export const AMP_DATASOURCE_UID = 'llm-platform-amp';

/** Folders with fixed uids, so dashboards in other stacks name them without a cross-stack reference. */
export const GRAFANA_FOLDERS: Readonly<Record<DashboardFolder, { readonly uid: string; readonly title: string }>> = {
  [DashboardFolder.PLATFORM]: { uid: 'llm-platform', title: 'LLM platform' },
  [DashboardFolder.TEAMS]: { uid: 'llm-platform-teams', title: 'LLM platform / teams' },
};

/** Grafana's supported version on Amazon Managed Grafana the dashboards target (Foundation SDK: best with ≥ 10). */
const GRAFANA_VERSION = '10.4';
const PROVIDER_ID = 'LlmPlatformGrafana';

export interface AwsManagedGrafanaProps {
  readonly baseName: string;
  readonly options: AwsManagedGrafanaOptions;
  readonly workspaceArn: string;
  readonly prometheusEndpoint: string;
  readonly permissionsBoundaryArn?: string;
}

/**
 * A private Amazon Managed Grafana workspace: IAM Identity Center sign-in, network access only from the
 * listed VPC endpoints / prefix lists, a customer-managed role that may query exactly one Prometheus
 * workspace, and a service-account token for the `grafana` provider.
 *
 * **The token is in Terraform state** (`aws_grafana_workspace_service_account_token.key`, and the outputs
 * team stacks read): AWS issues no other credential the provider can use, and tokens live at most 30 days.
 * Replace it before it expires with `terraform apply -replace=<its address>`.
 */
export class AwsManagedGrafana extends Construct {
  public readonly workspaceId: string;
  /** `https://<workspace endpoint>`. */
  public readonly url: string;
  /** The service-account token (sensitive). */
  public readonly token: string;
  public readonly folders: Record<DashboardFolder, GrafanaFolder>;
  private readonly workspaceType: string;
  private readonly workspaceUniqueId: string;
  private readonly tokenType: string;
  private readonly tokenUniqueId: string;

  constructor(scope: Construct, id: string, props: AwsManagedGrafanaProps) {
    super(scope, id);
    const r = awsObservabilityResources();
    const env = AwsEnvironment.of(this);
    const o = props.options;

    const queryActions = ['aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'];
    // Without a boundary of yours, the role gets one that allows exactly what it needs (plus the construct's
    // escalation denies): whoever can edit its policy cannot grant it more.
    const boundaryArn = props.permissionsBoundaryArn ?? new PermissionsBoundary(this, 'Boundary', {
      nameParts: [props.baseName, 'grafana'],
      description: 'Ceiling of the LLM platform Managed Grafana role: query the platform Prometheus workspace',
      allow: [{ Sid: 'QueryPlatformMetrics', Action: queryActions, Resource: props.workspaceArn }],
    }).arn;
    const role = new r.IamRole(this, 'Role', {
      name: makeName(NameTarget.IAM_ROLE, props.baseName, 'grafana'),
      description: 'Amazon Managed Grafana: queries the LLM platform Prometheus workspace',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'grafana.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
        }],
      }),
      permissionsBoundary: boundaryArn,
    });
    new r.IamRolePolicy(this, 'RolePolicy', {
      name: 'query-prometheus',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Sid: 'QueryPlatformMetrics',
          Effect: 'Allow',
          Action: queryActions,
          Resource: props.workspaceArn,
        }],
      }),
    });
    const workspace = new r.GrafanaWorkspace(this, 'Workspace', {
      name: makeName(NameTarget.GCP_RESOURCE, props.baseName, 'llm'),
      description: 'LLM platform dashboards',
      accountAccessType: 'CURRENT_ACCOUNT',
      authenticationProviders: ['AWS_SSO'],
      // SERVICE_MANAGED is console-only; the API needs a customer-managed role (CreateWorkspace `permissionType`).
      permissionType: 'CUSTOMER_MANAGED',
      roleArn: role.arn,
      dataSources: ['PROMETHEUS'],
      grafanaVersion: GRAFANA_VERSION,
      // Only the listed endpoints and ranges; an empty list allows none (AMG NetworkAccessConfiguration).
      networkAccessControl: { vpceIds: [...(o.allowedVpcEndpointIds ?? [])], prefixListIds: [...(o.allowedPrefixListIds ?? [])] },
    });
    this.workspaceId = workspace.id;
    this.url = `https://${workspace.endpoint}`;
    this.workspaceType = workspace.terraformResourceType;
    this.workspaceUniqueId = workspace.friendlyUniqueId;
    const groups: Array<[string, ReadonlyArray<string> | undefined]> = [['ADMIN', o.adminGroupIds], ['EDITOR', o.editorGroupIds], ['VIEWER', o.viewerGroupIds]];
    for (const [roleName, ids] of groups) {
      if (!ids || ids.length === 0) continue;
      new r.GrafanaRoleAssociation(this, `${roleName[0]}${roleName.slice(1).toLowerCase()}Groups`, { workspaceId: workspace.id, role: roleName, groupIds: [...ids] });
    }

    const account = new r.GrafanaWorkspaceServiceAccount(this, 'ServiceAccount', { name: 'terraform', grafanaRole: 'ADMIN', workspaceId: workspace.id });
    const token = new r.GrafanaWorkspaceServiceAccountToken(this, 'Token', {
      name: 'terraform',
      serviceAccountId: account.serviceAccountId,
      workspaceId: workspace.id,
      secondsToLive: (o.tokenTtlDays ?? 30) * 86_400,
    });
    this.token = token.key;
    this.tokenType = token.terraformResourceType;
    this.tokenUniqueId = token.friendlyUniqueId;

    const provider = grafanaProviderFor(this, this);
    new GrafanaDataSource(this, 'PrometheusDataSource', {
      provider,
      name: 'Amazon Managed Prometheus (LLM platform)',
      type: 'prometheus',
      uid: AMP_DATASOURCE_UID,
      url: props.prometheusEndpoint,
      isDefault: true,
      // SigV4 with the workspace role ("Workspace IAM role" = EC2RoleProvider: sigV4AuthType "ec2", Grafana docs "AWS authentication").
      jsonDataEncoded: JSON.stringify({ httpMethod: 'POST', sigV4Auth: true, sigV4AuthType: 'ec2', sigV4Region: env.region }),
    });
    this.folders = {
      [DashboardFolder.PLATFORM]: new GrafanaFolder(this, 'PlatformFolder', { provider, ...GRAFANA_FOLDERS[DashboardFolder.PLATFORM] }),
      [DashboardFolder.TEAMS]: new GrafanaFolder(this, 'TeamsFolder', { provider, ...GRAFANA_FOLDERS[DashboardFolder.TEAMS] }),
    };
  }

  /** Exports the workspace endpoint and the token for team stacks (a fixed set, see AwsObservability). */
  public exportForTeams(stack: TerraformStack): void {
    stack.registerOutgoingCrossStackReference(`${this.workspaceType}.${this.workspaceUniqueId}.endpoint`);
    stack.registerOutgoingCrossStackReference(`${this.tokenType}.${this.tokenUniqueId}.key`);
  }
}

/** The stack's `grafana` provider for the workspace (one per stack, created on first use). */
export function grafanaProviderFor(scope: IConstruct, grafana: AwsManagedGrafana): GrafanaProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(PROVIDER_ID);
  if (existing instanceof GrafanaProvider) return existing;
  return new GrafanaProvider(stack, PROVIDER_ID, { url: grafana.url, auth: grafana.token });
}
