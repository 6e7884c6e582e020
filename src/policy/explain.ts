import type { PolicyType } from './ast.js';
import type { Decision, PolicyLayer } from './decision.js';
import type { AuthzRequest } from './request.js';

/**
 * AccessDenied messages in AWS's enhanced wording.
 *
 * AWS: troubleshoot_access-denied — "User: user is not authorized to perform: action on resource:
 * resource because no type policy allows the action action" for implicit denies and "… with an
 * explicit deny in a type policy" for explicit ones; the `on resource:` part is absent for actions
 * without a resource. Only one policy type is named even when several denied.
 * AWS Security Blog "Enhanced access denied error messages with policy ARNs" — explicit denies in
 * SCPs, RCPs, permissions boundaries, session policies and identity-based policies name the denying
 * policy's ARN, in same-account and same-organization requests only.
 */
export interface RenderOptions {
  /**
   * Whether to append the denying policy's ARN. Default: when the request stays in one account and
   * the policy id is an ARN. The caller passes true for same-organization cross-account requests.
   */
  readonly includePolicyArn?: boolean;
}

const EXPLICIT_PHRASE: Readonly<Record<PolicyType, string>> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  trust: 'the role trust policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
};

/** Each policy type as a noun, the same words the messages use (denialReason.ts names policies with them). */
export const POLICY_TYPE_NOUN: Readonly<Record<PolicyType, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

export const IMPLICIT_NOUN: Readonly<Record<PolicyLayer, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

const ARN_NAMED: ReadonlySet<PolicyType> = new Set<PolicyType>(['identity', 'boundary', 'session', 'scp', 'rcp']);

/** The message for a denied decision (for an allowed one, a sentence saying so). */
export function renderAccessDeniedMessage(request: AuthzRequest, decision: Decision, options: RenderOptions = {}): string {
  const p = request.principal;
  // AWS: a web identity or SAML caller is named by no ARN: "Not authorized to perform
  // sts:AssumeRoleWithWebIdentity" (STS API reference, AssumeRoleWithWebIdentity errors).
  if ((p.type === 'WebIdentityUser' || p.type === 'SAMLUser') && decision.result !== 'Allowed') return `Not authorized to perform ${request.action}`;
  const who = p.arn !== '' ? p.arn : p.type === 'AWSService' && p.serviceName !== undefined ? p.serviceName : 'anonymous';
  const on = request.resource.arn === '*' ? '' : ` on resource: ${request.resource.arn}`;
  const head = `User: ${who} is not authorized to perform: ${request.action}${on}`;
  if (decision.result === 'Allowed') return `User: ${who} is authorized to perform: ${request.action}${on}`;
  if (decision.result === 'ExplicitlyDenied') {
    const type = decision.explicitDenyIn ?? layerType(decision.blockedBy[0]);
    const id = decision.explicitDenyPolicyId;
    const sameAccount = request.resource.accountId === undefined || request.resource.accountId === p.accountId;
    const named = id?.startsWith('arn:') && ARN_NAMED.has(type) && (options.includePolicyArn ?? sameAccount);
    return `${head} with an explicit deny in ${EXPLICIT_PHRASE[type]}${named ? `: ${id}` : ''}`;
  }
  const layer = decision.blockedBy[0] ?? 'identity';
  return `${head} because no ${IMPLICIT_NOUN[layer]} allows the ${request.action} action`;
}

function layerType(layer: PolicyLayer | undefined): PolicyType {
  return layer ?? 'identity';
}
