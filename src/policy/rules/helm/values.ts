import { cannotEvaluate, type PolicySubject, type RuleOutcome } from '../../rule';
import { documentLeaves, findings } from '../helpers';

/** Every leaf of a Helm values tree (`qdrant.securityContext.privileged`). */
export const helmLeaves = documentLeaves;

/** A rule over a `helm_release`'s merged values; values that cannot be read are Unknown, never a pass. */
export function overHelmValues(subject: PolicySubject, each: (values: Record<string, unknown>) => string[]): RuleOutcome {
  const helm = subject.helmValues;
  if (!helm) return cannotEvaluate('the Helm values were not read');
  if ('unreadable' in helm) return cannotEvaluate(`${helm.unreadable}; render the values at synth time (an object through yaml stringify) so they can be checked`);
  return findings(each(helm.values));
}
