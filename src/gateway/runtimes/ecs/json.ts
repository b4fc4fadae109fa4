import { isUnresolved } from '../../../core/tokens';

/**
 * Small pure helpers for the JSON the ECS runtime renders at synth time (IAM policies, container definitions).
 * No cdktf: token strings pass through and become Terraform interpolations in the synthesized text.
 */

/**
 * Literal values sorted, then unresolved tokens in insertion order. Token strings (`${TfToken[TOKEN.n]}`) carry a
 * counter that depends on how many tokens exist at synthesis (e.g. constructs of other stacks in the app), so
 * sorting them would make this stack's JSON change when an unrelated stack is added.
 */
export function stableOrder(values: Iterable<string>): string[] {
  const all = [...new Set(values)];
  return [...all.filter((v) => !isUnresolved(v)).sort(), ...all.filter((v) => isUnresolved(v))];
}

export function policyDocument(statements: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** ECR pull permissions for images in private ECR repositories; nothing for public registries. */
export function ecrStatements(images: ReadonlyArray<string>, partition: string): Array<Record<string, unknown>> {
  const repos = [...new Set(images.flatMap((image) => {
    const m = ECR_IMAGE.exec(image);
    return m ? [`arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`] : [];
  }))].sort();
  if (repos.length === 0) return [];
  return [
    // GetAuthorizationToken has no resource-level permissions: AWS requires "*" (ECR IAM reference).
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    { Sid: 'EcrPull', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: repos },
  ];
}

/**
 * JSON text for a Terraform string argument. Rendered at synth time (not `jsonencode()`), so policy rules can
 * read the document and values with quotes survive; cdktf tokens inside become Terraform interpolations.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}
