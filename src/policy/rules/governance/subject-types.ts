/** Subject types of governed constructs (not Terraform resource types). */
export const GATEWAY = 'llm:gateway';
export const FEATURE = 'llm:feature';
export const TENANT = 'llm:tenant';

/** Environment names treated as production when none are configured (policy rules and readiness share them). */
export const DEFAULT_PRODUCTION_ENVIRONMENTS: ReadonlyArray<string> = ['prod', 'production'];

/** True when `environment` is one of the production names (case-insensitive). */
export function isProduction(environment: string | undefined, productionEnvironments: ReadonlyArray<string> | undefined): boolean {
  if (!environment) return false;
  const names = (productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS).map((n) => n.toLowerCase());
  return names.includes(environment.toLowerCase());
}
