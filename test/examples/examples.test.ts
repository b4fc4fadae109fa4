import { buildExample, EXAMPLES } from './load-examples';
import { TerraformStack } from '../../src/core/cdktf';
import { synthToDirectory, terraformCheck } from '../../src/testing';

// Every example under examples/ is synthesized and checked by real Terraform (validate + mocked
// plan/apply against the AWS provider schema). Resources of providers with no binary offline are
// listed, never silently passed.
function stacksOf(name: string): TerraformStack[] {
  return buildExample(name).node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
}

describe.each([...EXAMPLES])('example %s', (name) => {
  const stacks = stacksOf(name);

  it('defines at least one stack', () => {
    expect(stacks.length).toBeGreaterThan(0);
  });

  it.each(stacks.map((s) => [s.node.id, s] as const))('stack %s passes the real-Terraform check', async (_id, stack) => {
    const dir = synthToDirectory(stack);
    const result = await terraformCheck(dir);
    if (result.notValidated.length > 0) {
      // Said out loud in the test output: what Terraform could not check offline.
      const leftOut = result.notValidated.filter((a) => !a.startsWith('provider:') && !a.startsWith('output.'));
      process.stdout.write(
        `[${name}/${stack.node.id}] Terraform checked ${result.checkedResources ?? 0} resources; NOT validated (no provider binary offline): ` +
          `${result.notValidated.filter((a) => a.startsWith('provider:')).join(', ')} — ${leftOut.length} resources: ${leftOut.join(', ')}\n`,
      );
    }
    if (result.status === 'skipped' && result.checkedResources === 0) {
      // Nothing here is checkable offline (e.g. a Google-only stack): skipped with the reason, never "passed".
      expect(result.message).toMatch(/^nothing to check/);
      expect(result.notValidated.length).toBeGreaterThan(0);
      return;
    }
    if (result.status === 'skipped' && process.env.CI !== 'true') return; // no terraform on this machine (never in CI)
    expect(result.message).not.toMatch(/Error:/);
    expect(result.status).toBe('passed');
    expect(result.passedRuns).toBe(2);
  });
});
