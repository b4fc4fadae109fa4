import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformStack } from '../../src/core/cdktf';
import { PolicyBundle, PolicyPack } from '../../src/policy';
import { buildExample } from '../examples/load-examples';
it.each(['aws-ecs-gateway', 'eks-gateway'])('synth %s', (name) => {
  const app = buildExample(name, Testing.app({ stackTraces: false }));
  if (name === 'eks-gateway') new PolicyBundle(app, 'policy', { packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()] });
  app.synth();
  for (const s of app.node.children.filter(TerraformStack.isStack)) {
    const f = path.join(app.outdir, 'stacks', s.node.id, 'policy-report.json');
    if (!fs.existsSync(f)) { console.log(s.node.id, 'no report'); continue; }
    const r = JSON.parse(fs.readFileSync(f, 'utf8'));
    const bad = (r.lines ?? []).filter((x: any) => x.compliance !== 'Compliant');
    console.log(s.node.id, JSON.stringify(r.summary), bad.map((x: any) => `${x.ruleId} ${x.compliance} ${x.level} ${x.resourcePath} ${x.findingId ?? ''} ${x.suppressionReason ?? ''}`).join('\n'));
  }
});
