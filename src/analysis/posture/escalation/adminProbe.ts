import type { EdgeDecision, EngineDecider, PolicyChange } from './decider.js';
import type { ActingNode } from './actingContext.js';

/**
 * An administrator, for the graph, is a principal the engine allows every one of these calls —
 * full IAM control, compute, storage and keys, and an action of no real service, which only a
 * statement allowing every action (`*`, or NotAction) grants. A permissions boundary, a session
 * policy or a Deny of its own that withholds any of them makes the principal not an
 * administrator; the organization's SCPs and RCPs do not, since they limit every principal of the
 * account alike (they do block the steps of paths). AdministratorAccess and any `*:*` policy pass;
 * IAMFullAccess or PowerUserAccess alone do not, though either can lead there.
 */
export const PROBE_ACTION = 'gatehouse-probe:AnyAction';

export function adminProbes(accountId: string): readonly (readonly [action: string, resource: string])[] {
  return [
    [PROBE_ACTION, '*'],
    ['iam:CreateUser', `arn:aws:iam::${accountId}:user/gatehouse-admin-probe`],
    ['iam:PutRolePolicy', `arn:aws:iam::${accountId}:role/gatehouse-admin-probe`],
    ['iam:AttachUserPolicy', `arn:aws:iam::${accountId}:user/gatehouse-admin-probe`],
    ['iam:CreateAccessKey', `arn:aws:iam::${accountId}:user/gatehouse-admin-probe`],
    ['iam:PassRole', `arn:aws:iam::${accountId}:role/gatehouse-admin-probe`],
    ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${accountId}:instance/*`],
    ['s3:PutBucketPolicy', 'arn:aws:s3:::gatehouse-admin-probe'],
    ['kms:ScheduleKeyDeletion', `arn:aws:kms:us-east-1:${accountId}:key/gatehouse-admin-probe`],
    ['lambda:CreateFunction', `arn:aws:lambda:us-east-1:${accountId}:function:gatehouse-admin-probe`],
  ];
}

/** Whether the engine allows `node` (with `change` made to its policies) every probe; undefined when not. */
export async function administrator(decider: EngineDecider, node: ActingNode, accountId: string, change?: PolicyChange): Promise<EdgeDecision | undefined> {
  let mfaRequired = false;
  const allowedBy = new Set<string>();
  for (const [action, resource] of adminProbes(accountId)) {
    const decision = await decider.decide(node, action, resource, { withoutGuardrails: true, ...(change !== undefined ? { change } : {}) });
    if (!decision.allowed) return undefined;
    if (decision.mfaRequired) mfaRequired = true;
    for (const id of decision.allowedBy) allowedBy.add(id);
  }
  return { allowed: true, mfaRequired, allowedBy: [...allowedBy] };
}
