import { AURORA, CLOUD_SQL, QDRANT, newStore } from './helpers';
import { Testing } from '../../src/core/cdktf';
import { Compliance, PolicyBundle, PolicyPack, findingLabel } from '../../src/policy';
import { VectorPrincipal, type VectorBackend } from '../../src/vector-store';
import { renderBootstrapSql } from '../../src/vector-store/sql/bootstrap';

// Counts renders: the module's function, wrapped (its export cannot be spied on in place).
jest.mock('../../src/vector-store/sql/bootstrap', () => {
  const actual = jest.requireActual('../../src/vector-store/sql/bootstrap');
  return { ...actual, renderBootstrapSql: jest.fn(actual.renderBootstrapSql) };
});

// Issue 11 item 5: the store's defaults pass both packs with no error finding and no suppression.
const BACKENDS: ReadonlyArray<[string, () => VectorBackend, () => VectorPrincipal]> = [
  ['aurora-pgvector', AURORA, () => VectorPrincipal.iamRole('support-app', 'support_app')],
  ['cloud-sql-pgvector', CLOUD_SQL, () => VectorPrincipal.gcpServiceAccount('support-app@llm-platform-prod.iam.gserviceaccount.com')],
  ['qdrant-helm', QDRANT, () => VectorPrincipal.kubernetesServiceAccount('support', 'kb-api')],
];

describe('vector store defaults under both policy packs', () => {
  test.each(BACKENDS)('%s: no error finding, no suppression', (_name, backend, principal) => {
    const { stack, store } = newStore(backend());
    const bundle = new PolicyBundle(stack, 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
    store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantReadWrite(principal());
    Testing.synth(stack);
    const findings = bundle.findings();
    expect(findings.filter((f) => f.compliance === Compliance.NON_COMPLIANT && f.level === 'error').map((f) => `${f.resourcePath} ${findingLabel(f)}`)).toEqual([]);
    expect(findings.filter((f) => f.compliance === Compliance.SUPPRESSED)).toEqual([]);
  });
});

describe('synthesis renders the bootstrap SQL once', () => {
  test.each(BACKENDS.filter(([name]) => name !== 'qdrant-helm'))('%s', (_name, backend, principal) => {
    const { stack, store } = newStore(backend());
    store.addCollection({ team: 'support', name: 'kb', dimensions: 8 }).grantReadWrite(principal());
    const render = renderBootstrapSql as jest.Mock;
    render.mockClear();
    Testing.synth(stack, true);
    expect(render).toHaveBeenCalledTimes(1);
  });
});
