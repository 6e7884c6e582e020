import type { Effect, Policy, PolicyType, Statement } from './ast.js';
import { compileActions, type ActionMatcher } from './actions.js';
import { compileCondition, type CompiledCondition } from './conditions.js';
import type { ContextValues } from './context.js';
import type { EvaluationError, MatchedStatement } from './decision.js';
import { compileNotPrincipal, compilePrincipal, GrantClass, type NotPrincipalMatcher, type PrincipalMatcher } from './principals.js';
import type { RequestPrincipal } from './request.js';
import { compileResources, ListMatch, type PreparedResource, type ResourceMatcher } from './resources.js';

/** Identifies a policy in decisions and messages. */
export interface PolicyRef {
  /** An ARN for managed policies, SCPs and RCPs; e.g. `inline:user/alice/PolicyName` otherwise. */
  readonly id: string;
  readonly type: PolicyType;
}

/** The request as the matchers need it: lowercased action parts, resource, built context. */
export interface PreparedRequest {
  readonly principal: RequestPrincipal;
  readonly service: string;
  readonly actionName: string;
  readonly resource: PreparedResource;
  readonly context: ContextValues;
  /** Where statements report evaluation errors. */
  readonly errors: EvaluationError[];
}

/** One compiled statement. */
export interface CompiledStatement {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Problems found while compiling (unknown operator, mistyped policy value). */
  readonly errors: readonly string[];
  /** How the statement is listed in a decision when it applies (one shared object). */
  readonly info: MatchedStatement;
  /** The lowercased services its Action list can match; undefined when any (`*`, NotAction). */
  readonly services: readonly string[] | undefined;
  /**
   * Whether the statement applies to the request: `GrantClass.None` when it does not; otherwise how
   * its Principal names the caller (`GrantClass.Direct` for statements without a Principal element).
   */
  match(request: PreparedRequest): GrantClass;
}

/** A policy compiled once into matchers, its statements indexed by service prefix. */
export interface CompiledPolicy extends PolicyRef {
  readonly policy: Policy;
  readonly statements: readonly CompiledStatement[];
  /** Every compile-time problem, by statement index. */
  readonly errors: readonly { readonly index: number; readonly message: string }[];
  /** The statements that can match an action of this (lowercased) service, in policy order. */
  candidates(service: string): readonly CompiledStatement[];
}

/** Compiles a normalized policy. Never throws; problems are kept in `errors`. */
export function compilePolicy(policy: Policy, ref: PolicyRef): CompiledPolicy {
  const variables = policy.version === '2012-10-17';
  const statements = policy.statements.map((s) => compileStatement(s, ref, variables));
  const wildcard = statements.filter((s) => s.services === undefined);
  const byService = new Map<string, CompiledStatement[]>();
  for (const service of new Set(statements.flatMap((s) => s.services ?? []))) {
    byService.set(
      service,
      statements.filter((s) => s.services === undefined || s.services.includes(service)),
    );
  }
  const errors = statements.flatMap((s) => s.errors.map((message) => ({ index: s.index, message })));
  return {
    id: ref.id,
    type: ref.type,
    policy,
    statements,
    errors,
    candidates: (service) => byService.get(service) ?? wildcard,
  };
}

function compileStatement(s: Statement, ref: PolicyRef, variables: boolean): CompiledStatement {
  const errors: string[] = [];
  const actions: ActionMatcher | undefined = s.action !== undefined ? compileActions(s.action) : undefined;
  const notActions: ActionMatcher | undefined = s.notAction !== undefined ? compileActions(s.notAction) : undefined;
  const resources: ResourceMatcher | undefined = s.resource !== undefined ? compileResources(s.resource, variables) : undefined;
  const notResources: ResourceMatcher | undefined = s.notResource !== undefined ? compileResources(s.notResource, variables) : undefined;
  const principal: PrincipalMatcher | undefined = s.principal !== undefined ? compilePrincipal(s.principal) : undefined;
  const notPrincipal: NotPrincipalMatcher | undefined = s.notPrincipal !== undefined ? compileNotPrincipal(s.notPrincipal) : undefined;
  const conditions: CompiledCondition[] = s.conditions.map((c) => compileCondition(c, variables));
  for (const c of conditions) if (c.error !== undefined) errors.push(c.error);
  if (actions === undefined && notActions === undefined) errors.push('statement has neither `Action` nor `NotAction`');
  const needsPrincipal = ref.type === 'resource' || ref.type === 'trust';
  const missingPrincipal = needsPrincipal && principal === undefined && notPrincipal === undefined;
  if (missingPrincipal) errors.push('resource-based policy statement has neither `Principal` nor `NotPrincipal`');

  const report = (request: PreparedRequest, message: string): void => {
    request.errors.push({ policyId: ref.id, index: s.index, message });
  };

  return {
    policyId: ref.id,
    policyType: ref.type,
    index: s.index,
    sid: s.sid,
    effect: s.effect,
    errors,
    services: actions?.services,
    info: Object.freeze(
      s.sid === undefined
        ? { policyId: ref.id, policyType: ref.type, index: s.index, effect: s.effect }
        : { policyId: ref.id, policyType: ref.type, sid: s.sid, index: s.index, effect: s.effect },
    ),
    match(request) {
      if (actions !== undefined) {
        if (!actions.matches(request.service, request.actionName)) return GrantClass.None;
      } else if (notActions === undefined || notActions.matches(request.service, request.actionName)) {
        return GrantClass.None;
      }
      if (resources !== undefined) {
        if (resources(request.resource, request.context) !== ListMatch.Yes) return GrantClass.None;
      } else if (notResources !== undefined && notResources(request.resource, request.context) !== ListMatch.No) {
        return GrantClass.None;
      }
      if (missingPrincipal) return GrantClass.None;
      let grant: GrantClass = GrantClass.Direct;
      if (principal !== undefined) grant = principal(request.principal);
      else if (notPrincipal !== undefined && !notPrincipal(request.principal)) grant = GrantClass.None;
      if (grant === GrantClass.None) return grant;
      if (errors.length > 0) {
        // A statement that cannot be evaluated is skipped and reported, never fatal.
        for (const message of errors) report(request, message);
        return GrantClass.None;
      }
      for (let i = 0; i < conditions.length; i++) {
        const outcome = conditions[i]!.evaluate(request.context);
        if (outcome === true) continue;
        if (outcome !== false) report(request, outcome);
        return GrantClass.None;
      }
      return grant;
    },
  };
}
