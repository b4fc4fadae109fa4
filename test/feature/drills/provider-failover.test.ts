import { describeWithEngine, promtoolCheckRules } from '../../observability/engines';
import {
  ATTEMPTED_FALLBACKS_HEADER, MOCK_TESTING_FALLBACKS_PARAM, fact, promqlBlocks, providerFailoverCheckQuery, providerFailoverRequest,
  renderProviderFailoverDrill,
} from '../api';
import { readyFacts, route } from '../fixtures';

describe('provider-failover drill', () => {
  test('the request forces a fallback of the feature\'s first alias that has one, on the feature\'s own key', () => {
    expect(providerFailoverRequest('chat')).toEqual({
      model: 'chat',
      messages: [{ role: 'user', content: 'Provider failover drill: reply with the single word OK.' }],
      max_tokens: 5,
      mock_testing_fallbacks: true,
    });
    const md = renderProviderFailoverDrill(readyFacts())!;
    expect(md).toContain('"mock_testing_fallbacks": true');
    expect(md).toContain('aws secretsmanager get-secret-value --region us-east-1 --secret-id llm-gateway/tenants/hiring/job-description-gen');
    expect(md).toContain('-H "Authorization: Bearer $FEATURE_KEY"');
    expect(md).toContain(`grep -i '^${ATTEMPTED_FALLBACKS_HEADER}: [1-9]' headers.txt`);
    expect(md).toContain('its fallback `chat-fallback` answers');
    expect(MOCK_TESTING_FALLBACKS_PARAM).toBe('mock_testing_fallbacks');
  });

  test('checks the fallback counter of exactly this feature, alias and fallback', () => {
    const q = providerFailoverCheckQuery(readyFacts())!;
    expect(q).toContain('litellm_deployment_successful_fallbacks_total{');
    expect(q).toContain('requested_model="chat", fallback_model="chat-fallback"');
    expect(q).toContain('api_key_alias=~"hiring/job-description-gen');
    expect(promqlBlocks(renderProviderFailoverDrill(readyFacts())!)).toEqual([q]);
  });

  test('is not applicable when no alias of the feature has a fallback', () => {
    const f = readyFacts();
    expect(renderProviderFailoverDrill({ ...f, models: [route('solo', [])] })).toBeUndefined();
    expect(providerFailoverCheckQuery({ ...f, models: [] })).toBeUndefined();
  });

  test('Kubernetes callers read the key from the team namespace', () => {
    const f = readyFacts();
    const md = renderProviderFailoverDrill({ ...f, access: { ...f.access, keySecret: fact({ store: 'kubernetes', id: 'team-hiring/jd-gen-key' }) } })!;
    expect(md).toContain("kubectl -n team-hiring get secret jd-gen-key -o jsonpath='{.data.api_key}' | base64 -d");
  });
});

describeWithEngine('promtool', 'drill PromQL (promtool)', () => {
  test('parses', () => {
    const q = providerFailoverCheckQuery(readyFacts())!;
    const r = promtoolCheckRules(`groups:\n  - name: drill\n    rules:\n      - record: drill:q\n        expr: ${JSON.stringify(q)}\n`);
    expect(r.output).toContain('SUCCESS: 1 rules found');
  });
});
