import { ProblemCollector, ValidationError } from './errors';
import { isUnresolved } from './tokens';

/** Where a referenced secret lives. */
export enum SecretStore {
  AWS_SECRETS_MANAGER = 'aws-secrets-manager',
  GCP_SECRET_MANAGER = 'gcp-secret-manager',
  KUBERNETES = 'kubernetes',
}

const AWS_SECRET_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
/**
 * A complete secret ARN ends with `-` and the six random characters Secrets Manager appends to the name.
 * Without them it is a partial ARN: API calls resolve it, but IAM matches resources literally, so policies
 * need `<partial ARN>-??????` (Secrets Manager user guide, "Resource: secret ARN"). A name that itself ends
 * in `-` and six letters or digits cannot be told from a complete ARN (AWS advises against such names).
 */
const AWS_SECRET_SUFFIX = /-[A-Za-z0-9]{6}$/;
const isText = (v: unknown): v is string => typeof v === 'string';
const GCP_SECRET_FULL = /^projects\/[a-z0-9-]+\/secrets\/[A-Za-z0-9_-]{1,255}$/;
const GCP_SECRET_SHORT = /^[A-Za-z0-9_-]{1,255}$/;
const GCP_VERSION = /^(?:latest|[1-9]\d*)$/;
const K8S_SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const K8S_SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A reference to a secret held by a secret store. Props take these, never secret values, so no
 * credential is ever written to source, synthesized JSON or Terraform state by this library.
 */
export class SecretRef {
  /**
   * A secret in AWS Secrets Manager.
   * @param arn the secret's full ARN (or a token resolving to it)
   * @param jsonKey when the secret string is JSON, the key to read
   */
  public static awsSecretsManager(arn: string, jsonKey?: string): SecretRef {
    const p = new ProblemCollector();
    if (!isText(arn) || (!isUnresolved(arn) && !AWS_SECRET_ARN.test(arn))) {
      p.add('SecretRef.awsSecretsManager(arn)', arn, 'is not a Secrets Manager secret ARN', 'pass the ARN, e.g. arn:aws:secretsmanager:us-east-1:123456789012:secret:name-AbCdEf');
    }
    if (jsonKey !== undefined && (!isText(jsonKey) || !/^[A-Za-z0-9_.-]{1,128}$/.test(jsonKey))) {
      p.add('SecretRef.awsSecretsManager(jsonKey)', jsonKey, 'is not a valid JSON key name', 'use letters, digits, _ . -');
    }
    p.throwIfAny('SecretRef');
    return new SecretRef(SecretStore.AWS_SECRETS_MANAGER, arn, jsonKey);
  }

  /**
   * A secret in Google Secret Manager.
   * @param secretId `projects/<project>/secrets/<name>` or the short name in the stack's project
   * @param version a version number (pin it where you can) or `latest`
   * @default version 'latest'
   */
  public static gcpSecretManager(secretId: string, version = 'latest'): SecretRef {
    const p = new ProblemCollector();
    if (!isText(secretId) || (!isUnresolved(secretId) && !GCP_SECRET_FULL.test(secretId) && !GCP_SECRET_SHORT.test(secretId))) {
      p.add('SecretRef.gcpSecretManager(secretId)', secretId, 'is not a Secret Manager secret id', 'pass projects/<project>/secrets/<name> or <name>');
    }
    if (!isText(version) || (!isUnresolved(version) && !GCP_VERSION.test(version))) {
      p.add('SecretRef.gcpSecretManager(version)', version, 'is not a secret version', "pass a version number such as '3', or 'latest'");
    }
    p.throwIfAny('SecretRef');
    return new SecretRef(SecretStore.GCP_SECRET_MANAGER, secretId, version);
  }

  /** A key of a Kubernetes Secret in the workload's namespace. */
  public static kubernetes(name: string, key: string): SecretRef {
    const p = new ProblemCollector();
    if (!isText(name) || (!isUnresolved(name) && (!K8S_SECRET_NAME.test(name) || name.length > 253))) {
      p.add('SecretRef.kubernetes(name)', name, 'is not a valid Secret name (DNS-1123 subdomain)', 'use lowercase letters, digits, - and .; at most 253 characters');
    }
    if (!isText(key) || (!isUnresolved(key) && (!K8S_SECRET_KEY.test(key) || key.length > 253))) {
      p.add('SecretRef.kubernetes(key)', key, 'is not a valid Secret key', 'use letters, digits, - _ and .');
    }
    p.throwIfAny('SecretRef');
    return new SecretRef(SecretStore.KUBERNETES, name, key);
  }

  private constructor(
    /** Which store holds the secret. */
    public readonly store: SecretStore,
    /** ARN (AWS), secret id (GCP) or Secret name (Kubernetes). */
    public readonly id: string,
    /** JSON key (AWS), version (GCP) or data key (Kubernetes). */
    public readonly field?: string,
  ) {}

  /** The AWS ARN of the secret itself (without a JSON key); throws for other stores. */
  public get awsSecretArn(): string {
    this.expect(SecretStore.AWS_SECRETS_MANAGER);
    return this.id;
  }

  /**
   * The secret as an IAM policy resource: the complete ARN as it is, a partial ARN (no six-character
   * suffix) with `-??????` appended so IAM matches the secret whatever its suffix. Throws for other stores.
   */
  public get awsIamResourceArn(): string {
    this.expect(SecretStore.AWS_SECRETS_MANAGER);
    return isUnresolved(this.id) || AWS_SECRET_SUFFIX.test(this.id) ? this.id : `${this.id}-??????`;
  }

  /** True when the ARN has no six-character suffix (IAM needs `awsIamResourceArn`). */
  public get isPartialAwsArn(): boolean {
    return this.store === SecretStore.AWS_SECRETS_MANAGER && !isUnresolved(this.id) && !AWS_SECRET_SUFFIX.test(this.id);
  }

  /**
   * The ECS `valueFrom` for this secret: the ARN, or `arn:json-key::` to read one JSON key
   * (ECS syntax `arn:json-key:version-stage:version-id`).
   */
  public toEcsValueFrom(): string {
    this.expect(SecretStore.AWS_SECRETS_MANAGER);
    return this.field ? `${this.id}:${this.field}::` : this.id;
  }

  /** GCP secret id and version; throws for other stores. */
  public get gcpSecret(): { readonly secret: string; readonly version: string } {
    this.expect(SecretStore.GCP_SECRET_MANAGER);
    return { secret: this.id, version: this.field ?? 'latest' };
  }

  /** Kubernetes Secret name and key; throws for other stores. */
  public get kubernetesSecret(): { readonly name: string; readonly key: string } {
    this.expect(SecretStore.KUBERNETES);
    return { name: this.id, key: this.field! };
  }

  /** Deterministic description for logs and error messages (never a value). */
  public toString(): string {
    return `SecretRef(${this.store}:${this.id}${this.field ? `#${this.field}` : ''})`;
  }

  private expect(store: SecretStore): void {
    if (this.store !== store) {
      throw new ValidationError('SecretRef', [{ path: 'store', received: this.toString(), message: `is a ${this.store} secret, but a ${store} secret is needed here`, fix: `pass a SecretRef of the ${store} store` }]);
    }
  }
}

/** The LiteLLM config form of an environment-provided secret: `os.environ/NAME`. */
export function osEnviron(name: string): string {
  return `os.environ/${name}`;
}
