import type { RuleCase } from './harness';
import type { FeatureGovernanceFacts, GatewayGovernanceFacts } from '../../../src/policy/governance-facts';
import { rule as fallback } from '../../../src/policy/rules/governance/alias-fallback';
import { rule as budget } from '../../../src/policy/rules/governance/budget-and-limits';
import { rule as logging } from '../../../src/policy/rules/governance/message-logging';
import { rule as allowList } from '../../../src/policy/rules/governance/model-allow-list';
import { rule as pii } from '../../../src/policy/rules/governance/pii-guardrail';
import { rule as injection } from '../../../src/policy/rules/governance/prompt-injection-guardrail';
import { rule as structured } from '../../../src/policy/rules/governance/structured-output';
import { rule as tools } from '../../../src/policy/rules/governance/tool-execution';

export const gateway = (overrides: Partial<GatewayGovernanceFacts> = {}): GatewayGovernanceFacts => ({
  kind: 'gateway',
  models: [
    { alias: 'chat', provider: 'bedrock', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' },
    { alias: 'chat-fast', provider: 'bedrock', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' },
    { alias: 'embed', provider: 'bedrock', modelId: 'amazon.titan-embed-text-v2:0' },
    { alias: 'embed', provider: 'bedrock', modelId: 'amazon.titan-embed-text-v2:0' },
  ],
  fallbacks: [{ from: 'chat', to: ['chat-fast'], kind: 'general' }],
  messageLogging: false,
  messageLoggingAllowed: false,
  guardrails: [
    { name: 'policy-pii-masking', guardrail: 'litellm_pii', purpose: 'pii', defaultOn: true },
    { name: 'detect_prompt_injection', guardrail: 'detect_prompt_injection', purpose: 'prompt-injection', defaultOn: true },
  ],
  environment: 'prod',
  ...overrides,
});

export const feature = (overrides: Partial<FeatureGovernanceFacts> = {}): FeatureGovernanceFacts => ({
  kind: 'feature',
  team: 'hiring',
  name: 'job-description-gen',
  models: ['chat'],
  monthlyBudgetUsd: 2000,
  tokensPerMinute: 200_000,
  requestsPerMinute: 600,
  toolExecution: 'none',
  environment: 'prod',
  businessFallback: 'Show the manual form; the posting is saved as a draft',
  owner: 'hiring-squad',
  oncall: 'hiring-oncall',
  ...overrides,
});

export const cases: RuleCase[] = [
  // LLM-GOV-1 (issue 11 item 4: entries are provider/modelId; an allowed alias never allows the model behind it)
  { rule: allowList, name: 'gateway models on the list', type: 'llm:gateway', config: gateway(), options: { modelAllowList: ['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', 'bedrock/anthropic.claude-3-haiku-20240307-v1:0', 'bedrock/amazon.titan-embed-text-v2:0'] }, expected: 'compliant' },
  { rule: allowList, name: 'gateway model allowed by provider/id', type: 'llm:gateway', config: gateway({ models: [{ alias: 'x', provider: 'openai', modelId: 'gpt-4o' }] }), options: { modelAllowList: ['openai/gpt-4o'] }, expected: 'compliant' },
  { rule: allowList, name: 'gateway serves an unlisted model', type: 'llm:gateway', config: gateway(), options: { modelAllowList: ['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', 'bedrock/amazon.titan-embed-text-v2:0'] }, expected: ['Model::bedrock/anthropic.claude-3-haiku-20240307-v1:0'] },
  { rule: allowList, name: 'an allowed alias does not allow another provider model under it', type: 'llm:gateway', config: gateway({ models: [{ alias: 'chat', provider: 'openai', modelId: 'gpt-4o' }] }), options: { modelAllowList: ['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0'], aliasAllowList: ['chat'] }, expected: ['Model::openai/gpt-4o'] },
  { rule: allowList, name: 'a model id given as an alias is not an alias', type: 'llm:gateway', config: gateway({ models: [{ alias: 'openai/gpt-4o', provider: 'openai', modelId: 'gpt-4o' }] }), options: { aliasAllowList: ['chat'] }, expected: ['Alias::openai/gpt-4o'] },
  { rule: allowList, name: 'gateway publishes an unlisted alias', type: 'llm:gateway', config: gateway(), options: { aliasAllowList: ['chat', 'embed'] }, expected: ['Alias::chat-fast'] },
  { rule: allowList, name: 'feature uses an unlisted alias', type: 'llm:feature', config: feature({ models: ['chat', 'vision'] }), options: { aliasAllowList: ['chat'] }, expected: ['Alias::vision'] },
  { rule: allowList, name: 'team (TenantQuota) and its keys on allowed aliases', type: 'llm:tenant', config: { kind: 'tenant', team: 'hiring', gateway: 'gw', models: ['chat'], keys: [{ name: 'cv', models: ['chat'], rotationDays: 30 }] }, options: { aliasAllowList: ['chat'] }, expected: 'compliant' },
  { rule: allowList, name: 'team key on an unlisted alias', type: 'llm:tenant', config: { kind: 'tenant', team: 'hiring', gateway: 'gw', models: ['chat'], keys: [{ name: 'cv', models: ['vision'], rotationDays: 30 }] }, options: { aliasAllowList: ['chat'] }, expected: ['Alias::vision'] },
  { rule: allowList, name: 'feature with only a model allow-list (checked on the gateway)', type: 'llm:feature', config: feature({ models: ['chat', 'vision'] }), options: { modelAllowList: ['bedrock/x'] }, expected: 'not-applicable' },
  { rule: allowList, name: 'no allow-list configured', type: 'llm:feature', config: feature(), expected: 'not-applicable' },
  // LLM-GOV-2
  { rule: fallback, name: 'every alias protected (fallback, target, two deployments)', type: 'llm:gateway', config: gateway(), expected: 'compliant' },
  { rule: fallback, name: 'alias without fallback', type: 'llm:gateway', config: gateway({ fallbacks: [] }), expected: ['Alias::chat', 'Alias::chat-fast'] },
  { rule: fallback, name: 'context-window fallback does not protect against outages', type: 'llm:gateway', config: gateway({ fallbacks: [{ from: 'chat', to: ['chat-fast'], kind: 'context_window' }] }), expected: ['Alias::chat'] },
  { rule: fallback, name: 'feature uses a fallback target directly', type: 'llm:feature', config: feature({ models: ['chat', 'chat-fast'] }), gateways: [gateway()], expected: ['Alias::chat-fast'] },
  { rule: fallback, name: 'feature uses protected aliases', type: 'llm:feature', config: feature({ models: ['chat', 'embed'] }), gateways: [gateway()], expected: 'compliant' },
  { rule: fallback, name: 'feature with no gateway in scope', type: 'llm:feature', config: feature(), expected: 'not-applicable' },
  // LLM-GOV-3
  { rule: logging, name: 'message logging off', type: 'llm:gateway', config: gateway(), expected: 'compliant' },
  { rule: logging, name: 'message logging explicitly allowed', type: 'llm:gateway', config: gateway({ messageLogging: true, messageLoggingAllowed: true }), expected: 'compliant' },
  { rule: logging, name: 'message logging on without a decision', type: 'llm:gateway', config: gateway({ messageLogging: true }), expected: 'non-compliant' },
  // LLM-GOV-4
  { rule: pii, name: 'confidential feature behind a gateway with default-on PII masking', type: 'llm:feature', config: feature({ dataClassification: 'confidential' }), gateways: [gateway()], expected: 'compliant' },
  { rule: pii, name: 'confidential feature with its own PII guardrail', type: 'llm:feature', config: feature({ dataClassification: 'restricted', guardrails: [{ name: 'presidio', guardrail: 'presidio', purpose: 'pii', defaultOn: true }] }), expected: 'compliant' },
  { rule: pii, name: 'confidential feature, gateway without PII guardrail', type: 'llm:feature', config: feature({ dataClassification: 'confidential' }), gateways: [gateway({ guardrails: [] })], expected: 'non-compliant' },
  { rule: pii, name: 'internal feature', type: 'llm:feature', config: feature({ dataClassification: 'internal' }), expected: 'not-applicable' },
  // LLM-GOV-5
  { rule: budget, name: 'budget and limits', type: 'llm:feature', config: feature(), expected: 'compliant' },
  { rule: budget, name: 'no budget, zero rpm', type: 'llm:feature', config: feature({ monthlyBudgetUsd: undefined, requestsPerMinute: 0 }), expected: ['MonthlyBudget', 'RequestsPerMinute'] },
  // LLM-GOV-6
  { rule: tools, name: 'allow-listed tools in prod', type: 'llm:feature', config: feature({ toolExecution: 'allow-listed' }), expected: 'compliant' },
  { rule: tools, name: 'unconstrained tools in prod', type: 'llm:feature', config: feature({ toolExecution: 'unconstrained', environment: 'Production' }), expected: 'non-compliant' },
  { rule: tools, name: 'unconstrained tools in dev', type: 'llm:feature', config: feature({ toolExecution: 'unconstrained', environment: 'dev' }), expected: 'not-applicable' },
  { rule: tools, name: 'custom production environment names', type: 'llm:feature', config: feature({ toolExecution: 'unconstrained', environment: 'live' }), options: { productionEnvironments: ['live'] }, expected: 'non-compliant' },
  // LLM-GOV-7
  { rule: structured, name: 'automation with a contract', type: 'llm:feature', config: feature({ automation: true, structuredOutput: true }), expected: 'compliant' },
  { rule: structured, name: 'automation without a contract', type: 'llm:feature', config: feature({ automation: true }), expected: 'non-compliant' },
  { rule: structured, name: 'human-read feature', type: 'llm:feature', config: feature(), expected: 'not-applicable' },
  // LLM-GOV-8
  { rule: injection, name: 'prompt-injection check on by default', type: 'llm:gateway', config: gateway(), expected: 'compliant' },
  { rule: injection, name: 'no prompt-injection check', type: 'llm:gateway', config: gateway({ guardrails: [] }), expected: 'non-compliant' },
];
