import type { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import { awsProviderResources } from './lazy-resources';
import { makeName, NameTarget, ProblemCollector } from '../core';
import { isUnresolved } from '../core/tokens';
import { checkPropTypes } from '../core/validation';

/**
 * One Allow statement of a boundary, in IAM's own JSON shape (so existing policies paste in); `Effect` is
 * always `Allow`.
 */
export interface BoundaryAllowStatement {
  /** Statement id (letters and digits). */
  readonly Sid: string;
  readonly Action: string | ReadonlyArray<string>;
  /** Exact ARNs or ARN patterns; `*` only for actions AWS authorizes on no resource. */
  readonly Resource: string | ReadonlyArray<string>;
  /** IAM condition block. @default - none */
  readonly Condition?: Readonly<Record<string, unknown>>;
}

/**
 * The ceiling that is exactly a role's own grants: its Allow statements merged by Sid (actions and resources
 * unioned). Conditions narrow a grant, not the ceiling, so they are dropped here and stay on the role's policy.
 */
export function boundaryAllowFromStatements(statements: ReadonlyArray<Readonly<Record<string, unknown>>>): BoundaryAllowStatement[] {
  const bySid = new Map<string, { Action: Set<string>; Resource: Set<string> }>();
  for (const s of statements) {
    const sid = String(s.Sid);
    const entry = bySid.get(sid) ?? { Action: new Set<string>(), Resource: new Set<string>() };
    [s.Action as string | string[]].flat().forEach((a) => entry.Action.add(a));
    [s.Resource as string | string[]].flat().forEach((r) => entry.Resource.add(r));
    bySid.set(sid, entry);
  }
  return [...bySid.entries()].map(([Sid, e]) => ({ Sid, Action: [...e.Action].sort(), Resource: [...e.Resource] }));
}

export interface PermissionsBoundaryProps {
  /** Readable parts of the policy name. */
  readonly nameParts: ReadonlyArray<string>;
  readonly description: string;
  /** The ceiling for the roles under this boundary. */
  readonly allow: ReadonlyArray<BoundaryAllowStatement>;
}

/**
 * Actions that would let a role escape its ceiling: create or widen identities, or pass a role on.
 * Explicit denies win over any allow in any attached policy.
 */
export const BOUNDARY_PRIVILEGE_ESCALATION_ACTIONS: ReadonlyArray<string> = [
  'iam:AddUserToGroup', 'iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:CreateAccessKey',
  'iam:CreateLoginProfile', 'iam:CreatePolicy', 'iam:CreateRole', 'iam:CreateUser', 'iam:PassRole', 'iam:PutGroupPolicy',
  'iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateLoginProfile',
];

/** Actions that would take the boundary off a role or user, or edit the boundary itself. */
export const BOUNDARY_TAMPERING_ACTIONS: ReadonlyArray<string> = [
  'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary', 'iam:SetDefaultPolicyVersion',
];

/**
 * A permissions boundary policy: the given Allow statements as the ceiling, plus explicit denies of
 * privilege escalation and of removing or editing the boundary. Pass `arn` as `permissionsBoundary` /
 * `permissionsBoundaryArn` to every role of a team.
 */
export class PermissionsBoundary extends Construct {
  public readonly policy: IamPolicy;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    checkPropTypes(this, props, { nameParts: 'string[]', description: 'string', allow: 'object[]' });
    const p = new ProblemCollector();
    if (props.allow.length === 0) p.add('allow', props.allow, 'is empty: the boundary would allow nothing', 'list the actions the roles need');
    const sids = new Set<string>();
    const strings = (v: unknown): v is string | string[] => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    props.allow.forEach((st, i) => {
      // Types first: the checks below compare and flatten them.
      if (typeof st.Sid !== 'string' || !strings(st.Action) || !strings(st.Resource) || (st.Condition !== undefined && (st.Condition === null || typeof st.Condition !== 'object'))) {
        p.add(`allow[${i}]`, st, 'is not an Allow statement', "pass { Sid: 'Name', Action: string | string[], Resource: string | string[], Condition?: {...} }");
        return;
      }
      if (!/^[A-Za-z0-9]+$/.test(st.Sid)) p.add(`allow[${i}].Sid`, st.Sid, 'must be letters and digits', "use e.g. 'InvokeModels'");
      if (sids.has(st.Sid)) p.add(`allow[${i}].Sid`, st.Sid, 'is used twice', 'give each statement its own Sid');
      sids.add(st.Sid);
      const actions = [st.Action].flat();
      if (actions.length === 0) p.add(`allow[${i}].Action`, st.Action, 'is empty', 'list the actions');
      for (const a of actions) {
        if (!isUnresolved(a) && (a === '*' || /^[^:]+:\*$/.test(a))) p.add(`allow[${i}].Action`, a, 'allows every action of a service', 'name the actions the roles need');
      }
      if ([st.Resource].flat().length === 0) p.add(`allow[${i}].Resource`, st.Resource, 'is empty', 'list the resource ARNs');
    });
    p.throwIfAny(this);

    const { IamPolicy: Policy } = awsProviderResources();
    const statements = [
      ...props.allow.map((st) => ({ Sid: st.Sid, Effect: 'Allow', Action: st.Action, Resource: st.Resource, ...(st.Condition ? { Condition: st.Condition } : {}) })),
      // Deny statements name actions, not resources: the deny must hold for every resource.
      { Sid: 'NoPrivilegeEscalation', Effect: 'Deny', Action: [...BOUNDARY_PRIVILEGE_ESCALATION_ACTIONS], Resource: '*' },
      { Sid: 'KeepTheBoundary', Effect: 'Deny', Action: [...BOUNDARY_TAMPERING_ACTIONS], Resource: '*' },
    ];
    this.policy = new Policy(this, 'Resource', {
      name: makeName(NameTarget.IAM_POLICY, ...props.nameParts, 'boundary'),
      description: props.description,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
    this.arn = this.policy.arn;
  }
}
