import { Construct } from 'constructs';
import { z } from 'zod';
import { ProblemCollector, SecretRef, ValidationError, awsTags, findLiteralSecrets, looksLikeSecret, redactSecrets, validateProps } from '../../src/core';
import { TerraformStack, Testing } from '../../src/core/cdktf';

// Shaped like real credentials, made up here (fixed random characters).
const SECRETS = {
  huggingFace: 'hf_Qm9vYmFyQmF6UXV4UXV1eENvcmdlR3JhdWx0',
  githubFineGrained: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ',
  stripeLive: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  openai: 'sk-proj-abcdefghijklmnopqrstuvwx',
};

const catchValidation = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
};

describe('secret detection', () => {
  it.each(Object.entries(SECRETS))('detects %s', (_name, value) => {
    expect(looksLikeSecret(`prefix ${value} suffix`)).toBe(true);
    expect(redactSecrets(`a ${value} b`)).toBe('a <redacted> b');
  });

  it.each([
    ['a git commit', 'f292d1ae7d83f2bc07c80c10d1a61bf63cb087bd'],
    ['an image digest', 'sha256:9b2a5f1c0d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c'],
    ['a secret ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-key-AbCdEf'],
    ['a base64 hash', 'n2X0m6tbVvHc3pOq1aYl8m0xS8R1eFv7Zq4d2c9kWwE='],
    ['a model id', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
    ['a config hash', 'c8693cc2890d8fc7f124b2beef46c5df07689f1f59e9414ce139c46bd4b43b4a'],
  ])('does not flag %s', (_what, value) => {
    expect(looksLikeSecret(value)).toBe(false);
  });

  it('finds secrets in keys and at any depth, and never echoes them', () => {
    const props = { description: `token ${SECRETS.jwt}`, tags: { extra: { [SECRETS.huggingFace]: 'x' } }, list: [{ reason: SECRETS.stripeLive }] };
    const problems = findLiteralSecrets(props);
    expect(problems.map((p) => p.path)).toEqual(['description', 'tags.extra.<redacted key>', 'list[0].reason']);
    const e = catchValidation(() => validateProps('Thing', z.object({}).loose(), props));
    for (const s of Object.values(SECRETS)) expect(e.message).not.toContain(s);
    expect(JSON.stringify(e.problems)).not.toContain(SECRETS.huggingFace);
  });

  it('redacts a secret a check put into its own message', () => {
    const e = catchValidation(() => new ProblemCollector().add('x', 'y', `is ${SECRETS.awsSecretKey}`, `not ${SECRETS.openai}`).throwIfAny('Thing'));
    expect(e.message).not.toContain(SECRETS.awsSecretKey);
    expect(e.message).not.toContain(SECRETS.openai);
  });
});

describe('AWS tags', () => {
  it('reject characters and lengths AWS does not allow, naming each prop', () => {
    const e = catchValidation(() => awsTags({ team: 'a${b}', costCenter: 'cc%1', extra: { 'ok key': 'v\u0000', ['x'.repeat(129)]: 'v', 'k': 'v'.repeat(257) } }));
    expect(e.problems.map((p) => p.path)).toEqual(['team', 'costCenter', 'extra.ok key', `extra.${'x'.repeat(129)}`, 'extra.k']);
  });

  it('accept letters of any script, spaces and the allowed punctuation', () => {
    expect(awsTags({ team: 'Équipe Données', extra: { 'app:tier/name': 'a_b.c=d+e-f@g' } })).toMatchObject({ 'team': 'Équipe Données', 'app:tier/name': 'a_b.c=d+e-f@g' });
  });

  it('reject secrets in tag keys and values without echoing them', () => {
    const e = catchValidation(() => awsTags({ extra: { [SECRETS.githubFineGrained]: 'x', note: SECRETS.jwt } }));
    expect(e.message).not.toContain(SECRETS.githubFineGrained);
    expect(e.message).not.toContain(SECRETS.jwt);
  });

  it('reject null and non-string input with a ValidationError', () => {
    expect(() => awsTags(null as never)).toThrow(ValidationError);
    expect(() => awsTags({ team: 5 as never, extra: { k: null as never } })).toThrow(ValidationError);
  });
});

describe('SecretRef', () => {
  it.each([undefined, null, 5, {}, ''])('rejects %p in every factory without a TypeError', (bad) => {
    expect(() => SecretRef.awsSecretsManager(bad as never)).toThrow(ValidationError);
    expect(() => SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf', bad === undefined ? 5 as never : bad as never)).toThrow(ValidationError);
    expect(() => SecretRef.gcpSecretManager(bad as never)).toThrow(ValidationError);
    expect(() => SecretRef.kubernetes(bad as never, bad as never)).toThrow(ValidationError);
  });

  it('turns a partial Secrets Manager ARN into the IAM resource that matches the secret', () => {
    const partial = SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:team/openai');
    const full = SecretRef.awsSecretsManager('arn:aws:secretsmanager:us-east-1:123456789012:secret:team/openai-AbC12f');
    expect(partial.isPartialAwsArn).toBe(true);
    expect(partial.awsIamResourceArn).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:team/openai-??????');
    expect(full.isPartialAwsArn).toBe(false);
    expect(full.awsIamResourceArn).toBe(full.awsSecretArn);
  });

  it('reports the wrong store as a ValidationError', () => {
    expect(() => SecretRef.kubernetes('a', 'b').awsIamResourceArn).toThrow(ValidationError);
  });
});

describe('construct ids', () => {
  class Validated extends Construct {
    constructor(scope: Construct, id: string) {
      super(scope, id);
      validateProps(this, z.object({}), {});
    }
  }

  it.each(['1gw', '-gw', '9'])('rejects %p, which makes Terraform names that do not start with a letter', (id) => {
    const stack = new TerraformStack(Testing.app(), 'ids');
    const e = catchValidation(() => new Validated(stack, id));
    expect(e.problems).toEqual([expect.objectContaining({ path: '(construct id)', received: JSON.stringify(id) })]);
    expect(e.problems[0].fix).toMatch(/start the id .* with a letter/);
  });

  it('rejects a digit-first id of an enclosing construct too, and accepts letter-first ids', () => {
    const stack = new TerraformStack(Testing.app(), 'ids');
    expect(() => new Validated(new Construct(stack, '2team'), 'gateway')).toThrow(/start the id of 'ids\/2team'/);
    expect(() => new Validated(stack, 'gw-1')).not.toThrow();
    expect(() => new Validated(stack, '_gw')).not.toThrow();
  });
});

describe('policy suppressions', () => {
  it('reject a reason holding a credential, without echoing it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PolicyBundle } = require('../../src/policy/bundle') as typeof import('../../src/policy/bundle');
    const stack = new TerraformStack(Testing.app(), 'suppress');
    const e = catchValidation(() => PolicyBundle.suppress(stack, 'LLM-SEC-1', `accepted, token ${SECRETS.githubFineGrained} rotated`));
    expect(e.problems.map((p) => p.path)).toEqual(['reason']);
    expect(e.message).not.toContain(SECRETS.githubFineGrained);
  });
});
