/** Subject types of governed constructs (not Terraform resource types). */
export const GATEWAY = 'llm:gateway';
export const FEATURE = 'llm:feature';
export const TENANT = 'llm:tenant';

/** True when `environment` is one of the production names (case-insensitive). */
export function isProduction(environment: string | undefined, productionEnvironments: ReadonlyArray<string> | undefined): boolean {
  if (!environment) return false;
  const names = (productionEnvironments ?? ['prod', 'production']).map((n) => n.toLowerCase());
  return names.includes(environment.toLowerCase());
}
