import { Construct, type IConstruct } from 'constructs';
import { z } from 'zod';
import { drillProviderResources } from './lazy-resources';
import { AwsEnvironment } from '../../aws/environment';
import { PlatformKey } from '../../aws/kms-key';
import { EncryptedLogGroup } from '../../aws/log-group';
import { PermissionsBoundary, type BoundaryAllowStatement } from '../../aws/permissions-boundary';
import { Fn, TerraformStack } from '../../core/cdktf';
import { makeName, NameTarget } from '../../core/naming';
import { addStackFile } from '../../core/stack-files';
import { schemaFor, tokenOr, validateProps, withFix } from '../../core/validation';
import type { LlmGateway } from '../../gateway/llm-gateway';
import { BURN_RATE_WINDOWS, promNumber } from '../../observability/slo/burn-rate';
import type { SloObjectives } from '../../observability/slo/types';
import { vectorStoreNames } from '../readiness/derive';
import { gatewayReadinessFacts } from '../readiness/gateway-facts';

/** Props of `VectorStoreFailoverDrill`. */
export interface VectorStoreFailoverDrillProps {
  /**
   * Identifier of the Aurora PostgreSQL cluster to fail over (`vectorStoreNames(store).aurora.clusterIdentifier`).
   * The ARN is built in this stack from it, so the drill adds no cross-stack reference to the store's stack.
   */
  readonly auroraClusterIdentifier: string;
  /**
   * Name of the gateway's Application Load Balancer (`gatewayReadinessFacts(gateway).names.aws.loadBalancerName`):
   * its metrics feed the stop conditions. Looked up by name (a data source), again without a cross-stack reference.
   */
  readonly loadBalancerName: string;
  /** The objectives the stop conditions mirror. */
  readonly slo: SloObjectives;
  /** Readable parts of the resource names. @default [the construct id] */
  readonly nameParts?: ReadonlyArray<string>;
  /** More stop conditions: CloudWatch alarm ARNs (e.g. the application's own error alarm). @default [] */
  readonly additionalStopAlarmArns?: ReadonlyArray<string>;
  /** KMS key of the experiment log group (CloudWatch Logs must be allowed to use it). @default - a key created here */
  readonly logsKmsKeyArn?: string;
  /** Retention of the experiment log. @default 365 */
  readonly logRetentionDays?: number;
  /** Permissions boundary of the FIS role. @default - a boundary created here: exactly the role's own permissions */
  readonly permissionsBoundaryArn?: string;
}

const name = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, withFix('is not an identifier', 'pass the literal name, e.g. from vectorStoreNames(store) / gatewayReadinessFacts(gateway).names.aws'));
const propsSchema = schemaFor<VectorStoreFailoverDrillProps>()(z.strictObject({
  auroraClusterIdentifier: tokenOr(name),
  loadBalancerName: tokenOr(name),
  slo: z.strictObject({
    availability: z.number().gt(0.5, withFix('is not an availability objective', 'pass e.g. 0.999')).lt(1, withFix('must be below 1', 'pass e.g. 0.999')),
    latencyP95Ms: z.number().int().positive().max(600_000),
  }),
  nameParts: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/, withFix('is not a name part', 'use lowercase letters, digits and -'))).min(1).optional(),
  additionalStopAlarmArns: z.array(tokenOr(z.string().regex(/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/, withFix('is not a CloudWatch alarm ARN', 'pass arn:aws:cloudwatch:<region>:<account>:alarm:<name>')))).optional(),
  logsKmsKeyArn: tokenOr(z.string().regex(/^arn:aws[a-z-]*:kms:/, withFix('is not a KMS key ARN', 'pass arn:aws:kms:<region>:<account>:key/<id>'))).optional(),
  logRetentionDays: z.number().int().positive().optional(),
  permissionsBoundaryArn: tokenOr(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:policy\//, withFix('is not an IAM policy ARN', 'pass arn:aws:iam::<account>:policy/<name>'))).optional(),
}));

/** The FIS action that fails an Aurora cluster over to a reader (AWS FIS actions reference). */
export const AURORA_FAILOVER_ACTION = 'aws:rds:failover-db-cluster';
/** Stop-condition windows: 1-minute datapoints, 2 of the last 3 breaching. */
export const STOP_CONDITION = { periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 } as const;

/** What `VectorStoreFailoverDrill.forStack` derives the drill from. */
export interface VectorStoreFailoverDrillSource {
  /** The gateway whose load balancer metrics stop the drill (ECS Fargate). */
  readonly gateway: LlmGateway;
  /** The vector store (Aurora PostgreSQL) to fail over. @default - none: no drill */
  readonly vectorStore?: IConstruct;
  /** The objectives the stop conditions mirror. */
  readonly slo: SloObjectives;
}

/** Construct id of the one drill `forStack` creates per stack. */
export const VECTOR_STORE_DRILL_ID = 'VectorStoreFailoverDrill';

/**
 * Vector-store degradation drill on AWS: an AWS FIS experiment template that fails the Aurora PostgreSQL cluster
 * over to a reader (`aws:rds:failover-db-cluster`), stopped by CloudWatch alarms that mirror the SLO.
 *
 * FIS stops an experiment only on CloudWatch alarms, while the platform's SLO alerts are Prometheus rules, so
 * the drill creates two alarms on the gateway's load balancer (`AWS/ApplicationELB`): the 5xx ratio above the
 * fast-burn page threshold (14.4 × the error budget, the first row of the burn-rate table) and the p95 target
 * response time above the latency objective — each on 1-minute datapoints, 2 of 3 breaching. The FIS role may
 * fail over and describe exactly this cluster and deliver the experiment log; the experiment log goes to an
 * encrypted log group. Nothing runs until someone starts the experiment (`aws fis start-experiment`).
 */
export class VectorStoreFailoverDrill extends Construct {
  /**
   * The drill of the stack holding `scope` (one per stack: it fails over the shared cluster), created on first call
   * from the gateway's and the store's literal names. `undefined` when the drill does not apply: a gateway without an
   * Application Load Balancer (not ECS Fargate) or a store that is not Aurora.
   */
  public static forStack(scope: IConstruct, source: VectorStoreFailoverDrillSource): VectorStoreFailoverDrill | undefined {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(VECTOR_STORE_DRILL_ID);
    if (existing instanceof VectorStoreFailoverDrill) return existing;
    const aurora = source.vectorStore ? vectorStoreNames(source.vectorStore).aurora : undefined;
    const loadBalancerName = gatewayReadinessFacts(source.gateway).names.aws?.loadBalancerName;
    if (!aurora || !loadBalancerName) return undefined;
    return new VectorStoreFailoverDrill(stack, VECTOR_STORE_DRILL_ID, {
      auroraClusterIdentifier: aurora.clusterIdentifier,
      loadBalancerName,
      slo: source.slo,
      nameParts: [stack.node.id.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 30) || 'team', 'vectors'],
    });
  }

  /** The experiment template (start it with `aws fis start-experiment --experiment-template-id <id>`). */
  public readonly experimentTemplateId: string;
  /** The stop-condition alarms, by SLO. */
  public readonly alarmArns: { readonly availability: string; readonly latency: string };
  /** ARN of the cluster the drill fails over. */
  public readonly clusterArn: string;
  /** The FIS role. */
  public readonly roleArn: string;
  /** The drill's page, relative to the stack's folder. */
  public readonly pagePath: string;

  constructor(scope: Construct, id: string, props: VectorStoreFailoverDrillProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const { CloudwatchMetricAlarm, DataAwsLb, FisExperimentTemplate, IamRole, IamRolePolicy } = drillProviderResources();
    const env = AwsEnvironment.of(this);
    const parts = [...(p.nameParts ?? [id.toLowerCase().replace(/[^a-z0-9-]/g, '-')])];
    this.clusterArn = env.arn('rds', `cluster:${p.auroraClusterIdentifier}`);

    // ---- Stop conditions: CloudWatch alarms mirroring the SLO ---------------------------------------
    const lb = new DataAwsLb(this, 'LoadBalancer', { name: p.loadBalancerName });
    const dimensions = { LoadBalancer: lb.arnSuffix };
    const albMetric = (metricName: string) => ({
      metricName, namespace: 'AWS/ApplicationELB', period: STOP_CONDITION.periodSeconds, stat: 'Sum', dimensions,
    });
    const fastBurn = BURN_RATE_WINDOWS[0];
    const errorThreshold = Number(promNumber(fastBurn.burnRate * (1 - p.slo.availability)));
    const common = {
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: STOP_CONDITION.evaluationPeriods,
      datapointsToAlarm: STOP_CONDITION.datapointsToAlarm,
      // No traffic is not an outage: an idle gateway must not stop (or block) a drill.
      treatMissingData: 'notBreaching',
    };
    const availability = new CloudwatchMetricAlarm(this, 'AvailabilityAlarm', {
      ...common,
      alarmName: makeName(NameTarget.LAMBDA, ...parts, 'availability'),
      alarmDescription: `Stop condition of the vector-store failover drill: the gateway's 5xx ratio is above ${errorThreshold} ` +
        `(${fastBurn.burnRate} x the error budget of the ${p.slo.availability} availability SLO, the fast-burn page threshold).`,
      threshold: errorThreshold,
      metricQuery: [
        { id: 'targetErrors', metric: albMetric('HTTPCode_Target_5XX_Count'), returnData: false },
        { id: 'lbErrors', metric: albMetric('HTTPCode_ELB_5XX_Count'), returnData: false },
        { id: 'requests', metric: albMetric('RequestCount'), returnData: false },
        {
          id: 'errorRatio',
          label: '5xx ratio',
          expression: 'IF(FILL(requests, 0) > 0, (FILL(targetErrors, 0) + FILL(lbErrors, 0)) / FILL(requests, 0), 0)',
          returnData: true,
        },
      ],
    });
    const latency = new CloudwatchMetricAlarm(this, 'LatencyAlarm', {
      ...common,
      alarmName: makeName(NameTarget.LAMBDA, ...parts, 'latency'),
      alarmDescription: `Stop condition of the vector-store failover drill: the gateway's p95 target response time is above the ${p.slo.latencyP95Ms} ms latency objective.`,
      namespace: 'AWS/ApplicationELB',
      metricName: 'TargetResponseTime',
      dimensions,
      period: STOP_CONDITION.periodSeconds,
      extendedStatistic: 'p95',
      threshold: p.slo.latencyP95Ms / 1000,
    });
    this.alarmArns = { availability: availability.arn, latency: latency.arn };

    // ---- Experiment log ---------------------------------------------------------------------------
    const logsKey = p.logsKmsKeyArn ?? new PlatformKey(this, 'LogsKey', {
      description: `Encrypts the log of the ${parts.join('-')} failover drill`,
      nameParts: [...parts, 'logs'],
      servicePrincipals: ['logs'],
    }).keyArn;
    const logs = new EncryptedLogGroup(this, 'Logs', { nameParts: [...parts, 'fis'], kmsKeyArn: logsKey, retentionInDays: p.logRetentionDays });

    // ---- The FIS role: this cluster only, plus log delivery -----------------------------------------
    const statements: BoundaryAllowStatement[] = [
      { Sid: 'FailOverThisCluster', Action: ['rds:FailoverDBCluster', 'rds:DescribeDBClusters'], Resource: this.clusterArn },
      // Vended-log delivery (CloudWatch Logs user guide, "Logs sent to CloudWatch Logs": the four permissions to
      // set up delivery). The delivery API is account-scoped and takes no resource-level permissions...
      { Sid: 'DeliverExperimentLog', Action: 'logs:CreateLogDelivery', Resource: '*' },
      // ...and the first delivery adds the delivery service to the group's resource policy; the guide asks for the
      // log-group:* wildcard on these, not one group.
      { Sid: 'LogGroupResourcePolicy', Action: ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'], Resource: env.arn('logs', 'log-group:*') },
    ];
    const boundary = p.permissionsBoundaryArn ?? new PermissionsBoundary(this, 'Boundary', {
      nameParts: [...parts, 'fis'],
      description: 'Ceiling of the failover drill\'s FIS role: fail over one Aurora cluster, deliver its experiment log',
      allow: statements,
    }).arn;
    const role = new IamRole(this, 'Role', {
      name: makeName(NameTarget.IAM_ROLE, ...parts, 'fis'),
      description: 'AWS FIS: fails over one Aurora cluster for the vector-store degradation drill',
      permissionsBoundary: boundary,
      assumeRolePolicy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': env.account } },
        }],
      }),
    });
    const policy = new IamRolePolicy(this, 'Policy', {
      name: 'failover-drill',
      role: role.name,
      policy: Fn.jsonencode({ Version: '2012-10-17', Statement: statements.map((s) => ({ Sid: s.Sid, Effect: 'Allow', Action: s.Action, Resource: s.Resource })) }),
    });
    this.roleArn = role.arn;

    // ---- The experiment template ---------------------------------------------------------------------
    const template = new FisExperimentTemplate(this, 'Resource', {
      description: `Vector-store degradation drill: fail over Aurora cluster ${p.auroraClusterIdentifier}; stops when the gateway breaches its SLO`,
      roleArn: role.arn,
      target: [{ name: 'VectorStoreCluster', resourceType: 'aws:rds:cluster', selectionMode: 'ALL', resourceArns: [this.clusterArn] }],
      action: [{ name: 'FailOverCluster', actionId: AURORA_FAILOVER_ACTION, target: { key: 'Clusters', value: 'VectorStoreCluster' } }],
      stopCondition: [
        { source: 'aws:cloudwatch:alarm', value: availability.arn },
        { source: 'aws:cloudwatch:alarm', value: latency.arn },
        ...(p.additionalStopAlarmArns ?? []).map((arn) => ({ source: 'aws:cloudwatch:alarm', value: arn })),
      ],
      // FIS takes the log group ARN with the `:*` stream suffix (terraform-provider-aws docs example).
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logs.arn}:*` } },
      tags: { Name: makeName(NameTarget.LAMBDA, ...parts) },
      dependsOn: [policy],
    });
    this.experimentTemplateId = template.id;

    this.pagePath = `drills/${parts.join('-')}-vector-store-failover.md`;
    addStackFile(TerraformStack.of(this), this.pagePath, () => renderVectorStoreFailoverDrill({
      name: makeName(NameTarget.LAMBDA, ...parts),
      clusterIdentifier: p.auroraClusterIdentifier,
      loadBalancerName: p.loadBalancerName,
      errorThreshold,
      latencyP95Ms: p.slo.latencyP95Ms,
    }));
  }
}

/** What the drill page says; pure. */
export interface VectorStoreFailoverDrillPage {
  readonly name: string;
  readonly clusterIdentifier: string;
  readonly loadBalancerName: string;
  readonly errorThreshold: number;
  readonly latencyP95Ms: number;
}

/** The drill's page beside the stack's `cdk.tf.json`: how to start it, what stops it, what to expect. */
export function renderVectorStoreFailoverDrill(d: VectorStoreFailoverDrillPage): string {
  return [
    `# Drill: vector-store failover (${d.name})`,
    '',
    `Fails Aurora cluster \`${d.clusterIdentifier}\` over to a reader with AWS FIS (\`${AURORA_FAILOVER_ACTION}\`). ` +
      'Writes fail for a short time (typically under a minute) while a reader is promoted; readers keep answering.',
    '',
    '```bash',
    `TEMPLATE="$(aws fis list-experiment-templates --query "experimentTemplates[?tags.Name=='${d.name}'].id | [0]" --output text)"`,
    'aws fis start-experiment --experiment-template-id "$TEMPLATE"',
    'aws fis get-experiment --id <experiment id>   # state: running / completed / stopped',
    '```',
    '',
    `Stops by itself when, on load balancer \`${d.loadBalancerName}\`, 2 of 3 one-minute datapoints show a 5xx ratio above ${d.errorThreshold} ` +
      `or a p95 response time above ${d.latencyP95Ms} ms (CloudWatch alarms mirroring the SLO: FIS reads only CloudWatch alarms, the SLO alerts are Prometheus rules).`,
    '',
    'Expect: the feature\'s retrieval errors for under a minute, no page, the experiment log in the drill\'s log group. ' +
      'If a stop condition fires, read the runbook\'s "Vector store degradation" section.',
    '',
  ].join('\n');
}
