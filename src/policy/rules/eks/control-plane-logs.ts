import type { PolicyRule } from '../../rule';
import { findings, many } from '../helpers';

/** The five EKS control-plane log types (EKS API `LogType`). */
export const EKS_LOG_TYPES: ReadonlyArray<string> = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export const rule: PolicyRule = {
  id: 'LLM-EKS-2',
  level: 'error',
  description: 'EKS cluster does not send all five control-plane log types to CloudWatch (audit and authenticator logs are how you investigate cluster access).',
  fix: 'Set `enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]`.',
  resourceTypes: ['aws_eks_cluster'],
  anchors: { cdkNag: ['AwsSolutions-EKS2'], checkov: ['CKV_AWS_37'] },
  check(config) {
    const enabled = many(config.enabled_cluster_log_types);
    return findings(EKS_LOG_TYPES.filter((t) => !enabled.includes(t)).map((t) => `Log::${t}`));
  },
};
