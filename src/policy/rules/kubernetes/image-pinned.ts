import type { PolicyRule } from '../../rule';
import { K8S_WORKLOAD_TYPES, isExpression, overPodSpec, podContainers } from '../helpers';

/** True when an image reference carries a digest or a tag other than `latest`. */
export function isPinnedImage(image: unknown): boolean {
  if (typeof image !== 'string' || image === '') return false;
  if (isExpression(image)) return true;
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.split('/').pop() ?? image;
  const colon = lastSegment.lastIndexOf(':');
  return colon > 0 && lastSegment.slice(colon + 1) !== 'latest';
}

export const rule: PolicyRule = {
  id: 'LLM-K8S-7',
  level: 'warning',
  description: 'Kubernetes container image has no tag or uses `latest`, so what runs changes without a deploy.',
  fix: 'Pin the image to a version tag, better a digest (`image@sha256:...`).',
  resourceTypes: K8S_WORKLOAD_TYPES,
  anchors: { cdkNag: [], checkov: ['CKV_K8S_14', 'CKV_K8S_43'] },
  check(config, context) {
    return overPodSpec(context.subject.type, config, (pod) =>
      podContainers(pod).filter(({ container }) => !isPinnedImage(container.image)).map(({ label }) => label),
    );
  },
};
