import type { Effect, PolicyType } from './ast.js';

/** The policy layers that can block a request. */
export type PolicyLayer = 'identity' | 'resource' | 'boundary' | 'session' | 'scp' | 'rcp';

/** A statement that applied to the request (its action, resource, principal and conditions matched). */
export interface MatchedStatement {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly sid?: string;
  readonly index: number;
  readonly effect: Effect;
}

/** A statement that could not be evaluated; it is skipped, never fatal. */
export interface EvaluationError {
  readonly policyId: string;
  readonly index: number;
  readonly message: string;
}

/** The answer to an authorization question, with everything needed to explain it. */
export interface Decision {
  readonly decision: 'Allow' | 'Deny';
  readonly result: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /**
   * The layers that denied: for an explicit deny, every layer holding a matching Deny; for an implicit
   * deny, every layer that lacked a needed Allow. Listed in decision order (rcp, scp, resource,
   * identity, boundary, session). Empty when allowed.
   */
  readonly blockedBy: readonly PolicyLayer[];
  readonly matchedStatements: readonly MatchedStatement[];
  readonly errors: readonly EvaluationError[];
  /** For an explicit deny: the type of the first policy (in decision order) holding the Deny. */
  readonly explicitDenyIn?: PolicyType;
  /** For an explicit deny: the id of that policy (an ARN for managed policies, SCPs and RCPs). */
  readonly explicitDenyPolicyId?: string;
}

/** The layer a policy type belongs to (a role trust policy is a resource-based policy). */
export function layerOf(type: PolicyType): PolicyLayer {
  return type === 'trust' ? 'resource' : type;
}
