/** The tenancy's AWS provider bindings (resources.ts), loaded on first call so importing the package stays cheap. */
export function tenancyAwsResources(): typeof import('./resources') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./resources');
}
