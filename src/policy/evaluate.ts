import type { CompiledPolicy, PreparedRequest } from './compile.js';
import { toContext } from './context.js';
import type { Decision, MatchedStatement, PolicyLayer } from './decision.js';
import { GrantClass } from './principals.js';
import type { ApplicablePolicies, AuthzRequest, PrincipalType } from './request.js';
import { prepareResource } from './resources.js';

/**
 * The one place that owns the decision order.
 *
 * AWS: reference_policies_evaluation-logic_policy-eval-denyallow (single account),
 * reference_policies_evaluation-logic-cross-account (two evaluations that must both allow), and
 * the shared reference notes iam-checks-evaluation-quotas.md §5 (oracle tables A, B, C).
 *
 * INVARIANT: an Allow is only ever reached when no layer holds a matching Deny, and adding an Allow
 * statement can only remove layers from `blockedBy`.
 */
export function evaluate(request: AuthzRequest, policies: ApplicablePolicies): Decision {
  const principal = request.principal;
  const action = splitAction(request.action);
  const prepared: PreparedRequest = {
    principal,
    service: action.service,
    actionName: action.name,
    resource: prepareResource(request.resource.arn),
    context: toContext(request.context),
    errors: [],
  };
  const matched: MatchedStatement[] = [];
  const caller = callerKind(principal.type);
  const hasIdentity = caller === 'iam';
  // AWS: session policies exist only for role sessions and GetFederationToken sessions.
  const isSession = principal.type === 'AssumedRole' || principal.type === 'FederatedUser';
  const resourceAccount = request.resource.accountId;
  const crossAccount = caller !== 'external' && resourceAccount !== undefined && resourceAccount !== principal.accountId;

  const rcp = scanLevels(policies.rcpLevels, prepared, matched);
  const scp = caller === 'external' ? undefined : scanLevels(policies.scpLevels, prepared, matched);
  const resource = new Scan();
  if (policies.resource !== undefined) scanPolicy(policies.resource, prepared, matched, resource);
  const identity = hasIdentity ? scanList(policies.identity, prepared, matched) : undefined;
  let boundary: Scan | undefined;
  if (hasIdentity && policies.boundary !== undefined) scanPolicy(policies.boundary, prepared, matched, (boundary = new Scan()));
  const session =
    hasIdentity && isSession && policies.session !== undefined && policies.session.length > 0 ? scanList(policies.session, prepared, matched) : undefined;

  // Step 1: an explicit deny in any applicable policy.
  const denied: PolicyLayer[] = [];
  if (rcp?.deny !== undefined) denied.push('rcp');
  if (scp?.deny !== undefined) denied.push('scp');
  if (resource.deny !== undefined) denied.push('resource');
  if (identity?.deny !== undefined) denied.push('identity');
  if (boundary?.deny !== undefined) denied.push('boundary');
  if (session?.deny !== undefined) denied.push('session');
  if (denied.length > 0) {
    const first = (rcp?.deny ?? scp?.deny ?? resource.deny ?? identity?.deny ?? boundary?.deny ?? session?.deny)!;
    return {
      decision: 'Deny',
      result: 'ExplicitlyDenied',
      blockedBy: denied,
      matchedStatements: matched,
      errors: prepared.errors,
      explicitDenyIn: first.type,
      explicitDenyPolicyId: first.id,
    };
  }

  const blocked: PolicyLayer[] = [];
  // Steps 2 and 3: every level of the organization path must allow (RCPs for the resource's
  // account, SCPs for the principal's account). Guardrails never grant, and no resource-based
  // Allow overrides them.
  if (rcp !== undefined && !rcp.allow) blocked.push('rcp');
  if (scp !== undefined && !scp.allow) blocked.push('scp');

  const grant = resource.grant;
  let needIdentity = false;
  let needBoundaryAndSession = false;
  if (caller === 'external') {
    // Anonymous, service and web-identity/SAML callers have no identity policies: only the
    // resource-based policy can grant.
    if (grant === GrantClass.None) blocked.push('resource');
  } else if (caller === 'root') {
    // AWS: the root user may act on its own account's resources unless an explicit deny, an SCP or
    // an RCP blocks it; identity, boundary and session policies never apply to it.
    if ((crossAccount || policies.resourcePolicyRequired === true) && grant === GrantClass.None) blocked.push('resource');
  } else if (crossAccount) {
    // Two evaluations: the resource account needs a resource-based Allow naming the caller (or its
    // account); the caller's account needs an identity Allow, within boundary and session policies.
    if (grant === GrantClass.None) blocked.push('resource');
    needIdentity = true;
    needBoundaryAndSession = true;
  } else {
    // Step 4: a same-account resource-based Allow. Which implicit denies it bypasses depends on how it
    // names the caller (oracle tables A and B); role trust and KMS key policies must allow themselves.
    if (policies.resourcePolicyRequired === true && grant === GrantClass.None) blocked.push('resource');
    needIdentity = grant < GrantClass.Parent;
    needBoundaryAndSession = grant < GrantClass.Direct;
  }
  // Step 5.
  if (needIdentity && !identity!.allow) blocked.push('identity');
  if (needBoundaryAndSession) {
    // Step 6.
    if (boundary !== undefined && !boundary.allow) blocked.push('boundary');
    // AWS: step 7 — a role session without session policies keeps its role's permissions; a
    // GetFederationToken session without a session policy has none.
    if (session !== undefined ? !session.allow : principal.type === 'FederatedUser') blocked.push('session');
  }

  if (blocked.length > 0) {
    return {
      decision: 'Deny',
      result: 'ImplicitlyDenied',
      blockedBy: blocked,
      matchedStatements: matched,
      errors: prepared.errors,
    };
  }
  return { decision: 'Allow', result: 'Allowed', blockedBy: blocked, matchedStatements: matched, errors: prepared.errors };
}

type CallerKind = 'iam' | 'root' | 'external';

interface SplitAction {
  readonly service: string;
  readonly name: string;
}

const ACTION_CACHE_LIMIT = 4096;
const actionCache = new Map<string, SplitAction>();

/** The lowercased service prefix and action name; actions repeat, so the split is remembered. */
function splitAction(action: string): SplitAction {
  let hit = actionCache.get(action);
  if (hit === undefined) {
    const lower = action.toLowerCase();
    const colon = lower.indexOf(':');
    hit = colon < 0 ? { service: lower, name: '' } : { service: lower.slice(0, colon), name: lower.slice(colon + 1) };
    if (actionCache.size >= ACTION_CACHE_LIMIT) actionCache.clear();
    actionCache.set(action, hit);
  }
  return hit;
}

function callerKind(type: PrincipalType): CallerKind {
  switch (type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
    case 'AssumedRole':
    case 'FederatedUser':
    case 'Workload':
      return 'iam';
    case 'WebIdentityUser':
    case 'SAMLUser':
    case 'AWSService':
    case 'Anonymous':
    case 'IdentityCenterUser':
      return 'external';
  }
}

/** What one layer's policies said about the request. */
class Scan {
  /** A matching Allow was found (for organization levels: at every level). */
  allow = false;
  /** The first policy holding a matching Deny. */
  deny: CompiledPolicy | undefined = undefined;
  /** The strongest way a matching Allow named the caller (resource-based policies). */
  grant: GrantClass = GrantClass.None;
}

function scanList(list: readonly CompiledPolicy[], request: PreparedRequest, matched: MatchedStatement[]): Scan {
  const scan = new Scan();
  for (let i = 0; i < list.length; i++) scanPolicy(list[i]!, request, matched, scan);
  return scan;
}

function scanLevels(levels: readonly (readonly CompiledPolicy[])[] | undefined, request: PreparedRequest, matched: MatchedStatement[]): Scan | undefined {
  if (levels === undefined) return undefined;
  const total = new Scan();
  total.allow = true;
  for (let l = 0; l < levels.length; l++) {
    const scan = scanList(levels[l]!, request, matched);
    if (!scan.allow) total.allow = false;
    total.deny ??= scan.deny;
  }
  return total;
}

function scanPolicy(policy: CompiledPolicy, request: PreparedRequest, matched: MatchedStatement[], scan: Scan): void {
  const statements = policy.candidates(request.service);
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i]!;
    const grant = statement.match(request);
    if (grant === GrantClass.None) continue;
    matched.push(statement.info);
    if (statement.effect === 'Deny') {
      scan.deny ??= policy;
    } else {
      scan.allow = true;
      if (grant > scan.grant) scan.grant = grant;
    }
  }
}
