import type { CompiledPolicy } from '../../../policy/index.js';
import { compileWildcard, parsePolicy, principalSetsOf } from '../../../policy/index.js';
import type { StringMatcher } from '../../../policy/index.js';
import type { RoleModel } from '../accountModel.js';
import type { ActingNode } from './actingContext.js';

/**
 * Cheap, sound filters that keep the engine from being asked questions whose answer is certainly
 * no: a caller none of whose identity policies has an Allow statement that names the action (by
 * Action or NotAction, any resource, any condition) cannot be allowed it, unless a resource-based
 * policy names the caller itself; a role whose trust policy names neither the caller, its account
 * nor anyone cannot be assumed by it. Every question that passes is decided by the engine.
 */

const matchers = new Map<string, StringMatcher>();

function matches(pattern: string, action: string): boolean {
  let matcher = matchers.get(pattern);
  if (matcher === undefined) {
    matcher = compileWildcard(pattern.toLowerCase(), true);
    matchers.set(pattern, matcher);
  }
  return matcher(action);
}

/** Whether some Allow statement of `policies` names `action` (lowercased `service:name`). */
export function mayAllowAction(policies: readonly CompiledPolicy[], action: string): boolean {
  const lower = action.toLowerCase();
  const service = lower.slice(0, lower.indexOf(':'));
  for (const policy of policies) {
    for (const statement of policy.candidates(service)) {
      if (statement.effect !== 'Allow') continue;
      const ast = policy.policy.statements.find((s) => s.index === statement.index);
      if (ast === undefined) continue;
      if (ast.action?.some((a) => matches(a, lower))) return true;
      if (ast.notAction !== undefined && !ast.notAction.some((a) => matches(a, lower))) return true;
    }
  }
  return false;
}

/** Who a role's trust policy lets assume it, read as the engine reads principals. */
export interface TrustAdmission {
  /** `*`, or an Allow with NotPrincipal: anyone may be admitted (conditions permitting). */
  readonly anyone: boolean;
  readonly accounts: ReadonlySet<string>;
  /** Principal ARNs and unique IDs, lowercased. */
  readonly principals: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
}

const NONE: TrustAdmission = { anyone: false, accounts: new Set(), principals: new Set(), services: new Set() };

/** The principals named by the Allow statements of a trust policy that can allow sts:AssumeRole. */
export function trustAdmission(role: RoleModel): TrustAdmission {
  const parsed = parsePolicy(role.trustPolicy, 'trust', { maxLength: Number.MAX_SAFE_INTEGER, anyVersion: true });
  if (!parsed.ok) return NONE;
  let anyone = false;
  const accounts = new Set<string>();
  const principals = new Set<string>();
  const services = new Set<string>();
  for (const statement of parsed.policy.statements) {
    if (statement.effect !== 'Allow') continue;
    const names =
      statement.action?.some((a) => matches(a, 'sts:assumerole')) === true || statement.notAction?.some((a) => matches(a, 'sts:assumerole')) === false;
    if (!names) continue;
    if (statement.notPrincipal !== undefined) {
      anyone = true;
      continue;
    }
    if (statement.principal === undefined) continue;
    const sets = principalSetsOf(statement.principal);
    if (sets.anyone) anyone = true;
    for (const a of sets.accounts) accounts.add(a);
    for (const a of sets.arns) principals.add(a.toLowerCase());
    for (const id of sets.uniqueIds) principals.add(id.toLowerCase());
    for (const s of sets.services) services.add(s);
  }
  return { anyone, accounts, principals, services };
}

/** Whether the trust names `node` itself (its ARN or unique ID) or anyone: then the engine may allow it without an identity policy. */
export function namesDirectly(trust: TrustAdmission, node: ActingNode): boolean {
  return trust.anyone || trust.principals.has(node.arn.toLowerCase()) || trust.principals.has(node.id.toLowerCase());
}

/** Whether the trust could admit `node` at all (itself, its account or anyone). */
export function mayAdmit(trust: TrustAdmission, node: ActingNode, accountId: string): boolean {
  return namesDirectly(trust, node) || trust.accounts.has(accountId);
}
