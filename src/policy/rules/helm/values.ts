import { cannotEvaluate, type PolicySubject, type RuleOutcome } from '../../rule';
import { findings } from '../helpers';

/** A leaf of a Helm values tree: its dotted path (`qdrant.securityContext.privileged`) and value. */
export interface HelmLeaf {
  readonly path: string;
  readonly key: string;
  readonly value: unknown;
}

/** Every leaf of a values tree (depth-first, lists indexed `a[0].b`). */
export function helmLeaves(values: unknown, prefix = ''): HelmLeaf[] {
  const out: HelmLeaf[] = [];
  const walk = (v: unknown, path: string, key: string): void => {
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`, key));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, path ? `${path}.${k}` : k, k);
    else out.push({ path, key, value: v });
  };
  walk(values, prefix, '');
  return out;
}

/** A rule over a `helm_release`'s merged values; values that cannot be read are Unknown, never a pass. */
export function overHelmValues(subject: PolicySubject, each: (values: Record<string, unknown>) => string[]): RuleOutcome {
  const helm = subject.helmValues;
  if (!helm) return cannotEvaluate('the Helm values were not read');
  if ('unreadable' in helm) return cannotEvaluate(`${helm.unreadable}; render the values at synth time (an object through yaml stringify) so they can be checked`);
  return findings(each(helm.values));
}
