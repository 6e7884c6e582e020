import type { PrincipalSpec } from './ast.js';
import type { RequestPrincipal } from './request.js';

/**
 * How a resource-policy statement names the caller, which decides what an Allow there can bypass
 * in the same account (AWS: reference_policies_evaluation-logic_policy-eval-denyallow, oracle table A):
 * - `Direct`: the IAM user ARN, the role session ARN, the federated-user ARN, a service, a federated
 *   provider, a canonical user, or `*` — not limited by identity, boundary or session implicit denies;
 * - `Parent`: the role ARN (for a role session) or the IAM user that called GetFederationToken (for a
 *   federated user) — not limited by identity policies, limited by boundary and session policies;
 * - `Account`: the account (`123456789012` or `arn:aws:iam::123456789012:root`) — delegates to IAM,
 *   so an identity-based Allow is still needed.
 */
export const GrantClass = { None: 0, Account: 1, Parent: 2, Direct: 3 } as const;
export type GrantClass = (typeof GrantClass)[keyof typeof GrantClass];

/** A compiled Principal element. */
export type PrincipalMatcher = (principal: RequestPrincipal) => GrantClass;

/** A compiled NotPrincipal element: true when the statement applies to the caller. */
export type NotPrincipalMatcher = (principal: RequestPrincipal) => boolean;

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
// AWS: reference_identifiers (unique IDs): AIDA users, AROA roles, AGPA groups, …; a policy whose
// principal was deleted shows the unique ID in place of the ARN.
const UNIQUE_ID = /^A[A-Z0-9]{3}[A-Z0-9]{8,}$/;

/** A Principal or NotPrincipal element sorted by how the matchers compare each value. */
export interface PrincipalSets {
  readonly anyone: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly uniqueIds: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonical: ReadonlySet<string>;
}

/**
 * Sorts a Principal/NotPrincipal element's values the way the matchers use them: `*` (anyone),
 * accounts (`123456789012` or its root ARN), unique IDs, other ARNs, services (lowercased),
 * federated providers and canonical users. Exported for the policy analyses, which must read
 * principals exactly as evaluation does.
 */
export function principalSetsOf(spec: PrincipalSpec): PrincipalSets {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const uniqueIds = new Set<string>();
  if (spec === '*') {
    const none = new Set<string>();
    return { anyone: true, accounts, arns, uniqueIds, services: none, federated: none, canonical: none };
  }
  let anyone = false;
  for (const value of spec.AWS ?? []) {
    if (value === '*') anyone = true;
    else if (ACCOUNT_ID.test(value)) accounts.add(value);
    else if (ROOT_ARN.test(value)) accounts.add(ROOT_ARN.exec(value)![1]!);
    else if (UNIQUE_ID.test(value)) uniqueIds.add(value);
    else arns.add(value);
  }
  return {
    anyone,
    accounts,
    arns,
    uniqueIds,
    services: new Set((spec.Service ?? []).map((s) => s.toLowerCase())),
    federated: new Set(spec.Federated ?? []),
    canonical: new Set(spec.CanonicalUser ?? []),
  };
}

function roleIdOf(principal: RequestPrincipal): string | undefined {
  const id = principal.userId;
  if (id === undefined) return undefined;
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(0, colon);
}

/** Compiles a Principal element. */
export function compilePrincipal(spec: PrincipalSpec): PrincipalMatcher {
  const s = principalSetsOf(spec);
  return (p) => {
    if (s.anyone) return GrantClass.Direct;
    if (p.canonicalUserId !== undefined && s.canonical.has(p.canonicalUserId)) return GrantClass.Direct;
    switch (p.type) {
      case 'IAMUser':
        if (s.arns.has(p.arn) || (p.userId !== undefined && s.uniqueIds.has(p.userId))) return GrantClass.Direct;
        break;
      case 'AssumedRole': {
        if (s.arns.has(p.arn)) return GrantClass.Direct;
        const roleId = roleIdOf(p);
        if ((p.roleArn !== undefined && s.arns.has(p.roleArn)) || (roleId !== undefined && s.uniqueIds.has(roleId))) {
          return GrantClass.Parent;
        }
        break;
      }
      case 'FederatedUser':
        if (s.arns.has(p.arn)) return GrantClass.Direct;
        if (p.federatedUserParentArn !== undefined && s.arns.has(p.federatedUserParentArn)) return GrantClass.Parent;
        break;
      case 'AWSService':
        return p.serviceName !== undefined && s.services.has(p.serviceName.toLowerCase()) ? GrantClass.Direct : GrantClass.None;
      case 'WebIdentityUser':
      case 'SAMLUser':
        return s.federated.has(p.federatedProvider ?? p.arn) ? GrantClass.Direct : GrantClass.None;
      case 'Anonymous':
      case 'IdentityCenterUser':
      case 'Workload':
        return GrantClass.None;
      case 'Root':
        break;
    }
    return p.accountId !== '' && s.accounts.has(p.accountId) ? GrantClass.Account : GrantClass.None;
  };
}

/**
 * Compiles a NotPrincipal element. AWS: reference_policies_elements_notprincipal — a request is made
 * on behalf of the account and of every identity in the caller's chain (account → user; account →
 * role → role session), and the statement applies unless every one of them is listed: naming a user
 * without its account does not exclude the user.
 */
export function compileNotPrincipal(spec: PrincipalSpec): NotPrincipalMatcher {
  const s = principalSetsOf(spec);
  return (p) => {
    if (s.anyone) return false;
    if (p.canonicalUserId !== undefined && s.canonical.has(p.canonicalUserId)) return false;
    const account = s.accounts.has(p.accountId);
    switch (p.type) {
      case 'Root':
        return !account;
      case 'IAMUser': {
        const named = s.arns.has(p.arn) || (p.userId !== undefined && s.uniqueIds.has(p.userId));
        return !(named && (account || p.simulatedCaller === true));
      }
      case 'AssumedRole': {
        const roleId = roleIdOf(p);
        const role = (p.roleArn !== undefined && s.arns.has(p.roleArn)) || (roleId !== undefined && s.uniqueIds.has(roleId));
        return !(account && role && s.arns.has(p.arn));
      }
      case 'FederatedUser':
        return !(account && s.arns.has(p.arn));
      case 'AWSService':
        return !(p.serviceName !== undefined && s.services.has(p.serviceName.toLowerCase()));
      case 'WebIdentityUser':
      case 'SAMLUser':
        return !s.federated.has(p.federatedProvider ?? p.arn);
      case 'Anonymous':
      case 'IdentityCenterUser':
      case 'Workload':
        return true;
    }
  };
}
