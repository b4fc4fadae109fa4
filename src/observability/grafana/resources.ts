import type { Construct } from 'constructs';
import { TerraformProvider, TerraformResource, type TerraformMetaArguments } from '../../core/cdktf';

/**
 * Thin typed bindings for the few `grafana/grafana` provider resources the library creates. No prebuilt
 * cdktf binding exists for this provider, and generating one (`cdktf get`) would add thousands of files for
 * four resource types; these classes are written from the provider's documented schema instead.
 *
 * Provenance: grafana/terraform-provider-grafana commit 06c36d43132744b027e7c25d4ee25ab7aa0d24e4,
 * `docs/resources/dashboard.md` (config_json required; folder, message, org_id, overwrite optional; uid, url
 * read-only), `docs/resources/data_source.md` (name, type required; uid, url, is_default, access_mode,
 * json_data_encoded, secure_json_data_encoded optional), `docs/resources/folder.md` (title required; uid
 * optional) and `docs/index.md` (provider `url` and sensitive `auth`). Only the attributes used are typed.
 * Offline, no grafana provider binary exists here, so these resources are not `terraform validate`d; the
 * test harness lists them as not checked.
 */
export const GRAFANA_PROVIDER = {
  source: 'grafana/grafana',
  /** Major version whose documented schema these bindings follow. */
  versionConstraint: '~> 4.0',
} as const;

const GENERATOR = { providerName: 'grafana', providerVersionConstraint: GRAFANA_PROVIDER.versionConstraint };

export interface GrafanaProviderConfig {
  /** Root URL of the Grafana instance, e.g. `https://g-abc.grafana-workspace.us-east-1.amazonaws.com`. */
  readonly url: string;
  /** A service account token (sensitive). */
  readonly auth: string;
  readonly alias?: string;
}

/** `provider "grafana"`. */
export class GrafanaProvider extends TerraformProvider {
  public static readonly tfResourceType = 'grafana';
  private readonly config: GrafanaProviderConfig;

  constructor(scope: Construct, id: string, config: GrafanaProviderConfig) {
    super(scope, id, { terraformResourceType: 'grafana', terraformGeneratorMetadata: GENERATOR, terraformProviderSource: GRAFANA_PROVIDER.source });
    this.config = config;
    this.alias = config.alias;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { url: this.config.url, auth: this.config.auth, alias: this.alias };
  }
}

export interface GrafanaFolderConfig extends TerraformMetaArguments {
  readonly title: string;
  readonly uid?: string;
}

/** `grafana_folder`. */
export class GrafanaFolder extends TerraformResource {
  public static readonly tfResourceType = 'grafana_folder';
  private readonly config: GrafanaFolderConfig;

  constructor(scope: Construct, id: string, config: GrafanaFolderConfig) {
    super(scope, id, { terraformResourceType: 'grafana_folder', terraformGeneratorMetadata: GENERATOR, ...config });
    this.config = config;
  }

  public get uid(): string {
    return this.getStringAttribute('uid');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { title: this.config.title, uid: this.config.uid };
  }
}

export interface GrafanaDashboardConfig extends TerraformMetaArguments {
  /** The complete dashboard model, as JSON text. */
  readonly configJson: string;
  /** UID of the folder. */
  readonly folder?: string;
  readonly overwrite?: boolean;
  readonly message?: string;
}

/** `grafana_dashboard`. */
export class GrafanaDashboard extends TerraformResource {
  public static readonly tfResourceType = 'grafana_dashboard';
  private readonly config: GrafanaDashboardConfig;

  constructor(scope: Construct, id: string, config: GrafanaDashboardConfig) {
    super(scope, id, { terraformResourceType: 'grafana_dashboard', terraformGeneratorMetadata: GENERATOR, ...config });
    this.config = config;
  }

  public get url(): string {
    return this.getStringAttribute('url');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { config_json: this.config.configJson, folder: this.config.folder, overwrite: this.config.overwrite, message: this.config.message };
  }
}

export interface GrafanaDataSourceConfig extends TerraformMetaArguments {
  readonly name: string;
  readonly type: string;
  readonly uid?: string;
  readonly url?: string;
  readonly isDefault?: boolean;
  readonly accessMode?: 'proxy' | 'direct';
  /** JSON text of `jsonData`. */
  readonly jsonDataEncoded?: string;
}

/** `grafana_data_source`. */
export class GrafanaDataSource extends TerraformResource {
  public static readonly tfResourceType = 'grafana_data_source';
  private readonly config: GrafanaDataSourceConfig;

  constructor(scope: Construct, id: string, config: GrafanaDataSourceConfig) {
    super(scope, id, { terraformResourceType: 'grafana_data_source', terraformGeneratorMetadata: GENERATOR, ...config });
    this.config = config;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      name: this.config.name,
      type: this.config.type,
      uid: this.config.uid,
      url: this.config.url,
      is_default: this.config.isDefault,
      access_mode: this.config.accessMode,
      json_data_encoded: this.config.jsonDataEncoded,
    };
  }
}
