import { SecretRef, SecretStore, osEnviron } from '../../src/core';

describe('SecretRef', () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-AbCdEf';

  it('references AWS secrets, with an optional JSON key, in ECS valueFrom form', () => {
    expect(SecretRef.awsSecretsManager(arn).toEcsValueFrom()).toBe(arn);
    expect(SecretRef.awsSecretsManager(arn, 'password').toEcsValueFrom()).toBe(`${arn}:password::`);
    expect(SecretRef.awsSecretsManager(arn).store).toBe(SecretStore.AWS_SECRETS_MANAGER);
  });

  it('rejects what is not a secret ARN, with the fix', () => {
    expect(() => SecretRef.awsSecretsManager('sk-not-an-arn')).toThrow(/is not a Secrets Manager secret ARN.*Fix: pass the ARN/);
  });

  it('references GCP and Kubernetes secrets', () => {
    expect(SecretRef.gcpSecretManager('projects/p/secrets/openai', '3').gcpSecret).toEqual({ secret: 'projects/p/secrets/openai', version: '3' });
    expect(SecretRef.gcpSecretManager('openai').gcpSecret.version).toBe('latest');
    expect(SecretRef.kubernetes('llm-keys', 'openai').kubernetesSecret).toEqual({ name: 'llm-keys', key: 'openai' });
    expect(() => SecretRef.gcpSecretManager('openai', 'v1')).toThrow(/is not a secret version/);
    expect(() => SecretRef.kubernetes('Bad_Name', 'k')).toThrow(/DNS-1123/);
  });

  it('refuses to be used as the wrong store', () => {
    expect(() => SecretRef.kubernetes('a', 'b').toEcsValueFrom()).toThrow(/kubernetes secret, but a aws-secrets-manager secret is needed/);
  });

  it('renders LiteLLM env references', () => {
    expect(osEnviron('OPENAI_API_KEY')).toBe('os.environ/OPENAI_API_KEY');
  });
});
