import { buildExample } from './load-examples';
import { TerraformStack, Testing } from '../../src/core/cdktf';
import { normalizeForSnapshot } from '../../src/testing';

// The vector store examples (issue 11 item 16): synthesized and snapshot-tested here; both policy packs
// run over them in test/policy/examples.test.ts and real Terraform in test/examples/examples.test.ts.
function synthExample(name: string): any {
  const stack = buildExample(name, Testing.app({ stubVersion: true })).node.children.find((c): c is TerraformStack => TerraformStack.isStack(c))!;
  return JSON.parse(Testing.synth(stack));
}
const all = (json: any, type: string) => Object.values<any>(json.resource[type] ?? {});

describe.each(['aws-pgvector', 'gcp-cloud-sql-pgvector', 'qdrant-helm'])('example %s', (name) => {
  test('snapshot', () => {
    expect(normalizeForSnapshot(synthExample(name))).toMatchSnapshot();
  });
});

describe('example gcp-cloud-sql-pgvector', () => {
  const json = synthExample('gcp-cloud-sql-pgvector');

  test('private IP, CMEK after the service agents are allowed to use the key, IAM users for both services', () => {
    const [instance] = all(json, 'google_sql_database_instance');
    expect(instance.settings.ip_configuration).toMatchObject({ ipv4_enabled: false, private_network: '${google_service_networking_connection.PrivateServicesPeering.network}' });
    expect(instance.encryption_key_name).toBe('${google_kms_crypto_key_iam_member.SecretManagerAgent.crypto_key_id}');
    expect(json.resource.google_kms_crypto_key_iam_member.SecretManagerAgent.crypto_key_id).toBe('${google_kms_crypto_key_iam_member.CloudSqlAgent.crypto_key_id}');
    expect(all(json, 'google_sql_user').filter((u) => u.type === 'CLOUD_IAM_SERVICE_ACCOUNT').map((u) => u.name).sort()).toEqual([
      'hiring-matcher@acme-llm-platform-dev.iam',
      'support-kb-app@acme-llm-platform-dev.iam',
    ]);
  });

  test('the pipeline step is an output, and the apply stops until it has run', () => {
    const [job] = all(json, 'google_cloud_run_v2_job');
    expect(json.output.bootstrap_command.value).toBe(`gcloud run jobs execute ${job.name} --region europe-west1 --project acme-llm-platform-dev --wait`);
    expect(all(json, 'google_cloud_scheduler_job')[0].lifecycle.precondition[0].error_message).toContain(json.output.bootstrap_command.value);
  });
});

describe('example qdrant-helm', () => {
  const json = synthExample('qdrant-helm');

  test('TLS by a private CA, an ingress policy admitting exactly the two teams, token Secrets named per store', () => {
    expect(all(json, 'kubernetes_manifest').map((m) => m.manifest.kind).sort()).toEqual(['Certificate', 'Certificate', 'Issuer', 'Issuer']);
    const policy = all(json, 'kubernetes_network_policy_v1').find((p) => p.metadata.namespace === 'vectors');
    expect(policy.spec.ingress[1].from[1].namespace_selector.match_expressions[0].values).toEqual(['hiring', 'support']);
    const release = all(json, 'helm_release')[0].name;
    expect(json.output.support_token_secret.value).toEqual({ namespace: 'support', name: `kb-api-${release}` });
    // The teams' namespaces deny ingress by default.
    expect(all(json, 'kubernetes_network_policy_v1').filter((p) => p.metadata.name === 'deny-ingress').map((p) => [p.metadata.namespace, p.spec.pod_selector]).sort()).toEqual([
      ['${kubernetes_namespace_v1.HiringNamespace.metadata[0].name}', {}],
      ['${kubernetes_namespace_v1.SupportNamespace.metadata[0].name}', {}],
    ]);
  });

  test('every resource of the store waits for the namespaces', () => {
    for (const [type, byId] of Object.entries<any>(json.resource)) {
      if (!/^(kubernetes|helm)_/.test(type) || type === 'kubernetes_namespace_v1') continue;
      for (const [id, config] of Object.entries<any>(byId)) {
        if (!id.startsWith('vectors_')) continue;
        expect([id, config.depends_on]).toEqual([id, expect.arrayContaining(['kubernetes_namespace_v1.VectorsNamespace', 'kubernetes_namespace_v1.SupportNamespace'])]);
      }
    }
  });
});
