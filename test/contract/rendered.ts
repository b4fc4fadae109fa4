import { unescapeTerraformTemplate } from '../../src/core';

/** What the synthesized Terraform gives one LiteLLM container: its config, environment and arguments. */
export interface RenderedLiteLlm {
  /** `<resource address>/<container name>`. */
  readonly where: string;
  readonly image: string;
  /** The config the container loads (file or bucket), when it loads one. */
  readonly config?: string;
  /** Environment names; plain values as Terraform will read them (references and secrets as `<ref>`). */
  readonly environment: Record<string, string>;
  /** Arguments to `litellm`, when the container runs LiteLLM's CLI (undefined for other programs). */
  readonly args?: string[];
}

const isLiteLlmImage = (image: unknown): image is string => typeof image === 'string' && /berriai\/litellm/.test(image);
const plain = (v: unknown): string => (typeof v === 'string' ? unescapeTerraformTemplate(v) : '<ref>');

function resources(json: any, type: string): Array<[string, any]> {
  return Object.entries(json.resource?.[type] ?? {}).map(([id, r]) => [`${type}.${id}`, r]);
}

/** Config files a stack renders, by kind (S3 object, Secret Manager version, ConfigMap). */
function configTexts(json: any): string[] {
  const texts: string[] = [];
  for (const [, r] of resources(json, 'aws_s3_object')) if (typeof r.content === 'string' && /model_list:/.test(r.content)) texts.push(unescapeTerraformTemplate(r.content));
  for (const [, r] of resources(json, 'google_secret_manager_secret_version')) if (typeof r.secret_data === 'string' && /model_list:/.test(r.secret_data)) texts.push(unescapeTerraformTemplate(r.secret_data));
  for (const [, r] of resources(json, 'kubernetes_config_map_v1')) for (const v of Object.values<any>(r.data ?? {})) if (typeof v === 'string' && /model_list:/.test(v)) texts.push(unescapeTerraformTemplate(v));
  return texts;
}

/** A container's CLI arguments when the image's entrypoint (litellm) receives them. */
function cliArgs(command: unknown): string[] | undefined {
  if (!Array.isArray(command)) return [];
  return command.length > 0 && !String(command[0]).startsWith('-') ? undefined : command.map(plain);
}

/**
 * Every LiteLLM container of a synthesized stack (ECS task definitions, Cloud Run services and jobs,
 * Kubernetes deployments and jobs), with the config it loads (one config per stack: the gateway's).
 */
export function renderedLiteLlmContainers(json: any): RenderedLiteLlm[] {
  const configs = configTexts(json);
  const config = configs[0];
  const out: RenderedLiteLlm[] = [];
  const loadsConfig = (env: Record<string, string>, args: string[] | undefined): boolean => 'LITELLM_CONFIG_BUCKET_NAME' in env || (args ?? []).some((a) => a === '--config' || a === '-c');
  for (const [address, r] of resources(json, 'aws_ecs_task_definition')) {
    const defs = JSON.parse(unescapeTerraformTemplate(r.container_definitions));
    for (const c of defs) {
      if (!isLiteLlmImage(c.image)) continue;
      const environment: Record<string, string> = {};
      for (const e of c.environment ?? []) environment[e.name] = plain(e.value);
      for (const s of c.secrets ?? []) environment[s.name] = '<secret>';
      const args = cliArgs(c.command);
      out.push({ where: `${address}/${c.name}`, image: c.image, environment, args, ...(loadsConfig(environment, args) ? { config } : {}) });
    }
  }
  const k8sOrRun = (address: string, containers: any[]): void => {
    for (const c of containers ?? []) {
      if (!isLiteLlmImage(c.image)) continue;
      const environment: Record<string, string> = {};
      for (const e of c.env ?? []) environment[e.name] = e.value !== undefined ? plain(e.value) : '<secret>';
      const args = c.command !== undefined ? cliArgs(c.command) : cliArgs(c.args ?? []);
      out.push({ where: `${address}/${c.name}`, image: c.image, environment, args, ...(loadsConfig(environment, args) ? { config } : {}) });
    }
  };
  for (const [a, r] of resources(json, 'google_cloud_run_v2_service')) k8sOrRun(a, r.template?.containers);
  for (const [a, r] of resources(json, 'google_cloud_run_v2_job')) k8sOrRun(a, r.template?.template?.containers);
  for (const [a, r] of resources(json, 'kubernetes_deployment_v1')) k8sOrRun(a, r.spec?.template?.spec?.container);
  for (const [a, r] of resources(json, 'kubernetes_job_v1')) k8sOrRun(a, r.spec?.template?.spec?.container);
  return out;
}
