/** The drill constructs' provider bindings (provider-resources.ts), loaded on first call, not at import. */
export function drillProviderResources(): typeof import('./provider-resources') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./provider-resources');
}
