/**
 * The AWS provider bindings of the building blocks (provider-resources.ts), loaded on first call: constructs
 * call this in their constructor, so importing the package does not pay for the bindings (~70 ms).
 */
export function awsProviderResources(): typeof import('./provider-resources') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./provider-resources');
}
