/**
 * In-memory stand-ins for the three AWS SDK v3 clients the gateway-admin handlers use, installed with
 * `jest.mock(<module>, () => require('./fakes/aws-sdk').<module>, { virtual: true })` (the SDK is part
 * of the Lambda runtime, not of this repository).
 *
 * Secrets Manager semantics modelled (AWS API reference): PutSecretValue without VersionStages moves
 * AWSCURRENT to the new version and AWSPREVIOUS to the old current; with VersionStages it moves just
 * those labels; an existing ClientRequestToken with the same value is a no-op. UpdateSecretVersionStage
 * moving AWSCURRENT labels the old version AWSPREVIOUS. GetSecretValue of a missing version/stage is a
 * ResourceNotFoundException.
 */
import { createHash } from 'node:crypto';

class AwsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Version {
  /** Undefined for the placeholder RotateSecret creates before calling createSecret. */
  value?: string;
  stages: Set<string>;
  created: Date;
}

interface Secret {
  name: string;
  arn: string;
  versions: Map<string, Version>;
  rotationEnabled: boolean;
}

let clock = 0;
// Versions are created "now" (one second apart), so ordering against real timestamps holds.
const tick = (): Date => new Date(Date.now() - 3_600_000 + 1000 * clock++);

export class FakeSecretsManager {
  public readonly secrets = new Map<string, Secret>();
  public readonly calls: string[] = [];

  public create(name: string, value?: string, rotationEnabled = true): string {
    const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
    const s: Secret = { name, arn, versions: new Map(), rotationEnabled };
    this.secrets.set(name, s);
    this.secrets.set(arn, s);
    if (value !== undefined) this.put(s, `init-${createHash('sha256').update(name).digest('hex').slice(0, 24)}`, value, ['AWSCURRENT']);
    return arn;
  }

  public secret(id: string): Secret {
    const s = this.secrets.get(id);
    if (!s) throw new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret: ${id}`);
    return s;
  }

  /**
   * What RotateSecret does before invoking the function: a version with the token and the AWSPENDING
   * label but no value yet (the AWS rotation templates rely on it: createSecret checks the token is a
   * known version, then stores the value with PutSecretValue and the same token).
   */
  public startRotation(id: string, token: string): void {
    const s = this.secret(id);
    if (!s.versions.has(token)) s.versions.set(token, { value: undefined, stages: new Set(), created: tick() });
    this.moveStage(s, 'AWSPENDING', token);
  }

  public stageValue(id: string, stage: string): string | undefined {
    return [...this.secret(id).versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  public versionOf(id: string, stage: string): string | undefined {
    return [...this.secret(id).versions.entries()].find(([, v]) => v.stages.has(stage))?.[0];
  }

  public versionCount(id: string): number {
    return this.secret(id).versions.size;
  }

  private moveStage(s: Secret, stage: string, to: string): void {
    for (const [id, v] of s.versions) {
      if (id !== to && v.stages.has(stage)) {
        v.stages.delete(stage);
        if (stage === 'AWSCURRENT') {
          for (const other of s.versions.values()) other.stages.delete('AWSPREVIOUS');
          v.stages.add('AWSPREVIOUS');
        }
      }
    }
    s.versions.get(to)!.stages.add(stage);
  }

  private put(s: Secret, token: string, value: string, stages: string[]): void {
    const existing = s.versions.get(token);
    if (existing && existing.value === undefined) {
      existing.value = value;
      for (const stage of stages) this.moveStage(s, stage, token);
      return;
    }
    if (existing) {
      if (existing.value !== value) throw new AwsError('ResourceExistsException', 'A resource with the ID you requested already exists.');
      return;
    }
    s.versions.set(token, { value, stages: new Set(), created: tick() });
    for (const stage of stages) this.moveStage(s, stage, token);
  }

  public handle(name: string, input: any): unknown {
    this.calls.push(name);
    switch (name) {
      case 'GetSecretValueCommand': {
        const s = this.secret(input.SecretId);
        const stage = input.VersionStage ?? (input.VersionId ? undefined : 'AWSCURRENT');
        const found = [...s.versions.entries()].find(([id, v]) =>
          v.value !== undefined && (!input.VersionId || id === input.VersionId) && (!stage || v.stages.has(stage)));
        if (!found) throw new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage ?? input.VersionId}`);
        return { ARN: s.arn, Name: s.name, VersionId: found[0], SecretString: found[1].value, VersionStages: [...found[1].stages] };
      }
      case 'PutSecretValueCommand': {
        const s = this.secret(input.SecretId);
        if (typeof input.SecretString !== 'string') throw new AwsError('InvalidParameterException', 'SecretString required');
        const token = input.ClientRequestToken ?? `auto-${s.versions.size}-${tick().getTime()}`;
        this.put(s, token, input.SecretString, input.VersionStages ?? ['AWSCURRENT']);
        return { ARN: s.arn, VersionId: token };
      }
      case 'DescribeSecretCommand': {
        const s = this.secret(input.SecretId);
        const stages = [...s.versions].filter(([, v]) => v.stages.size > 0).map(([id, v]) => [id, [...v.stages]]);
        return { ARN: s.arn, Name: s.name, RotationEnabled: s.rotationEnabled, VersionIdsToStages: Object.fromEntries(stages) };
      }
      case 'UpdateSecretVersionStageCommand': {
        const s = this.secret(input.SecretId);
        if (!s.versions.has(input.MoveToVersionId)) throw new AwsError('InvalidParameterException', 'no such version');
        const holder = [...s.versions.entries()].find(([, v]) => v.stages.has(input.VersionStage))?.[0];
        if (holder && holder !== input.MoveToVersionId && holder !== input.RemoveFromVersionId) throw new AwsError('InvalidParameterException', 'RemoveFromVersionId must name the version holding the stage');
        this.moveStage(s, input.VersionStage, input.MoveToVersionId);
        return { ARN: s.arn, Name: s.name };
      }
      case 'ListSecretVersionIdsCommand': {
        const s = this.secret(input.SecretId);
        return { Versions: [...s.versions].map(([id, v]) => ({ VersionId: id, VersionStages: [...v.stages], CreatedDate: v.created })) };
      }
      default:
        throw new Error(`FakeSecretsManager: unexpected ${name}`);
    }
  }
}

interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  createdAt: Date;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
}

export class FakeEcs {
  public deployments: Deployment[] = [{ id: 'ecs-svc/1', status: 'PRIMARY', createdAt: new Date(0), rolloutState: 'COMPLETED' }];
  public readonly updates: any[] = [];
  /** Describe calls that see a rollout in progress before it completes. */
  public describesUntilComplete = 1;
  private describesSeen = 0;

  public handle(name: string, input: any): unknown {
    if (name === 'UpdateServiceCommand') {
      this.updates.push(input);
      if (input.forceNewDeployment) {
        for (const d of this.deployments) d.status = 'ACTIVE';
        this.deployments.unshift({ id: `ecs-svc/${this.deployments.length + 1}`, status: 'PRIMARY', createdAt: new Date(Date.now() + 1000), rolloutState: 'IN_PROGRESS' });
        this.describesSeen = 0;
      }
      return { service: { serviceName: input.service } };
    }
    if (name === 'DescribeServicesCommand') {
      const primary = this.deployments[0];
      if (primary.rolloutState === 'IN_PROGRESS' && ++this.describesSeen > this.describesUntilComplete) {
        primary.rolloutState = 'COMPLETED';
        this.deployments = [primary];
      }
      return { services: [{ serviceName: input.services[0], deployments: this.deployments.map((d) => ({ ...d })) }] };
    }
    throw new Error(`FakeEcs: unexpected ${name}`);
  }
}

export class FakeElastiCache {
  public tokens: string[] = [];
  public status = 'available';
  public readonly modifications: Array<{ strategy: string }> = [];

  public handle(name: string, input: any): unknown {
    if (name === 'DescribeReplicationGroupsCommand') {
      const status = this.status;
      if (this.status === 'modifying') this.status = 'available';
      return { ReplicationGroups: [{ ReplicationGroupId: input.ReplicationGroupId, Status: status }] };
    }
    if (name === 'ModifyReplicationGroupCommand') {
      if (this.status !== 'available') throw new AwsError('InvalidReplicationGroupStateFault', 'not available');
      this.modifications.push({ strategy: input.AuthTokenUpdateStrategy });
      if (input.AuthTokenUpdateStrategy === 'ROTATE') {
        if (this.tokens.length >= 2) throw new AwsError('InvalidParameterValueException', 'two AUTH tokens already');
        this.tokens = [...this.tokens, input.AuthToken];
      } else if (input.AuthTokenUpdateStrategy === 'SET') {
        this.tokens = [input.AuthToken];
      }
      this.status = 'modifying';
      return {};
    }
    throw new Error(`FakeElastiCache: unexpected ${name}`);
  }
}

/** The fakes the mocked modules dispatch to; tests reset them in beforeEach. */
export const fakeAws = {
  sm: new FakeSecretsManager(),
  ecs: new FakeEcs(),
  elasticache: new FakeElastiCache(),
  reset(): void {
    this.sm = new FakeSecretsManager();
    this.ecs = new FakeEcs();
    this.elasticache = new FakeElastiCache();
  },
};

function moduleFor(clientName: string, commands: string[], target: () => { handle(name: string, input: any): unknown }): Record<string, unknown> {
  const mod: Record<string, unknown> = {};
  class Client {
    public async send(cmd: { constructor: { name: string }; input: unknown }): Promise<unknown> {
      return target().handle(cmd.constructor.name, cmd.input);
    }
  }
  Object.defineProperty(Client, 'name', { value: clientName });
  mod[clientName] = Client;
  for (const c of commands) {
    const Cmd = class {
      constructor(public readonly input: unknown) {}
    };
    Object.defineProperty(Cmd, 'name', { value: c });
    mod[c] = Cmd;
  }
  return mod;
}

export const secretsManagerModule = moduleFor('SecretsManagerClient', ['GetSecretValueCommand', 'PutSecretValueCommand', 'DescribeSecretCommand', 'UpdateSecretVersionStageCommand', 'ListSecretVersionIdsCommand'], () => fakeAws.sm);
export const ecsModule = moduleFor('ECSClient', ['UpdateServiceCommand', 'DescribeServicesCommand'], () => fakeAws.ecs);
export const elastiCacheModule = moduleFor('ElastiCacheClient', ['DescribeReplicationGroupsCommand', 'ModifyReplicationGroupCommand'], () => fakeAws.elasticache);
