import type { RuleCase } from './harness';
import { rule as adminAccess } from '../../../src/policy/rules/iam/admin-access';
import { rule as managedPolicies } from '../../../src/policy/rules/iam/aws-managed-policies';
import { rule as trustPolicy } from '../../../src/policy/rules/iam/open-trust-policy';
import { rule as boundary } from '../../../src/policy/rules/iam/permissions-boundary';
import { rule as wildcardActions } from '../../../src/policy/rules/iam/wildcard-actions';
import { rule as wildcardResources } from '../../../src/policy/rules/iam/wildcard-resources';
import { rule as openEgress } from '../../../src/policy/rules/network/open-egress';
import { rule as openIngress } from '../../../src/policy/rules/network/open-ingress';
import { rule as descriptions } from '../../../src/policy/rules/network/rule-descriptions';

const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const publicAlb = { type: 'aws_lb', address: 'aws_lb.public', config: { internal: false, security_groups: ['${aws_security_group.subject.id}'] } };

export const cases: RuleCase[] = [
  // LLM-NET-1
  { rule: openIngress, name: 'SSH from a private range', config: { ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }] }, expected: 'compliant' },
  { rule: openIngress, name: 'SSH from anywhere', config: { ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }, expected: ['tcp:22:0.0.0.0/0'] },
  { rule: openIngress, name: 'all traffic from anywhere over IPv6', config: { ingress: [{ from_port: 0, to_port: 0, protocol: '-1', ipv6_cidr_blocks: ['::/0'] }] }, expected: ['all:*:::/0'] },
  { rule: openIngress, name: '443 from anywhere on a public ALB security group', config: { ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }, others: [publicAlb], expected: 'compliant' },
  { rule: openIngress, name: '80 from anywhere on a public ALB security group', config: { ingress: [{ from_port: 80, to_port: 80, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }, others: [publicAlb], expected: ['tcp:80:0.0.0.0/0'] },
  { rule: openIngress, name: '443 from anywhere on an internal ALB security group', config: { ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] }, others: [{ ...publicAlb, config: { ...publicAlb.config, internal: true } }], expected: ['tcp:443:0.0.0.0/0'] },
  { rule: openIngress, name: 'separate ingress rule, open', type: 'aws_vpc_security_group_ingress_rule', config: { security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_ipv4: '0.0.0.0/0' }, expected: ['tcp:5432:0.0.0.0/0'] },
  { rule: openIngress, name: 'separate ingress rule, 443 on the public ALB group', type: 'aws_vpc_security_group_ingress_rule', config: { security_group_id: '${aws_security_group.alb.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' }, others: [{ type: 'aws_lb', address: 'aws_lb.p', config: { security_groups: ['${aws_security_group.alb.id}'] } }], expected: 'compliant' },
  { rule: openIngress, name: 'legacy rule resource, egress', type: 'aws_security_group_rule', config: { type: 'egress', cidr_blocks: ['0.0.0.0/0'], protocol: '-1', from_port: 0, to_port: 0 }, expected: 'not-applicable' },
  { rule: openIngress, name: 'legacy rule resource, ingress range from anywhere', type: 'aws_security_group_rule', config: { type: 'ingress', cidr_blocks: ['0.0.0.0/0'], protocol: 'tcp', from_port: 8000, to_port: 8100, security_group_id: 'sg-1' }, expected: ['tcp:8000-8100:0.0.0.0/0'] },
  // LLM-NET-2
  { rule: descriptions, name: 'described group and rules', config: { description: 'gateway tasks', ingress: [{ description: 'from ALB' }], egress: [{ description: 'to providers' }] }, expected: 'compliant' },
  { rule: descriptions, name: 'default description and undescribed ingress', config: { description: 'Managed by Terraform', ingress: [{ from_port: 1 }] }, expected: ['SecurityGroup', 'ingress[0]'] },
  { rule: descriptions, name: 'separate rule without description', type: 'aws_vpc_security_group_egress_rule', config: { ip_protocol: '-1' }, expected: 'non-compliant' },
  // LLM-NET-3
  { rule: openEgress, name: 'egress on 443 only', config: { egress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }] }, expected: 'compliant' },
  { rule: openEgress, name: 'all egress to anywhere', config: { egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }] }, expected: ['all:0.0.0.0/0'] },
  { rule: openEgress, name: 'separate egress rule, all to anywhere', type: 'aws_vpc_security_group_egress_rule', config: { ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' }, expected: ['all:0.0.0.0/0'] },
  // LLM-IAM-1
  { rule: wildcardActions, name: 'exact actions', type: 'aws_iam_role_policy', config: { policy: doc({ Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: 'arn:aws:bedrock:us-east-1::foundation-model/x' }) }, expected: 'compliant' },
  { rule: wildcardActions, name: 'Action "*" and service wildcards', type: 'aws_iam_role_policy', config: { policy: doc({ Effect: 'Allow', Action: ['*', 's3:Get*'], Resource: '*' }) }, expected: ['Action::*', 'Action::s3:Get*'] },
  { rule: wildcardActions, name: 'wildcards in a Deny are fine', type: 'aws_iam_policy', config: { policy: doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }) }, expected: 'compliant' },
  { rule: wildcardActions, name: 'NotAction in Allow', type: 'aws_iam_policy', config: { policy: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }, expected: ['NotAction::iam:*'] },
  { rule: wildcardActions, name: 'inline policy on the role', type: 'aws_iam_role', config: { inline_policy: [{ name: 'inline', policy: doc({ Effect: 'Allow', Action: 'kms:*', Resource: 'arn:aws:kms:us-east-1:111122223333:key/k' }) }] }, expected: ['Action::kms:*'] },
  { rule: wildcardActions, name: 'policy from an aws_iam_policy_document data source', type: 'aws_iam_role_policy', config: { policy: '${data.aws_iam_policy_document.doc.json}' }, others: [{ type: 'aws_iam_policy_document', address: 'data.aws_iam_policy_document.doc', config: { statement: [{ effect: 'Allow', actions: ['logs:*'], resources: ['arn:aws:logs:*:*:*'] }] } }], expected: ['Action::logs:*'] },
  { rule: wildcardActions, name: 'policy only known at plan time', type: 'aws_iam_role_policy', config: { policy: '${jsonencode(var.policy)}' }, expected: 'unknown' },
  { rule: wildcardActions, name: 'Fn.jsonencode policy with a wildcard', type: 'aws_iam_role_policy', config: { policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = ["kms:*"], "Resource" = aws_kms_key.k.arn}]})}' }, expected: ['Action::kms:*'] },
  { rule: wildcardActions, name: 'Fn.jsonencode policy with exact actions', type: 'aws_iam_role_policy', config: { policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = ["kms:Decrypt"], "Resource" = aws_kms_key.k.arn}]})}' }, expected: 'compliant' },
  { rule: wildcardActions, name: 'actions from a variable', type: 'aws_iam_role_policy', config: { policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = var.actions, "Resource" = "*"}]})}' }, expected: 'unknown' },
  { rule: wildcardActions, name: 'role without inline policies', type: 'aws_iam_role', config: { name: 'r' }, expected: 'not-applicable' },
  // LLM-IAM-2
  { rule: boundary, name: 'role with a boundary', config: { permissions_boundary: 'arn:aws:iam::111122223333:policy/boundary' }, expected: 'compliant' },
  { rule: boundary, name: 'role without a boundary', config: { name: 'app' }, expected: 'non-compliant' },
  // LLM-IAM-3
  { rule: wildcardResources, name: 'ecr:GetAuthorizationToken on *', type: 'aws_iam_role_policy', config: { policy: doc({ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }) }, expected: 'compliant' },
  { rule: wildcardResources, name: 'secrets on *', type: 'aws_iam_role_policy', config: { policy: doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'xray:PutTraceSegments'], Resource: '*' }) }, expected: ['Resource::*'] },
  { rule: wildcardResources, name: 'NotResource in Allow', type: 'aws_iam_policy', config: { policy: doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }) }, expected: ['NotResource::arn:aws:s3:::secret/*'] },
  // LLM-IAM-4
  { rule: adminAccess, name: 'scoped statement', type: 'aws_iam_policy', config: { policy: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }, expected: 'compliant' },
  { rule: adminAccess, name: 'Action * on Resource *', type: 'aws_iam_role_policy', config: { policy: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }, expected: ['Statement::Action:*,Resource:*'] },
  { rule: adminAccess, name: 'AdministratorAccess attached', type: 'aws_iam_role_policy_attachment', config: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, expected: ['Policy::AdministratorAccess'] },
  { rule: adminAccess, name: 'read-only policy attached', type: 'aws_iam_role_policy_attachment', config: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, expected: 'compliant' },
  { rule: adminAccess, name: 'managed_policy_arns on the role', type: 'aws_iam_role', config: { managed_policy_arns: ['arn:aws:iam::aws:policy/PowerUserAccess'] }, expected: ['Policy::PowerUserAccess'] },
  // LLM-IAM-5
  { rule: managedPolicies, name: 'customer managed policy', type: 'aws_iam_role_policy_attachment', config: { policy_arn: 'arn:aws:iam::111122223333:policy/app' }, expected: 'compliant' },
  { rule: managedPolicies, name: 'AWS managed policy', type: 'aws_iam_role_policy_attachment', config: { policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }, expected: ['Policy::service-role/AmazonECSTaskExecutionRolePolicy'] },
  // LLM-IAM-6
  { rule: trustPolicy, name: 'service principal', config: { assume_role_policy: doc({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }) }, expected: 'compliant' },
  { rule: trustPolicy, name: 'Fn.jsonencode trust policy for a service', config: { assume_role_policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Principal" = {"Service" = "eks.amazonaws.com"}, "Action" = ["sts:AssumeRole"]}]})}' }, expected: 'compliant' },
  { rule: trustPolicy, name: 'any AWS principal without condition', config: { assume_role_policy: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) }, expected: ['Principal::*'] },
  { rule: trustPolicy, name: 'any principal with an ExternalId condition', config: { assume_role_policy: doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }) }, expected: 'compliant' },
];
