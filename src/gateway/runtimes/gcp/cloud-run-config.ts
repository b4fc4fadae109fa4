import type { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import type { Construct } from 'constructs';
import { MAX_CONFIG_BYTES } from './cloud-run-containers';
import { createSecret, type GcpSecretDefaults } from './secret-manager';
import { makeName, NameTarget, ProblemCollector } from '../../../core';
import { Lazy } from '../../../core/cdktf';
import { renderEdgeProxyConfig } from '../../edge-proxy';
import type { GatewayRuntimeContext } from '../../runtime-contract';

/** The files the services mount: LiteLLM's config and the edge's nginx.conf, each a secret with one live version. */
export interface GatewayConfigFiles {
  readonly configSecret: SecretManagerSecret;
  readonly configVersion: SecretManagerSecretVersion;
  readonly edgeConfigSecret: SecretManagerSecret;
  readonly edgeConfigVersion: SecretManagerSecretVersion;
}

/**
 * Creates `Config`/`ConfigVersion` (the rendered YAML, at synth) and `EdgeConfig`/`EdgeConfigVersion` in `scope`.
 * Cloud Run mounts files only from Secret Manager; neither holds a secret value (the config has only
 * `os.environ/NAME` references), so the plain `secret_data` keeps config diffs visible in plans. Old versions are
 * abandoned, not destroyed: a pinned stable revision (canary) keeps reading its own.
 */
export function createConfigFiles(
  scope: Construct, context: GatewayRuntimeContext, baseName: string, secretDefaults: GcpSecretDefaults,
): GatewayConfigFiles {
  const configSecret = createSecret(scope, 'Config', makeName(NameTarget.GCP_RESOURCE, baseName, 'config'), secretDefaults);
  const configVersion = new SecretManagerSecretVersion(scope, 'ConfigVersion', {
    secret: configSecret.id,
    secretData: Lazy.stringValue({ produce: () => checkedConfig(context) }),
    deletionPolicy: 'ABANDON',
    lifecycle: { createBeforeDestroy: true },
  });
  const edgeConfigSecret = createSecret(scope, 'EdgeConfig', makeName(NameTarget.GCP_RESOURCE, baseName, 'edge'), secretDefaults);
  const edgeConfigVersion = new SecretManagerSecretVersion(scope, 'EdgeConfigVersion', {
    secret: edgeConfigSecret.id,
    secretData: renderEdgeProxyConfig({ upstreamPort: context.containerPort, refuseRedactionOverride: !context.allowMessageLogging }),
    deletionPolicy: 'ABANDON',
    lifecycle: { createBeforeDestroy: true },
  });
  return { configSecret, configVersion, edgeConfigSecret, edgeConfigVersion };
}

function checkedConfig(context: GatewayRuntimeContext): string {
  const yaml = context.renderConfig();
  const bytes = Buffer.byteLength(yaml, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    new ProblemCollector()
      .add('models', `${bytes} bytes`, `renders a LiteLLM config larger than Secret Manager's ${MAX_CONFIG_BYTES}-byte limit`, 'split the gateway or move model settings into the database (store_model_in_db)')
      .throwIfAny(context.scope);
  }
  return yaml;
}
