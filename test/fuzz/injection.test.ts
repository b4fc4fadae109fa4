import { clone, parentOf, paths, type Path } from './engine';
import { FUZZ_TARGETS } from './targets';
import { ValidationError, liveTemplateSequences } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { synthToDirectory, terraformValidate } from '../../src/testing';

/**
 * Every string prop that reaches cdktf, one at a time, with Terraform template syntax in it: either the
 * construct rejects it (ValidationError), or the synthesized JSON holds it as literal text. Then all the accepted
 * injections at once go through `terraform validate`, which fails on any live `${var.nope}` or `${file(...)}`
 * (for the ECS gateway in npm test, for every AWS target in `npx projen fuzz`).
 */
const PAYLOADS = ['-${var.nope}', '-${file("/etc/passwd")}', '-%{ if true }x%{ endif }', '$', '-$${esc}'];

function leaks(json: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const seq of liveTemplateSequences(v)) if (/var\.nope|file\(|if true/.test(seq.text)) found.push(seq.text);
    } else if (Array.isArray(v)) {v.forEach(walk);} else if (v && typeof v === 'object') {for (const [k, x] of Object.entries(v)) { walk(k); walk(x); }}
  };
  walk(json);
  return found;
}

describe.each(FUZZ_TARGETS.filter((t) => t.aws).map((t) => [t.name, t] as const))('%s: injected Terraform syntax stays text', (_name, target) => {
  const template = target.template();
  const stringPaths = paths(template).filter((p) => typeof parentOf(template, p)?.[p[p.length - 1] as any] === 'string');
  const inject = (args: unknown[], path: Path, payload: string): void => {
    const parent = parentOf(args, path);
    parent[path[path.length - 1] as any] = `${parent[path[path.length - 1] as any]}${payload}`;
  };

  it('is rejected or escaped, prop by prop', () => {
    const outcomes: string[] = [];
    for (const path of stringPaths) {
      for (const payload of PAYLOADS) {
        const args = clone(template);
        inject(args, path, payload);
        const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'inject');
        try {
          target.build(args, stack);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          outcomes.push(`${path.join('.')}: rejected`);
          continue;
        }
        expect({ path: path.join('.'), payload, leaks: leaks(JSON.parse(Testing.synth(stack, true))) }).toEqual({ path: path.join('.'), payload, leaks: [] });
        outcomes.push(`${path.join('.')}: escaped`);
      }
    }
    expect(outcomes.length).toBe(stringPaths.length * PAYLOADS.length);
  });

  // Real Terraform costs ~10 s per stack: npm test checks the ECS gateway (the most user text); the fuzz task all.
  const validate = process.env.FUZZ_FULL === '1' || target.name.startsWith('LlmGateway') ? it : it.skip;
  validate('passes terraform validate with every accepted injection at once', async () => {
    const args = clone(template);
    for (const path of stringPaths) {
      const trial = clone(args);
      inject(trial, path, PAYLOADS[0] + PAYLOADS[1]);
      try {
        target.build(trial, new TerraformStack(Testing.app({ stubVersion: true }), 'probe'));
        inject(args, path, PAYLOADS[0] + PAYLOADS[1]);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
      }
    }
    const stack = new TerraformStack(Testing.app({ stubVersion: true }), 'inject');
    target.build(args, stack);
    const result = await terraformValidate(synthToDirectory(stack));
    expect(result.status === 'failed' ? result.message : 'ok').toBe('ok');
  });
});
