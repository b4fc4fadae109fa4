import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { z } from 'zod';
import {
  ProblemCollector,
  TerraformLiterals,
  escapeTerraformTemplate,
  escapeTerraformTemplates,
  liveTemplateSequences,
  terraformExpression,
  validateProps,
} from '../../src/core';
import { Lazy, TerraformLocal, TerraformOutput, TerraformStack, Testing } from '../../src/core/cdktf';

/** A construct that validates its props, like every library construct. */
class Validated extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    validateProps(this, z.object({}), {});
  }
}

describe('escapeTerraformTemplate', () => {
  it('escapes interpolations and directives, once', () => {
    expect(escapeTerraformTemplate('a-${var.nope}')).toBe('a-$${var.nope}');
    expect(escapeTerraformTemplate('%{ if true }x%{ endif }')).toBe('%%{ if true }x%%{ endif }');
    expect(escapeTerraformTemplate('$${already}')).toBe('$$${already}');
    expect(escapeTerraformTemplate('no braces $ % {')).toBe('no braces $ % {');
  });

  it('keeps cdktf token markers live, and a $ right before one literal', () => {
    expect(escapeTerraformTemplate('arn:${TfToken[TOKEN.12]}/x-${y}')).toBe('arn:${TfToken[TOKEN.12]}/x-${"$"}{y}');
    expect(escapeTerraformTemplate('a$$${TfToken[TOKEN.1]}')).toBe('a${"$"}${"$"}${TfToken[TOKEN.1]}');
    // A marker the token map does not know is user text.
    expect(escapeTerraformTemplate('${TfToken[TOKEN.999]}', () => false)).toBe('$${TfToken[TOKEN.999]}');
  });

  it('escapes the keys and values of plain data, and leaves other objects alone', () => {
    class Other {
      public readonly v = '${x}';
    }
    const other = new Other();
    expect(escapeTerraformTemplates({ '${k}': ['${v}', 1, other], '//': { note: '${kept}' } })).toEqual({ '$${k}': ['$${v}', 1, other], '//': { note: '${kept}' } });
  });
});

describe('liveTemplateSequences', () => {
  it('finds what Terraform would evaluate, skipping escapes', () => {
    expect(liveTemplateSequences('a-${var.x}-$${lit}-%{ if "}" }b')).toEqual([
      { kind: 'interpolation', index: 2, text: '${var.x}' },
      { kind: 'directive', index: 19, text: '%{ if "}" }' },
    ]);
    expect(liveTemplateSequences(escapeTerraformTemplate('x${a}%{b}$${c}'))).toEqual([]);
  });

  it('never finds a live sequence in escaped text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '"', 'a', '\\'), maxLength: 40 }), (s) => {
      expect(liveTemplateSequences(escapeTerraformTemplate(s))).toEqual([]);
    }), { numRuns: 2000 });
  });
});

describe('TerraformLiterals', () => {
  it('protects a construct that validated its props, and leaves other scopes alone', () => {
    // GIVEN one validated construct and one plain construct, each with an output holding user text
    const stack = new TerraformStack(Testing.app(), 'literals');
    const safe = new Validated(stack, 'Safe');
    new TerraformOutput(safe, 'Text', { value: 'a-${var.nope}' });
    const plain = new Construct(stack, 'Plain');
    new TerraformOutput(plain, 'Expr', { value: '${var.intended}' });
    new ProblemCollector().throwIfAny('a string scope protects nothing');
    new ProblemCollector().throwIfAny(stack);
    validateProps(stack, z.object({}), {});
    // WHEN synthesized
    const json = JSON.parse(Testing.synth(stack, false));
    // THEN only the validated construct's text is literal
    const outputs = Object.values(json.output) as Array<{ value: string }>;
    expect(outputs.map((o) => o.value).sort()).toEqual(['${var.intended}', 'a-$${var.nope}']);
    expect(TerraformLiterals.isProtected(safe)).toBe(true);
    expect(TerraformLiterals.isProtected(plain)).toBe(false);
    expect(TerraformLiterals.isProtected(stack)).toBe(false);
  });

  it('escapes what lazy values produce, also nested ones, and keeps references and expressions live', () => {
    const stack = new TerraformStack(Testing.app(), 'lazy');
    const local = new TerraformLocal(stack, 'L', 'x');
    const safe = new Validated(stack, 'Safe');
    const inner = Lazy.stringValue({ produce: () => `in-\${a}-${local.asString}` });
    new TerraformOutput(safe, 'Lazy', { value: Lazy.stringValue({ produce: () => `out-%{b}-${inner}` }) });
    new TerraformOutput(safe, 'Any', { value: Lazy.anyValue({ produce: () => ({ '${k}': ['${v}'] }) }) });
    new TerraformOutput(safe, 'Expr', { value: `p-${terraformExpression(safe, 'local.L')}` });
    const json = JSON.parse(Testing.synth(stack, false));
    const byPrefix = (p: string) => Object.entries(json.output as Record<string, { value: unknown }>).find(([k]) => k.startsWith(p))![1].value;
    expect(byPrefix('Safe_Lazy')).toBe('out-%%{b}-in-${"$"}{a}-${local.L}');
    expect(byPrefix('Safe_Any')).toEqual({ '$${k}': ['$${v}'] });
    expect(byPrefix('Safe_Expr')).toBe('p-${local.L}');
  });
});

/**
 * The strongest proof: Terraform itself reads every escaped string back as the original text, also next
 * to a live reference. Outputs and locals need no provider, so `terraform apply` runs offline.
 */
describe('escaped text through real Terraform', () => {
  const hasTerraform = (() => {
    try {
      execFileSync('terraform', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const maybe = hasTerraform ? it : it.skip;

  maybe('reads back exactly the user text (property, one apply for all samples)', () => {
    // GIVEN template-heavy random strings, each put into an output alone and around a live reference
    const samples = fc.sample(fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '"', '\\', 'a', ' ', '~', '\n', 'é'), maxLength: 24 }), { numRuns: 150, seed: 42 });
    samples.push('${file("/etc/passwd")}', '%{ for x in [1] }${x}%{ endfor }', 'trailing$', '$$', '$${x}');
    const app = Testing.app();
    const stack = new TerraformStack(app, 'roundtrip');
    const local = new TerraformLocal(stack, 'ref', 'R');
    const safe = new Validated(stack, 'Safe');
    samples.forEach((s, i) => {
      new TerraformOutput(safe, `alone${i}`, { value: s, staticId: true });
      new TerraformOutput(safe, `around${i}`, { value: `${s}${local.asString}${s}`, staticId: true });
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-literals-'));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), Testing.synth(stack, false));
    // WHEN Terraform applies it
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    execFileSync('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env, stdio: 'pipe' });
    execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env, stdio: 'pipe' });
    const out = JSON.parse(execFileSync('terraform', ['output', '-json'], { cwd: dir, env }).toString()) as Record<string, { value: string }>;
    fs.rmSync(dir, { recursive: true, force: true });
    // THEN every output is the user text, and the reference between the copies resolved
    samples.forEach((s, i) => {
      expect(out[`alone${i}`].value).toBe(s);
      expect(out[`around${i}`].value).toBe(`${s}R${s}`);
    });
  });
});
