import type { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import { awsProviderResources } from './lazy-resources';
import { makeName, NameTarget, ProblemCollector, SecretRef, stableHash, terraformExpression } from '../core';
import { TerraformStack } from '../core/cdktf';
import { checkPropTypes } from '../core/validation';

export interface GeneratedSecretProps {
  /** Readable parts of the secret name. */
  readonly nameParts: ReadonlyArray<string>;
  readonly description: string;
  /** Customer-managed KMS key ARN. */
  readonly kmsKeyArn: string;
  /** Password length. @default 48 */
  readonly length?: number;
  /** A prefix every generated value starts with (LiteLLM master keys must start with `sk-`). @default '' */
  readonly prefix?: string;
  /**
   * Bump to generate and store a new value (Terraform-driven rotation). Keep it fixed for values that
   * must never change, such as LiteLLM's salt key.
   * @default 1
   */
  readonly version?: number;
  /** Days a deleted secret can still be restored. @default 30 */
  readonly recoveryWindowInDays?: number;
  /**
   * Why this secret must never rotate (LiteLLM's salt key). Kept on the construct (`neverRotatedReason`) for
   * the app to accept policy LLM-SEC-1 (no automatic rotation) with it:
   * `PolicyBundle.suppress(s.secret, 'LLM-SEC-1', s.neverRotatedReason!)`. The library never suppresses its
   * own findings, so the decision is the app's and shows in its policy report.
   * @default - none: the secret is expected to get a rotation schedule
   */
  readonly neverRotatedReason?: string;
}

/**
 * A secret whose value AWS generates and Terraform never stores.
 *
 * The value comes from the ephemeral `aws_secretsmanager_random_password` (Terraform ≥ 1.10) and is
 * written through the write-only `secret_string_wo` (Terraform ≥ 1.11, AWS provider ≥ 5.95), so it
 * exists only in Secrets Manager: not in the synthesized JSON, not in the plan, not in state. No
 * `random` provider is involved. cdktf 0.21 has no binding for ephemeral resources, so the block is
 * emitted with a stack override.
 */
export class GeneratedSecret extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly secretArn: string;
  /** Reference to pass to runtimes (`valueFrom`). */
  public readonly ref: SecretRef;
  /** Why the secret never rotates, when it must not (see the prop). */
  public readonly neverRotatedReason?: string;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    checkPropTypes(this, props, { nameParts: 'string[]', description: 'string', kmsKeyArn: 'string', length: 'number?', prefix: 'string?', version: 'number?', recoveryWindowInDays: 'number?', neverRotatedReason: 'string?' });
    // Bindings load on first construction, not at import (import cost, see lazy-resources.ts).
    const { SecretsmanagerSecret, SecretsmanagerSecretVersion } = awsProviderResources();
    const length = props.length ?? 48;
    const version = props.version ?? 1;
    const p = new ProblemCollector();
    if (!Number.isInteger(length) || length < 32 || length > 4096) p.add('length', length, 'must be an integer from 32 to 4096', 'use at least 32 characters');
    if (!Number.isInteger(version) || version < 1) p.add('version', version, 'must be a positive integer', 'start at 1 and increment to rotate');
    p.throwIfAny(this);

    this.secret = new SecretsmanagerSecret(this, 'Resource', {
      name: makeName(NameTarget.SECRETS_MANAGER, ...props.nameParts),
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
    });

    const stack = TerraformStack.of(this);
    const ephemeralName = `pw_${stableHash([this.node.path], 12)}`;
    stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${ephemeralName}`, {
      password_length: length - (props.prefix ?? '').length,
      exclude_punctuation: true,
      require_each_included_type: true,
    });
    const generated = `ephemeral.aws_secretsmanager_random_password.${ephemeralName}.random_password`;
    new SecretsmanagerSecretVersion(this, 'Value', {
      secretId: this.secret.id,
      secretStringWo: `${props.prefix ?? ''}${terraformExpression(this, generated)}`,
      secretStringWoVersion: version,
    });
    this.secretArn = this.secret.arn;
    this.ref = SecretRef.awsSecretsManager(this.secret.arn);
    this.neverRotatedReason = props.neverRotatedReason;
  }
}
