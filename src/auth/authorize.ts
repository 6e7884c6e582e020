import type { Principal } from '../model/index.js';
import { parseArn } from '../model/index.js';
import { buildContext, evaluate, renderAccessDeniedMessage } from '../policy/index.js';
import type { ApplicablePolicies, AuthzRequest, Decision } from '../policy/index.js';
import { requestContext, requestPrincipal, type RequestFacts } from './requestContext.js';
import type { AuthorizationNeed } from './need.js';
import type { OrganizationAwarePolicies } from './policies/index.js';

export type { RequestFacts } from './requestContext.js';

/** The outcome of authorizing every need of one call. */
export interface AuthorizationOutcome {
  readonly allowed: boolean;
  /** One decision per need, in order, up to and including the first denial. */
  readonly decisions: readonly { need: AuthorizationNeed; decision: Decision }[];
  /** AWS's enhanced AccessDenied message for the first denial. */
  readonly message?: string;
  /** What the first denial was decided on, for an encoded authorization message. */
  readonly denial?: { readonly request: AuthzRequest; readonly decision: Decision; readonly policies: ApplicablePolicies };
  /** The optional needs that were denied, with AWS's AccessDenied message for each. */
  readonly refused: ReadonlyMap<AuthorizationNeed, string>;
}

/**
 * Gathers the policies that apply to a principal for a request (identity, boundary, session,
 * resource-based, SCPs and RCPs): the policy gatherer (`auth/policies/`).
 */
export interface PolicySource {
  policiesFor(principal: Principal, need: AuthorizationNeed, resourceAccountId: string): Promise<OrganizationAwarePolicies>;
}

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
  const refused = new Map<AuthorizationNeed, string>();
  for (const need of needs) {
    const caller = need.caller ?? principal;
    const resourceAccountId = need.resourceAccountId ?? accountOf(need.resource) ?? caller.accountId;
    const policies = await source.policiesFor(caller, need, resourceAccountId);
    // AWS: aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID, aws:ResourceOrgPaths and
    // aws:ResourceAccount come from the organization of each account (reference_policies_condition-keys).
    const orgContext = policies.organizationContext;
    const request: AuthzRequest = {
      principal: requestPrincipal(caller),
      action: need.action,
      resource: { arn: need.resource, accountId: resourceAccountId },
      context: buildContext(requestContext(caller, facts, orgContext === undefined ? need.context : { ...orgContext, ...need.context })),
    };
    const decision = evaluate(request, policies);
    decisions.push({ need, decision });
    if (decision.decision !== 'Allow') {
      // AWS: a denying policy's ARN is named in same-account and same-organization requests.
      const sameOrganization = orgContext?.['aws:PrincipalOrgID'] !== undefined && orgContext['aws:PrincipalOrgID'] === orgContext['aws:ResourceOrgID'];
      const message = renderAccessDeniedMessage(request, decision, sameOrganization ? { includePolicyArn: true } : {});
      if (need.optional === true) {
        refused.set(need, message);
        continue;
      }
      return { allowed: false, decisions, message, denial: { request, decision, policies }, refused };
    }
  }
  return { allowed: true, decisions, refused };
}

function accountOf(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const arn = parseArn(resource);
  return arn === undefined || arn.accountId === '' ? undefined : arn.accountId;
}
