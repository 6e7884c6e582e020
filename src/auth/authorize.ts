import type { Principal } from '../model/index.js';
import { parseArn } from '../model/index.js';
import { buildContext, evaluate, renderAccessDeniedMessage } from '../policy/index.js';
import type { ApplicablePolicies, AuthzRequest, Decision } from '../policy/index.js';
import type { AuthorizationNeed, ContextValue } from './need.js';
import type { OrganizationAwarePolicies } from './guardrails.js';

/** Facts about the HTTP request that become global condition keys. */
export interface RequestFacts {
  readonly now: Date;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly userAgent: string;
  readonly region: string;
}

/** The outcome of authorizing every need of one call. */
export interface AuthorizationOutcome {
  readonly allowed: boolean;
  /** One decision per need, in order, up to and including the first denial. */
  readonly decisions: readonly { need: AuthorizationNeed; decision: Decision }[];
  /** AWS's enhanced AccessDenied message for the first denial. */
  readonly message?: string;
  /** What the first denial was decided on, for an encoded authorization message. */
  readonly denial?: { readonly request: AuthzRequest; readonly decision: Decision; readonly policies: ApplicablePolicies };
}

/** Gathers the policies that apply to a principal for a request (identity, boundary, session, SCPs …). */
export interface PolicySource {
  policiesFor(principal: Principal, need: AuthorizationNeed, resourceAccountId: string): Promise<ApplicablePolicies>;
}

/** Until stored IAM policies exist, principals carry no policies: root is allowed on its own account by the engine's root rule. */
export const NO_POLICIES: PolicySource = {
  policiesFor: async () => ({ identity: [] }),
};

/**
 * Authorizes the declared needs of one call with the policy engine. Every need must be allowed.
 */
export async function authorize(
  principal: Principal,
  needs: readonly AuthorizationNeed[],
  facts: RequestFacts,
  source: PolicySource,
): Promise<AuthorizationOutcome> {
  const decisions: { need: AuthorizationNeed; decision: Decision }[] = [];
  for (const need of needs) {
    const resourceAccountId = need.resourceAccountId ?? accountOf(need.resource) ?? principal.accountId;
    const policies: OrganizationAwarePolicies = await source.policiesFor(principal, need, resourceAccountId);
    // AWS: aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID, aws:ResourceOrgPaths and
    // aws:ResourceAccount come from the organization of each account (reference_policies_condition-keys).
    const orgContext = policies.organizationContext;
    const request: AuthzRequest = {
      principal: {
        arn: principal.arn,
        accountId: principal.accountId,
        type: principal.type,
        userId: principal.userId,
        ...(principal.roleArn !== undefined ? { roleArn: principal.roleArn } : {}),
      },
      action: need.action,
      resource: { arn: need.resource, accountId: resourceAccountId },
      context: buildContext(globalContext(principal, facts, orgContext === undefined ? need.context : { ...orgContext, ...need.context })),
    };
    const decision = evaluate(request, policies);
    decisions.push({ need, decision });
    if (decision.decision !== 'Allow') {
      // AWS: a denying policy's ARN is named in same-account and same-organization requests.
      const sameOrganization = orgContext?.['aws:PrincipalOrgID'] !== undefined && orgContext['aws:PrincipalOrgID'] === orgContext['aws:ResourceOrgID'];
      const message = renderAccessDeniedMessage(request, decision, sameOrganization ? { includePolicyArn: true } : {});
      return { allowed: false, decisions, message, denial: { request, decision, policies } };
    }
  }
  return { allowed: true, decisions };
}

function accountOf(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const arn = parseArn(resource);
  return arn === undefined || arn.accountId === '' ? undefined : arn.accountId;
}

/**
 * AWS: global condition keys (reference_policies_condition-keys): present in every request
 * context where they apply.
 */
function globalContext(principal: Principal, facts: RequestFacts, extra: Readonly<Record<string, ContextValue>> | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(facts.now),
    'aws:EpochTime': String(Math.floor(facts.now.getTime() / 1000)),
    'aws:SourceIp': facts.sourceIp,
    'aws:SecureTransport': facts.secureTransport ? 'true' : 'false',
    'aws:UserAgent': facts.userAgent,
    'aws:RequestedRegion': facts.region,
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': PRINCIPAL_TYPE_KEY[principal.type],
    'aws:userid': principal.userId,
  };
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
};

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
