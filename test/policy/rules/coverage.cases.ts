// Cases for the rules added to cover every resource type the library emits (issue 11 item 8).
import type { RuleCase } from './harness';
import { rule as helmPinned } from '../../../src/policy/rules/helm/chart-pinned';
import { rule as helmSecrets } from '../../../src/policy/rules/helm/plaintext-secrets';
import { rule as helmPrivileged } from '../../../src/policy/rules/helm/privileged-values';

const yaml = (text: string): string => text.trim() + '\n';
const release = (values: string[], extra: object = {}): object => ({ name: 'qdrant', chart: 'qdrant', repository: 'https://qdrant.github.io/qdrant-helm', version: '1.15.1', values, ...extra });

export const cases: RuleCase[] = [
  // LLM-HELM-1
  { rule: helmPrivileged, name: 'hardened values', config: release([yaml('securityContext:\n  runAsNonRoot: true\n  runAsUser: 1000\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]')]), expected: 'compliant' },
  { rule: helmPrivileged, name: 'privileged, root and host network (values and set)', config: release([yaml('securityContext:\n  privileged: true\n  runAsUser: 0\nhostNetwork: true')], { set: [{ name: 'worker.securityContext.capabilities.add[0]', value: 'SYS_ADMIN' }] }), expected: ['Value::hostNetwork', 'Value::securityContext.privileged', 'Value::securityContext.runAsUser', 'Value::worker.securityContext.capabilities.add[0]'] },
  { rule: helmPrivileged, name: 'set overrides a values document (Helm order)', config: release([yaml('securityContext:\n  privileged: false')], { set: [{ name: 'securityContext.privileged', value: 'true' }] }), expected: ['Value::securityContext.privileged'] },
  { rule: helmPrivileged, name: 'values only known at plan time', config: release(['${file("values.yaml")}']), expected: 'unknown' },
  { rule: helmPrivileged, name: 'values that are not YAML', config: release(['a: [unclosed']), expected: 'unknown' },
  // LLM-HELM-2
  { rule: helmSecrets, name: 'secret from an existing Secret', config: release([yaml('apiKey:\n  valueFrom:\n    secretKeyRef:\n      name: qdrant-keys\n      key: api-key\nexistingSecret: qdrant-keys')]), expected: 'compliant' },
  { rule: helmSecrets, name: 'API key literal in values', config: release([yaml('config:\n  apiKey: my-literal-api-key-123')]), expected: ['Value::config.apiKey'] },
  { rule: helmSecrets, name: 'credential-shaped value under any key, and a literal set_sensitive', config: release([], { set: [{ name: 'extra.note', value: 'sk-abcdefghijklmnopqrstuvwxyz012345' }], set_sensitive: [{ name: 'auth.password', value: 'hunter2-hunter2' }] }), expected: ['SetSensitive::auth.password', 'Value::auth.password', 'Value::extra.note'] },
  { rule: helmSecrets, name: 'set_sensitive from a reference', config: release([], { set_sensitive: [{ name: 'auth.password', value: '${random_password.p.result}' }] }), expected: 'compliant' },
  // LLM-HELM-3
  { rule: helmPinned, name: 'exact version from https', config: release([]), expected: 'compliant' },
  { rule: helmPinned, name: 'local chart directory', config: { name: 'x', chart: './charts/x' }, expected: 'compliant' },
  { rule: helmPinned, name: 'no version, http repository', config: { name: 'x', chart: 'x', repository: 'http://charts.example.com' }, expected: ['Repository::http', 'Version'] },
  { rule: helmPinned, name: 'version range', config: release([], { version: '^1.15' }), expected: ['Version'] },
];
