import type { PolicyRule } from '../../rule';
import { isExpression, many, secretLeaves } from '../helpers';
import { helmLeaves, overHelmValues } from './values';

export const rule: PolicyRule = {
  id: 'LLM-HELM-2',
  level: 'error',
  description: 'A Helm release passes a secret in plain text (in `values`, `set` or a literal `set_sensitive`), so it is written to cdk.tf.json and the Terraform state.',
  fix: 'Point the chart at an existing Kubernetes Secret (`existingSecret`-style values, a SecretRef) instead of passing the value; never put a literal in `set_sensitive`.',
  resourceTypes: ['helm_release'],
  anchors: { cdkNag: [], checkov: ['CKV_K8S_35'] },
  check(config, context) {
    // A reference passed through set_sensitive is what set_sensitive is for (the value is not in the JSON).
    const sensitiveRefs = new Set(many(config.set_sensitive).filter((s: any) => isExpression(s?.value)).map((s: any) => String(s.name)));
    return overHelmValues(context.subject, (values) => {
      const secretPaths = new Set(secretLeaves(values));
      const ids = helmLeaves(values)
        .filter(({ path }) => !sensitiveRefs.has(path))
        .filter(({ path }) => secretPaths.has(path))
        .map(({ path }) => `Value::${path}`);
      // set_sensitive hides the value from plan output, not from the configuration: a literal is still in the JSON.
      for (const s of many(config.set_sensitive)) if (typeof s?.value === 'string' && s.value !== '' && !isExpression(s.value)) ids.push(`SetSensitive::${s.name}`);
      return ids;
    });
  },
};
