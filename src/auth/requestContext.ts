import type { Principal } from '../model/index.js';
import { canonicalUserId } from '../model/index.js';
import type { RequestPrincipal } from '../policy/index.js';
import type { ContextValue } from './need.js';
import { isoSeconds } from '../time.js';

/** Facts about the HTTP request that become global condition keys. */
export interface RequestFacts {
  readonly now: Date;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly userAgent: string;
  readonly region: string;
  /** The Referer header, when the caller sent one (`aws:Referer`). */
  readonly referer?: string;
}

/** The caller as the policy engine sees it. */
export function requestPrincipal(principal: Principal): RequestPrincipal {
  return {
    arn: principal.arn,
    accountId: principal.accountId,
    type: principal.type,
    userId: principal.userId,
    ...(principal.roleArn !== undefined ? { roleArn: principal.roleArn } : {}),
    // AWS: an account's principals are its canonical user to S3 (`CanonicalUser` principals).
    ...(principal.accountId !== '' ? { canonicalUserId: canonicalUserId(principal.accountId) } : {}),
    ...(principal.type === 'AWSService' ? { serviceName: principal.arn } : {}),
  };
}

/**
 * The global condition keys of a request, built in this one place for every authorization, and
 * `extra` (the operation's own keys and the organization keys) over them.
 *
 * AWS: reference_policies_condition-keys — present in every request context where they apply.
 * The principal keys (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
 * `aws:userid`, `aws:username`, `aws:PrincipalTag/…`) describe an AWS principal; a web identity or
 * SAML caller is none yet (it becomes one with the session it asks for), so its request carries
 * `aws:FederatedProvider` instead; an anonymous caller carries none.
 */
export function requestContext(
  principal: Principal,
  facts: RequestFacts,
  extra: Readonly<Record<string, ContextValue>> | undefined,
): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(facts.now),
    'aws:EpochTime': String(Math.floor(facts.now.getTime() / 1000)),
    'aws:SourceIp': facts.sourceIp,
    'aws:SecureTransport': facts.secureTransport ? 'true' : 'false',
    'aws:UserAgent': facts.userAgent,
    'aws:RequestedRegion': facts.region,
  };
  // AWS: aws:Referer is in the request context only when the caller sent the header (reference_policies_condition-keys).
  if (facts.referer !== undefined) context['aws:Referer'] = facts.referer;
  if (principal.type === 'WebIdentityUser' || principal.type === 'SAMLUser') {
    context['aws:FederatedProvider'] = principal.arn;
    return extra === undefined ? context : { ...context, ...extra };
  }
  // AWS: an anonymous request (S3's unsigned calls) has no principal: aws:PrincipalArn,
  // aws:PrincipalAccount, aws:userid and the other principal keys are absent from its context.
  if (principal.type === 'Anonymous') return extra === undefined ? context : { ...context, ...extra };
  if (principal.type === 'AWSService') {
    // AWS: a service principal's request carries aws:PrincipalServiceName and
    // aws:PrincipalIsAWSService, and no principal ARN or account (reference_policies_condition-keys).
    context['aws:PrincipalServiceName'] = principal.arn;
    context['aws:PrincipalIsAWSService'] = 'true';
    return extra === undefined ? context : { ...context, ...extra };
  }
  if (principal.type === 'Workload') {
    // No IAM principal: its authenticator's own keys come with the need (`extra`).
    return extra === undefined ? context : { ...context, ...extra };
  }
  // AWS: a role session's aws:PrincipalArn is its role's ARN, not the session's
  // (reference_policies_condition-keys, aws:PrincipalArn: "Do not specify the assumed role session ARN").
  context['aws:PrincipalArn'] = principal.type === 'AssumedRole' ? (principal.roleArn ?? principal.arn) : principal.arn;
  context['aws:PrincipalAccount'] = principal.accountId;
  context['aws:PrincipalType'] = PRINCIPAL_TYPE_KEY[principal.type];
  context['aws:userid'] = principal.userId;
  if (principal.userName !== undefined) context['aws:username'] = principal.userName;
  const session = principal.session;
  if (session !== undefined) {
    // AWS: aws:MultiFactorAuthPresent is absent for long-term credentials and `false` for
    // temporary credentials created without MFA (reference_policies_condition-keys).
    context['aws:TokenIssueTime'] = isoSeconds(session.issuedAt);
    context['aws:MultiFactorAuthPresent'] = session.mfaAuthenticatedAt !== undefined ? 'true' : 'false';
    if (session.mfaAuthenticatedAt !== undefined) {
      context['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((facts.now.getTime() - session.mfaAuthenticatedAt.getTime()) / 1000)));
    }
    if (session.sourceIdentity !== undefined) context['aws:SourceIdentity'] = session.sourceIdentity;
    if (session.federatedProvider !== undefined) context['aws:FederatedProvider'] = session.federatedProvider;
  }
  for (const [key, value] of Object.entries(principal.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  return extra === undefined ? context : { ...context, ...extra };
}

/** AWS: values of `aws:PrincipalType` (reference_policies_condition-keys#condition-keys-principaltype). */
const PRINCIPAL_TYPE_KEY: Record<Principal['type'], string> = {
  Root: 'Account',
  IAMUser: 'User',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  WebIdentityUser: 'AssumedRole',
  SAMLUser: 'AssumedRole',
  AWSService: 'Service',
  Anonymous: 'Anonymous',
  // Never evaluated: the portal's operations need no policy (Gatehouse's own value).
  IdentityCenterUser: 'IdentityCenterUser',
  Workload: 'Anonymous',
};
