import { Construct, type IConstruct } from 'constructs';

/**
 * The resources of one Cloud Run gateway: `gateway.node.findChild('CloudRun')`. Created by `CloudRunRuntime.bind`.
 */
export class CloudRunGateway extends Construct {
  /** @internal */
  public _unscheduledRotations: ReadonlyArray<UnscheduledRotation> = [];

  /** See `CloudRunRuntime.unscheduledRotations`. */
  public get unscheduledRotations(): ReadonlyArray<UnscheduledRotation> {
    return this._unscheduledRotations;
  }
}

/** A secret the runtime created without a rotation schedule, and why (see `CloudRunRuntime.unscheduledRotations`). */
export interface UnscheduledRotation {
  readonly secret: IConstruct;
  readonly reason: string;
}

/** Why each secret the runtime creates has no Secret Manager rotation schedule. */
export const CLOUD_RUN_ROTATION_REASONS = {
  masterKey: 'LiteLLM master key: rotated by Terraform (bump masterKeyVersion: a new write-only version and a new revision that pins it); a Secret Manager rotation notification has no consumer that could roll the service',
  saltKey: 'LiteLLM salt key: encrypts the provider credentials stored in the database; a new value makes them undecryptable, so it is never rotated',
  databaseUrl: 'Gateway database password: rotated by Terraform (bump database.passwordVersion: the Cloud SQL user and this URL get one new value in the same apply); connections also need a proxy client certificate issued to an IAM identity',
  redisAuth: 'Copy of the AUTH string Memorystore generates and holds itself; it changes only when Memorystore\'s does, so there is nothing to rotate here',
  redisCa: 'Not a credential: the Memorystore server CA certificate (public), in Secret Manager only because Cloud Run mounts files from there',
  config: 'Not a credential: the rendered LiteLLM config (only os.environ/ references), in Secret Manager only because Cloud Run mounts files from there',
  edgeConfig: 'Not a credential: the edge\'s nginx.conf, in Secret Manager only because Cloud Run mounts files from there',
} as const;
