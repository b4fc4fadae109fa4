import { Construct, type IConstruct } from 'constructs';
import type { EvalDataset } from './dataset';
import { probeRunBudgetSeconds, type EvaluationManifest } from './manifest';
import { EVAL_PROBE_HANDLER, EVAL_PROBE_LAMBDA_RUNTIME, EvalProbeEnv } from './probe-asset';
import { stagedProbeDir } from './probe-files';
import { AwsEnvironment } from '../aws/environment';
import { PlatformKey } from '../aws/kms-key';
import { lambdaCodeAsset } from '../aws/lambda-code';
import { EncryptedLogGroup } from '../aws/log-group';
import { boundaryAllowFromStatements, PermissionsBoundary } from '../aws/permissions-boundary';
import { Fn, TerraformStack } from '../core/cdktf';
import { makeName, NameTarget } from '../core/naming';

type Statement = Record<string, unknown>;

/** The team-stack parts every AWS probe of the team shares: one KMS key and one security group. */
export interface AwsProbeNetwork {
  readonly vpcId: string;
  /** The gateway's private subnets (the probe runs where the gateway's callers run). */
  readonly subnetIds: ReadonlyArray<string>;
  /** The tenancy's caller security group, which the gateway's inference listener admits. */
  readonly callerSecurityGroupId: string;
}

/** Props of `AwsEvaluationProbe`. */
export interface AwsEvaluationProbeProps {
  readonly manifest: EvaluationManifest;
  readonly dataset: EvalDataset;
  /** The gateway's caller endpoint (inference routes), a literal `https://` URL. */
  readonly gatewayUrl: string;
  /** Certificate name when the URL uses another DNS name. @default - the URL's host */
  readonly gatewayTlsServerName?: string;
  /** The feature key's secret (exact ARN; its `api_key` field) and the KMS key encrypting it. */
  readonly keySecretArn: string;
  readonly keySecretKmsKeyArn: string;
  readonly network: AwsProbeNetwork;
  /** The platform's Amazon Managed Prometheus workspace id: the probe remote-writes its figures there. */
  readonly prometheusWorkspaceId: string;
  /** @default - a boundary of exactly the probe's own permissions */
  readonly permissionsBoundaryArn?: string;
  /** @default 365 */
  readonly logRetentionDays?: number;
}

/** Lambda's longest timeout: a probe whose worst case does not fit is refused at synthesis. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * The team stack's shared parts of its probes, created with the first probe: a KMS key (logs, function
 * environments, dead-letter queues) and a security group allowing HTTPS out (the gateway's listener, AWS APIs).
 */
class AwsProbeShared extends Construct {
  public static of(scope: IConstruct, network: AwsProbeNetwork, baseName: string): AwsProbeShared {
    const stack = TerraformStack.of(scope);
    // Stable id: the key is state (it encrypts every probe's logs).
    return (stack.node.tryFindChild('LlmEvaluationProbes') as AwsProbeShared | undefined) ?? new AwsProbeShared(stack, 'LlmEvaluationProbes', network, baseName);
  }

  public readonly key: PlatformKey;
  public readonly securityGroupId: string;

  private constructor(scope: Construct, id: string, network: AwsProbeNetwork, baseName: string) {
    super(scope, id);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SecurityGroup, VpcSecurityGroupEgressRule } = require('./probe-aws-resources') as typeof import('./probe-aws-resources');
    this.key = new PlatformKey(this, 'Key', {
      description: `Evaluation probes of ${baseName}: logs, function environments, dead-letter queues`,
      nameParts: [baseName, 'eval'],
      servicePrincipals: ['logs'],
    });
    const sg = new SecurityGroup(this, 'SecurityGroup', {
      name: makeName(NameTarget.SECURITY_GROUP, baseName, 'eval-probes'),
      description: `Evaluation probes of ${baseName}: HTTPS to the gateway and to AWS APIs`,
      vpcId: network.vpcId,
    });
    new VpcSecurityGroupEgressRule(this, 'EgressHttps', {
      securityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
      description: 'HTTPS to the gateway (caller listener) and to AWS APIs (Secrets Manager, Amazon Managed Prometheus)',
    });
    this.securityGroupId = sg.id;
  }
}

/**
 * One feature's evaluation probe on AWS, in the team's stack: EventBridge Scheduler invokes a Lambda function in
 * the gateway's private subnets on the probe's schedule. The function carries its golden set and manifest in its
 * code, reads exactly the feature's key secret, calls the gateway's caller endpoint with it (attributed, limited
 * and budgeted like the feature's own calls), and remote-writes the run's figures to the platform's Amazon
 * Managed Prometheus workspace (SigV4, `aps:RemoteWrite` on that workspace only).
 *
 * Failure handling: a failed run is not retried (the next scheduled run is the retry, and a rerun would double the
 * figures); the scheduler retries a failed delivery twice; failed deliveries and failed runs land in a KMS-encrypted
 * dead-letter queue; the stale-probe alert reports a probe that stops reporting. Logs: JSON to a KMS-encrypted log
 * group with retention (counts and ratios only, no prompt or response unless the gateway logs messages). Traces:
 * X-Ray, active.
 */
export class AwsEvaluationProbe extends Construct {
  public readonly functionName: string;
  public readonly functionArn: string;
  public readonly scheduleName: string;
  /** Terraform addresses are read from the subtree (readiness evidence). */
  public readonly function: import('@cdktf/provider-aws/lib/lambda-function').LambdaFunction;
  public readonly schedule: import('@cdktf/provider-aws/lib/scheduler-schedule').SchedulerSchedule;

  constructor(scope: Construct, id: string, props: AwsEvaluationProbeProps) {
    super(scope, id);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const r = require('./probe-aws-resources') as typeof import('./probe-aws-resources');
    const m = props.manifest;
    const env = AwsEnvironment.of(this);
    const base = makeName(NameTarget.LAMBDA, m.gateway, m.team);
    const parts = [m.gateway, m.team, m.feature, 'eval'];
    const shared = AwsProbeShared.of(this, props.network, base);
    const keyArn = shared.key.keyArn;
    const timeout = probeRunBudgetSeconds(m);

    const functionName = makeName(NameTarget.LAMBDA, ...parts);
    const scheduleName = makeName(NameTarget.LAMBDA, ...parts);
    this.scheduleName = scheduleName;
    const functionArn = env.arn('lambda', `function:${functionName}`);
    const scheduleArn = env.arn('scheduler', `schedule/default/${scheduleName}`);
    const workspaceArn = env.arn('aps', `workspace/${props.prometheusWorkspaceId}`);
    const remoteWriteUrl = `https://aps-workspaces.${env.region}.${env.dnsSuffix}/workspaces/${props.prometheusWorkspaceId}/api/v1/remote_write`;

    const logs = new EncryptedLogGroup(this, 'Logs', { nameParts: parts, kmsKeyArn: keyArn, retentionInDays: props.logRetentionDays ?? 365 });
    const dlq = new r.SqsQueue(this, 'DeadLetterQueue', {
      name: makeName(NameTarget.LAMBDA, ...parts, 'dlq'),
      kmsMasterKeyId: keyArn,
      kmsDataKeyReusePeriodSeconds: 3600,
      // Two weeks to look at a failed run or delivery before it expires.
      messageRetentionSeconds: 1_209_600,
    });
    const viaSqs = { StringEquals: { 'kms:ViaService': `sqs.${env.region}.${env.dnsSuffix}` } };
    const deadLetter: Statement[] = [
      { Sid: 'DeadLetter', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlq.arn },
      { Sid: 'DeadLetterKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn, Condition: viaSqs },
    ];
    const functionStatements: Statement[] = [
      { Sid: 'ReadFeatureKey', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: props.keySecretArn },
      {
        Sid: 'DecryptFeatureKey',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: props.keySecretKmsKeyArn,
        Condition: {
          'StringEquals': { 'kms:ViaService': `secretsmanager.${env.region}.${env.dnsSuffix}` },
          'ForAnyValue:StringEquals': { 'kms:EncryptionContext:SecretARN': [props.keySecretArn] },
        },
      },
      { Sid: 'RemoteWriteFigures', Effect: 'Allow', Action: 'aps:RemoteWrite', Resource: workspaceArn },
      { Sid: 'OwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
      { Sid: 'DecryptEnvironment', Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringEquals: { 'kms:ViaService': `lambda.${env.region}.${env.dnsSuffix}` } } },
      ...deadLetter,
      // Lambda creates the function's network interfaces with its role; these two calls take no resource.
      { Sid: 'VpcNetworkInterfaces', Effect: 'Allow', Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces'], Resource: '*' },
      {
        Sid: 'VpcNetworkInterfacesOwn',
        Effect: 'Allow',
        Action: ['ec2:AssignPrivateIpAddresses', 'ec2:DeleteNetworkInterface', 'ec2:UnassignPrivateIpAddresses'],
        Resource: env.arn('ec2', 'network-interface/*'),
      },
      // X-Ray's write calls have no resource-level permissions (AWS Service Authorization Reference).
      { Sid: 'Traces', Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
    ];
    const schedulerStatements: Statement[] = [
      { Sid: 'InvokeProbe', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: functionArn },
      ...deadLetter,
    ];
    const boundaryArn = props.permissionsBoundaryArn ?? new PermissionsBoundary(this, 'Boundary', {
      nameParts: parts,
      description: `Ceiling of the evaluation probe of ${m.team}/${m.feature}: its function and its schedule`,
      allow: boundaryAllowFromStatements([...functionStatements, ...schedulerStatements]),
    }).arn;

    const role = (rid: string, service: string, condition: Record<string, unknown>, statements: Statement[], description: string) => {
      const scope_ = new Construct(this, rid);
      const created = new r.IamRole(scope_, 'Role', {
        name: makeName(NameTarget.IAM_ROLE, ...parts, rid === 'FunctionRole' ? 'fn' : 'schedule'),
        description,
        permissionsBoundary: boundaryArn,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: condition }],
        }),
      });
      const policy = new r.IamRolePolicy(scope_, 'Policy', {
        name: 'evaluation-probe',
        role: created.name,
        // JSON text, not jsonencode(): the plan shows the document itself, and the policy rules read it.
        policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      });
      return { role: created, policy };
    };
    const fnRole = role('FunctionRole', 'lambda.amazonaws.com', { StringEquals: { 'aws:SourceAccount': env.account } }, functionStatements,
      `Evaluation probe of ${m.team}/${m.feature}: reads its key, calls the gateway, writes its figures`);
    const scheduleRole = role('ScheduleRole', 'scheduler.amazonaws.com', { StringEquals: { 'aws:SourceAccount': env.account, 'aws:SourceArn': scheduleArn } }, schedulerStatements,
      `Schedule of the evaluation probe of ${m.team}/${m.feature}: invokes that function only`);

    // Zipped in-process (no child process per synth); the zip holds the golden set and the manifest.
    const code = lambdaCodeAsset(this, 'Code', stagedProbeDir(m, props.dataset));
    const environment: Record<string, string> = {
      [EvalProbeEnv.GATEWAY_URL]: props.gatewayUrl,
      [EvalProbeEnv.API_KEY_SECRET_ARN]: props.keySecretArn,
      [EvalProbeEnv.PROMETHEUS_REMOTE_WRITE_URL]: remoteWriteUrl,
      // Responses reach the log only where the gateway itself may log messages.
      [EvalProbeEnv.EVAL_LOG_CONTENT]: m.messageLogging ? 'true' : 'false',
      ...(props.gatewayTlsServerName ? { [EvalProbeEnv.GATEWAY_TLS_SERVER_NAME]: props.gatewayTlsServerName } : {}),
    };
    this.function = new r.LambdaFunction(this, 'Function', {
      functionName,
      description: `Runs the golden set of ${m.team}/${m.feature} (${m.dataset.cases} cases, ${m.schedule.description}) on the feature's key`,
      role: fnRole.role.arn,
      runtime: EVAL_PROBE_LAMBDA_RUNTIME,
      handler: EVAL_PROBE_HANDLER,
      filename: code.path,
      sourceCodeHash: Fn.filebase64sha256(code.path),
      architectures: ['arm64'],
      memorySize: 256,
      // The worst case of one run (every call timing out on every attempt) plus loading and publishing.
      timeout,
      // One run at a time: an overlapping run would double the feature's probe traffic and its figures.
      reservedConcurrentExecutions: 1,
      kmsKeyArn: keyArn,
      environment: { variables: environment },
      vpcConfig: { subnetIds: [...props.network.subnetIds], securityGroupIds: [shared.securityGroupId, props.network.callerSecurityGroupId] },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.name, applicationLogLevel: 'INFO', systemLogLevel: 'WARN' },
      tracingConfig: { mode: 'Active' },
      dependsOn: [fnRole.policy, logs.logGroup],
    });
    new r.LambdaFunctionEventInvokeConfig(this, 'AsyncInvoke', {
      functionName: this.function.functionName,
      // The next scheduled run is the retry: a rerun now would publish a second sample for the same interval.
      maximumRetryAttempts: 0,
      // An invocation held back (the previous run still holds the one reserved slot) is dropped to the dead-letter
      // queue after 5 minutes, the shortest schedule interval, instead of piling up behind it.
      maximumEventAgeInSeconds: 300,
      destinationConfig: { onFailure: { destination: dlq.arn } },
    });
    this.schedule = new r.SchedulerSchedule(this, 'Schedule', {
      name: scheduleName,
      description: `Evaluation probe of ${m.team}/${m.feature}: ${m.schedule.description}`,
      scheduleExpression: m.schedule.eventBridge,
      scheduleExpressionTimezone: m.schedule.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.function.arn,
        roleArn: scheduleRole.role.arn,
        input: '{}',
        // Delivery retries only (an invocation the Lambda service refused); the run itself is never retried.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 300 },
        deadLetterConfig: { arn: dlq.arn },
      },
      dependsOn: [scheduleRole.policy],
    });
    this.functionName = functionName;
    this.functionArn = this.function.arn;
  }
}

