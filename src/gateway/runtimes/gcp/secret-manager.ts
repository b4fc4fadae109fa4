import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from '../../../core/cdktf';

/** What every Secret Manager secret of the runtime shares. */
export interface GcpSecretDefaults {
  readonly project: string;
  /** Replicas are kept in this region only (data residency, and one CMEK key suffices). */
  readonly region: string;
  readonly labels: Readonly<Record<string, string>>;
  /** CMEK key for the replica. @default - Google-managed encryption */
  readonly kmsKeyName?: string;
  /** Terraform refuses to destroy the secret. */
  readonly deletionProtection: boolean;
}

// Destroyed versions stay disabled and restorable this long before the payload is gone
// (the anchors' trap 4: secrets deleted with no recovery window).
const VERSION_DESTROY_TTL = '604800s';

/** One Secret Manager secret, replicated in the runtime's region. */
export function createSecret(scope: Construct, id: string, secretId: string, defaults: GcpSecretDefaults): SecretManagerSecret {
  return new SecretManagerSecret(scope, id, {
    project: defaults.project,
    secretId,
    labels: { ...defaults.labels },
    deletionProtection: defaults.deletionProtection,
    versionDestroyTtl: VERSION_DESTROY_TTL,
    replication: {
      userManaged: {
        replicas: [{
          location: defaults.region,
          customerManagedEncryption: defaults.kmsKeyName ? { kmsKeyName: defaults.kmsKeyName } : undefined,
        }],
      },
    },
  });
}

/**
 * A random value made by Terraform at apply time without any provider but Google's: the hex digits of
 * two `uuid()` calls (UUIDv4 from Go's crypto/rand via hashicorp/go-uuid: 2 × 122 random bits).
 * It is only ever written to write-only arguments (`secret_data_wo`, `password_wo`), so it is in
 * neither the plan nor the state; `uuid()` changing on every run does not matter because write-only
 * arguments are only sent when their `*_wo_version` changes.
 */
export function randomHexExpression(prefix = ''): string {
  return Fn.join('', [prefix, Fn.replace(Fn.uuid(), '-', ''), Fn.replace(Fn.uuid(), '-', '')]);
}

/** Options of `GeneratedSecret`. */
export interface GeneratedSecretProps extends GcpSecretDefaults {
  readonly secretId: string;
  /** Expression of the value, evaluated at apply time and written write-only. */
  readonly value: string;
  /** Bump to write a new value (a new secret version; the old one is destroyed after its TTL). */
  readonly valueVersion: number;
  /**
   * The value must never change (LiteLLM's salt key): the version ignores `secret_data_wo_version`
   * changes and, with deletion protection, Terraform refuses to destroy it.
   */
  readonly immutable?: boolean;
  /** Resources the value must exist after (e.g. the database user whose password it holds). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** A secret whose one live version holds a value only Terraform's apply ever saw (write-only). */
export class GeneratedSecret extends Construct {
  public readonly secret: SecretManagerSecret;
  public readonly version: SecretManagerSecretVersion;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    this.secret = createSecret(this, 'Secret', props.secretId, props);
    this.version = new SecretManagerSecretVersion(this, 'Version', {
      secret: this.secret.id,
      secretDataWo: props.value,
      secretDataWoVersion: props.valueVersion,
      // An immutable value outlives even a replaced resource: the version is abandoned, never destroyed.
      deletionPolicy: props.immutable ? 'ABANDON' : 'DELETE',
      dependsOn: props.dependsOn,
      lifecycle: props.immutable
        ? { preventDestroy: props.deletionProtection, ignoreChanges: ['secret_data_wo_version'] }
        : { createBeforeDestroy: true },
    });
  }

  /** `{ secret, version }` for a Cloud Run `secret_key_ref`, pinned to the live version. */
  public get ref(): { readonly secret: string; readonly version: string } {
    return { secret: this.secret.secretId, version: this.version.version };
  }
}
