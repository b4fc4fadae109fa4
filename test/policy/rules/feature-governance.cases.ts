import { feature, gateway } from './governance.cases';
import type { RuleCase } from './harness';
import { rule as fallback } from '../../../src/policy/rules/governance/business-fallback';
import { rule as ownership } from '../../../src/policy/rules/governance/ownership';
import { rule as logging } from '../../../src/policy/rules/governance/sensitive-data-logging';
import { rule as tools } from '../../../src/policy/rules/governance/tool-allow-list';

/** Rules over what a `StandardLlmFeature` declares (issue 14). */
export const cases: RuleCase[] = [
  // LLM-GOV-9: confidential data never reaches logs or traces
  { rule: logging, name: 'confidential feature, message logging off', type: 'llm:feature', config: feature({ dataClassification: 'confidential', messageLogging: false }), expected: 'compliant' },
  { rule: logging, name: 'restricted feature on a gateway that logs messages (even if the gateway owner allowed it)', type: 'llm:feature', config: feature({ dataClassification: 'restricted', messageLogging: true }), expected: 'non-compliant' },
  { rule: logging, name: 'confidential feature, logging read from the serving gateway', type: 'llm:feature', config: feature({ dataClassification: 'confidential' }), gateways: [gateway({ messageLogging: true, messageLoggingAllowed: true })], expected: 'non-compliant' },
  { rule: logging, name: 'confidential feature, serving gateway does not log', type: 'llm:feature', config: feature({ dataClassification: 'confidential' }), gateways: [gateway()], expected: 'compliant' },
  { rule: logging, name: 'a gateway serving other aliases does not count', type: 'llm:feature', config: feature({ dataClassification: 'confidential', models: ['vision'] }), gateways: [gateway({ messageLogging: true })], expected: 'not-applicable' },
  { rule: logging, name: 'internal data may be logged where the gateway allows it', type: 'llm:feature', config: feature({ dataClassification: 'internal', messageLogging: true }), expected: 'not-applicable' },
  // LLM-GOV-10: an allow-list names its tools
  { rule: tools, name: 'allow-list with tools', type: 'llm:feature', config: feature({ toolExecution: 'allow-listed', tools: ['create_ticket', 'lookup_order'] }), expected: 'compliant' },
  { rule: tools, name: 'empty allow-list', type: 'llm:feature', config: feature({ toolExecution: 'allow-listed', tools: [] }), expected: ['AllowList::empty'] },
  { rule: tools, name: 'allow-list not stated', type: 'llm:feature', config: feature({ toolExecution: 'allow-listed' }), expected: ['AllowList::unstated'] },
  { rule: tools, name: 'something that is not a tool name', type: 'llm:feature', config: feature({ toolExecution: 'allow-listed', tools: ['lookup_order', 'rm -rf /'] }), expected: ['Tool::rm -rf /'] },
  { rule: tools, name: 'no tools', type: 'llm:feature', config: feature({ toolExecution: 'none' }), expected: 'not-applicable' },
  { rule: tools, name: 'unconstrained is LLM-GOV-6\'s', type: 'llm:feature', config: feature({ toolExecution: 'unconstrained' }), expected: 'not-applicable' },
  // LLM-GOV-11: a business fallback is decided
  { rule: fallback, name: 'business fallback stated', type: 'llm:feature', config: feature({ businessFallback: 'Show the manual form' }), expected: 'compliant' },
  { rule: fallback, name: 'no business fallback', type: 'llm:feature', config: feature({ businessFallback: undefined }), expected: 'non-compliant' },
  { rule: fallback, name: 'blank business fallback', type: 'llm:feature', config: feature({ businessFallback: '  ' }), expected: 'non-compliant' },
  // LLM-GOV-12: someone owns it and is paged
  { rule: ownership, name: 'owner and on-call named', type: 'llm:feature', config: feature({ owner: 'hiring-squad', oncall: 'hiring-oncall' }), expected: 'compliant' },
  { rule: ownership, name: 'neither named', type: 'llm:feature', config: feature({ owner: undefined, oncall: '' }), expected: ['Oncall', 'Owner'] },
  { rule: ownership, name: 'no on-call', type: 'llm:feature', config: feature({ oncall: undefined }), expected: ['Oncall'] },
];
