import { queries } from '../../../src/observability/dashboards/queries';
import { featureRuleGroups, featureScope, isAlertingRule, recordName } from '../../../src/observability/slo';
import { describeWithEngine, promtoolCheckRules } from '../../observability/engines';
import {
  allRunbookQueries, blockKey, evidence, fact, promqlBlocks, renderRunbook, rollbackGateway, runbookQueries, type GatewayReadinessFacts,
} from '../api';
import { ecsGateway, readyFacts } from '../fixtures';

function withGateway(names: GatewayReadinessFacts['names'], kind: string, adminEndpoint?: string) {
  const { adminEndpoint: _a, ...gw } = ecsGateway();
  return readyFacts({ gateway: { ...gw, kind: fact(kind), names, ...(adminEndpoint ? { adminEndpoint } : {}) } });
}

describe('runbook', () => {
  const f = readyFacts();
  const md = renderRunbook(f);

  test('covers the four incidents, the decision with thresholds, and the actions', () => {
    for (const h of ['## 1. Model outage', '## 2. Provider timeout spike', '## 3. Cost surge', '## 4. Vector store degradation', '## Decisions at a glance', '## Actions']) {
      expect(md).toContain(h);
    }
    // 14.4 × (1 - 0.999): the fast-burn page threshold of the feature's availability SLO
    expect(md).toContain('below 0.0144');
    expect(md).toContain('Not applicable: the feature has no vector collection.');
    expect(md).toContain('uid `llm-team-llm-gateway-hiring`');
    expect(md).toContain('Show the manual form; the posting is saved as a draft');
  });

  test('shows the dashboard\'s and the alerts\' own expressions (no retyped PromQL)', () => {
    const scope = featureScope('llm-gateway', 'hiring', 'job-description-gen', 'hiring/job-description-gen');
    const blocks = promqlBlocks(md);
    expect(blocks).toContain(queries.errorRatio(scope, '5m'));
    expect(blocks).toContain(queries.deploymentFailureRatioFor(scope));
    expect(blocks).toContain(queries.spendPerHourBy(scope, ['requested_model']));
    // the error-ratio recording it reads is one the feature's rule group records
    const groups = featureRuleGroups({ gateway: 'llm-gateway', team: 'hiring', feature: 'job-description-gen', keyAlias: 'hiring/job-description-gen', slo: { availability: 0.999, latencyP95Ms: 1200 }, monthlyBudgetUsd: 1000 });
    const records = groups.flatMap((g) => g.rules).filter((r) => !isAlertingRule(r)).map((r) => (r as { record: string }).record);
    expect(records).toContain(recordName(scope, 'llm_request_error_ratio', '5m'));
    // every alert the runbook names exists in the rules
    const alerts = new Set(groups.flatMap((g) => g.rules).filter(isAlertingRule).map((r) => r.alert));
    for (const name of ['LlmAvailabilityBudgetBurn', 'LlmLatencyBudgetBurn', 'LlmSpendBudgetExhaustionProjected']) {
      expect(alerts.has(name)).toBe(true);
      expect(md).toContain(`\`${name}\``);
    }
  });

  test('every query of the runbook is in the Markdown', () => {
    const blocks = promqlBlocks(md);
    expect(blocks.length).toBeGreaterThan(15);
    for (const q of allRunbookQueries(f)) expect(blocks).toContain(q.expr);
  });

  test('is deterministic', () => {
    expect(renderRunbook(readyFacts())).toBe(md);
  });

  test('ECS: block by alias with the master key, the alias move as a platform deploy, rollback with the real names', () => {
    expect(md).toContain('export ADMIN_URL=https://llm.internal.example.com:8443');
    expect(md).toContain('aws secretsmanager get-secret-value --region us-east-1 --secret-id llm-gateway/master-key-1234');
    expect(md).toContain('curl -sSf -G "$ADMIN_URL/key/list" --data-urlencode key_alias=hiring/job-description-gen -H "Authorization: Bearer $MASTER_KEY" | jq -r \'.keys[0]\'');
    expect(md).toContain('curl -sSf -X POST "$ADMIN_URL/key/block" -H "Authorization: Bearer $MASTER_KEY" -H \'Content-Type: application/json\' -d "{\\"key\\": \\"$TOKEN\\"}"');
    expect(md).toContain('"$ADMIN_URL/key/unblock"');
    expect(md).toContain('npx cdktf deploy platform');
    expect(md).toContain('aws ecs update-service --region us-east-1 --cluster llm-gateway-f7051705 --service llm-gateway-litellm-7b2a08f7 --task-definition "$PREVIOUS"');
    expect(md).toContain('aws ecs list-task-definitions --region us-east-1 --family-prefix llm-gateway-litellm-7b2a08f7 --sort DESC');
  });

  test('Cloud Run: identity token beside the master key, traffic back to the previous revision', () => {
    const g = withGateway({ gcp: { project: 'acme-llm-prod', region: 'europe-west1', serviceName: 'llm-gateway-f7051705', adminServiceName: 'llm-gateway-admin-b2ca2c3e', masterKeySecretId: 'llm-gateway-master-key' } }, 'cloud-run');
    const text = renderRunbook(g);
    expect(text).toContain('gcloud run services describe llm-gateway-admin-b2ca2c3e --region europe-west1 --project acme-llm-prod');
    expect(text).toContain('-H "X-Serverless-Authorization: Bearer $ID_TOKEN"');
    expect(text).toContain('gcloud run services update-traffic llm-gateway-f7051705 --region europe-west1 --project acme-llm-prod --to-revisions "$PREVIOUS=100"');
  });

  test('Kubernetes: port-forward for admin access, rollout undo', () => {
    const g = withGateway({ kubernetes: { namespace: 'llm-gateway', deploymentName: 'gateway-bdb7daeb', masterKeySecret: { name: 'gateway-keys-1be59a1b', key: 'master-key' } } }, 'kubernetes');
    const text = renderRunbook(g);
    expect(text).toContain('kubectl -n llm-gateway port-forward deployment/gateway-bdb7daeb 4000:4000');
    expect(text).toContain("kubectl -n llm-gateway get secret gateway-keys-1be59a1b -o jsonpath='{.data.master-key}' | base64 -d");
    expect(rollbackGateway(g).lines).toEqual(['kubectl -n llm-gateway rollout undo deployment/gateway-bdb7daeb', 'kubectl -n llm-gateway rollout status deployment/gateway-bdb7daeb --timeout 10m']);
  });

  test('vector store degradation: Aurora failover with the cluster identifier', () => {
    const g = { ...f, vectorCollection: { backend: fact('aurora-pgvector'), collection: fact({ name: 'jd_examples', dimensions: 1536 }, evidence.prop('props.vectorCollection')), grants: fact(['jd-gen']), names: { aurora: { clusterIdentifier: 'llm-vectors-1a2b', region: 'us-east-1' } } } };
    const text = renderRunbook(g);
    expect(text).toContain('aws rds failover-db-cluster --region us-east-1 --db-cluster-identifier llm-vectors-1a2b');
    expect(text).toContain('collection `jd_examples` (aurora-pgvector)');
  });

  test('user text is quoted for the shell', () => {
    const g = readyFacts({ name: 'jd-gen' });
    const weird = { ...g, feature: { ...g.feature, keyAlias: "hiring/it's" } };
    expect(blockKey(weird).lines[0]).toContain("--data-urlencode 'key_alias=hiring/it'\\''s'");
  });
});

describeWithEngine('promtool', 'runbook PromQL (promtool)', () => {
  test('every expression in every runbook parses', () => {
    const facts = [readyFacts(), readyFacts({ team: 'search', name: 'rank' })];
    const exprs = facts.flatMap((x) => promqlBlocks(renderRunbook(x)));
    const yaml = ['groups:', '  - name: runbook', '    rules:', ...exprs.map((e, i) => `      - record: runbook:q${i}\n        expr: ${JSON.stringify(e)}`)].join('\n');
    const r = promtoolCheckRules(`${yaml}\n`);
    expect(r.output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(r.status).toBe(0);
  });
  test('the queries are the same per incident as the list the runbook exposes', () => {
    const q = runbookQueries(readyFacts());
    expect(Object.keys(q)).toEqual(['model-outage', 'provider-timeouts', 'cost-surge', 'vector-store']);
  });
});
