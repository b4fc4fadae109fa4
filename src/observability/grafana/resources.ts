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

/**
 * A `grafana_*` resource whose Terraform attributes are the listed config props in snake_case (`configJson` →
 * `config_json`), in the listed order; the meta-arguments (provider, dependsOn, ...) go to cdktf.
 */
abstract class GrafanaResource<C extends TerraformMetaArguments> extends TerraformResource {
  protected constructor(
    scope: Construct, id: string, type: string,
    private readonly config: C,
    private readonly attributes: ReadonlyArray<keyof C & string>,
  ) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: GENERATOR, ...config });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return Object.fromEntries(this.attributes.map((a) => [a.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), this.config[a]]));
  }
}

export interface GrafanaFolderConfig extends TerraformMetaArguments {
  readonly title: string;
  readonly uid?: string;
}

/** `grafana_folder`. */
export class GrafanaFolder extends GrafanaResource<GrafanaFolderConfig> {
  public static readonly tfResourceType = 'grafana_folder';

  constructor(scope: Construct, id: string, config: GrafanaFolderConfig) {
    super(scope, id, GrafanaFolder.tfResourceType, config, ['title', 'uid']);
  }
}

export interface GrafanaDashboardConfig extends TerraformMetaArguments {
  /** The complete dashboard model, as JSON text. */
  readonly configJson: string;
  /** UID of the folder. */
  readonly folder?: string;
  readonly overwrite?: boolean;
}

/** `grafana_dashboard`. */
export class GrafanaDashboard extends GrafanaResource<GrafanaDashboardConfig> {
  public static readonly tfResourceType = 'grafana_dashboard';

  constructor(scope: Construct, id: string, config: GrafanaDashboardConfig) {
    super(scope, id, GrafanaDashboard.tfResourceType, config, ['configJson', 'folder', 'overwrite']);
  }
}

export interface GrafanaDataSourceConfig extends TerraformMetaArguments {
  readonly name: string;
  readonly type: string;
  readonly uid?: string;
  readonly url?: string;
  readonly isDefault?: boolean;
  /** JSON text of `jsonData`. */
  readonly jsonDataEncoded?: string;
}

/** `grafana_data_source`. */
export class GrafanaDataSource extends GrafanaResource<GrafanaDataSourceConfig> {
  public static readonly tfResourceType = 'grafana_data_source';

  constructor(scope: Construct, id: string, config: GrafanaDataSourceConfig) {
    super(scope, id, GrafanaDataSource.tfResourceType, config, ['name', 'type', 'uid', 'url', 'isDefault', 'jsonDataEncoded']);
  }
}
