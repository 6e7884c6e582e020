import type { Principal } from '../../../model/index.js';
import type { ContextRecord, RequestPrincipal } from '../../../policy/index.js';
import type { RoleModel, UserModel } from '../accountModel.js';

/**
 * The caller an escalation edge is decided for, and the request context an attacker acting as it
 * has without anything more: its own principal keys and tags, HTTPS, the current time, the
 * us-east-1 endpoint (where IAM and STS are called), and no source IP, VPC or MFA. A policy that
 * needs any of these, or another tag, blocks the edge. With `mfa`, the caller signed in with MFA
 * (a user's GetSessionToken session, a role session made with MFA): an edge allowed only so is
 * reported as needing MFA, as PMapper does.
 *
 * AWS: reference_policies_condition-keys — `aws:PrincipalArn` is the role's ARN for a role
 * session; `aws:MultiFactorAuthPresent` is absent for long-term keys and present in temporary
 * credentials; `aws:userid` is `AROA…:session` for a role session.
 */

/** The session name the analysis gives a role's sessions. */
export const SESSION_NAME = 'gatehouse-analysis';

export type ActingNode = UserModel | RoleModel;

export interface ActingAs {
  readonly principal: Principal;
  readonly request: RequestPrincipal;
}

/** The principal a user or role acts as. */
export function actingAs(node: ActingNode, accountId: string, now: Date, mfa: boolean): ActingAs {
  if (node.kind === 'user') {
    const principal: Principal = {
      type: 'IAMUser',
      accountId,
      arn: node.arn,
      userId: node.id,
      userName: node.name,
      tags: node.tags,
      ...(mfa ? { session: { issuedAt: now, expiresAt: new Date(now.getTime() + 3600_000), mfaAuthenticatedAt: now, chainDepth: 0 } } : {}),
    };
    return { principal, request: { arn: node.arn, accountId, type: 'IAMUser', userId: node.id } };
  }
  const arn = `arn:aws:sts::${accountId}:assumed-role/${node.name}/${SESSION_NAME}`;
  const userId = `${node.id}:${SESSION_NAME}`;
  const principal: Principal = {
    type: 'AssumedRole',
    accountId,
    arn,
    userId,
    roleArn: node.arn,
    tags: node.tags,
    session: {
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
      ...(mfa ? { mfaAuthenticatedAt: now } : {}),
      sessionName: SESSION_NAME,
      chainDepth: 1,
    },
  };
  return { principal, request: { arn, accountId, type: 'AssumedRole', userId, roleArn: node.arn } };
}

/** The attacker's request context for `node`, before the action's own keys. */
export function actingContext(node: ActingNode, accountId: string, now: Date, mfa: boolean): Record<string, string | string[]> {
  const seconds = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const context: Record<string, string | string[]> = {
    'aws:CurrentTime': seconds,
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': 'us-east-1',
    'aws:PrincipalArn': node.arn,
    'aws:PrincipalAccount': accountId,
    'aws:PrincipalType': node.kind === 'user' ? 'User' : 'AssumedRole',
    'aws:userid': node.kind === 'user' ? node.id : `${node.id}:${SESSION_NAME}`,
  };
  if (node.kind === 'user') context['aws:username'] = node.name;
  if (node.kind === 'role' || mfa) {
    context['aws:TokenIssueTime'] = seconds;
    context['aws:MultiFactorAuthPresent'] = mfa ? 'true' : 'false';
    if (mfa) context['aws:MultiFactorAuthAge'] = '0';
  }
  for (const [key, value] of Object.entries(node.tags)) context[`aws:PrincipalTag/${key}`] = value;
  return context;
}

/** An AWS service as the caller of sts:AssumeRole on a role passed to it. */
export function serviceCaller(service: string): ActingAs {
  return {
    principal: { type: 'AWSService', accountId: '', arn: service, userId: service },
    request: { arn: service, accountId: '', type: 'AWSService', serviceName: service },
  };
}

export type { ContextRecord };
