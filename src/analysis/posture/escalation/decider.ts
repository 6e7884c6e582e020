import type { PolicyGatherer } from '../../../auth/policies/index.js';
import { buildContext, compilePolicy, evaluate, parsePolicy } from '../../../policy/index.js';
import type { ApplicablePolicies, CompiledPolicy, ContextRecord, Decision } from '../../../policy/index.js';
import { actingAs, actingContext, serviceCaller, type ActingNode } from './actingContext.js';

/**
 * Every edge of the escalation graph is a question to the policy engine: may this principal, with
 * everything that applies to it (identity policies of the user and its groups or of the role, its
 * permissions boundary, its organization's SCPs and RCPs, and the target's resource-based policy:
 * a role's trust policy), make this call? The policies come from the one policy gatherer; the
 * answers are memoized per principal, action, resource and context, since many paths share edges.
 */

/** What the analysis changes about a principal's policies to ask "and then?" (after an escalation step). */
export interface PolicyChange {
  /** Names the change in memo keys. */
  readonly key: string;
  /** Identity policies to drop, by the id decisions name them (a managed policy's ARN). */
  readonly remove?: readonly string[];
  /** Identity policies to add. */
  readonly add?: readonly CompiledPolicy[];
  /** Drop the permissions boundary, or put this one in its place. */
  readonly boundary?: 'remove' | CompiledPolicy;
}

/** One decision of an edge. */
export interface EdgeDecision {
  readonly allowed: boolean;
  /** Allowed only with MFA (the caller must have signed in with it). */
  readonly mfaRequired: boolean;
  /** The ids of the policies whose Allow statements applied. */
  readonly allowedBy: readonly string[];
}

export interface DecideOptions {
  /** The action's own condition keys (`iam:PolicyARN`, `iam:PassedToService`, …). */
  readonly context?: Readonly<Record<string, string>>;
  /** The trust policy to evaluate in place of the role's own (after UpdateAssumeRolePolicy). */
  readonly trustPolicy?: string;
  readonly change?: PolicyChange;
  /** Decide without the organization's SCPs and RCPs (they limit every principal of the account alike). */
  readonly withoutGuardrails?: boolean;
}

const GRANTING: ReadonlySet<string> = new Set(['identity', 'resource', 'trust']);

const ALLOW_ALL_TEXT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

/** A policy allowing everything: what an attacker writes into a policy it controls, or AdministratorAccess. */
export function allowAll(id: string): CompiledPolicy {
  const parsed = parsePolicy(ALLOW_ALL_TEXT, 'identity');
  // INVARIANT: the literal above parses.
  if (!parsed.ok) throw new Error('allow-all policy does not parse');
  return compilePolicy(parsed.policy, { id, type: 'identity' });
}

/** Compiles a document as an identity policy (a version an attacker makes the default); undefined when it does not parse. */
export function compileIdentity(id: string, document: string): CompiledPolicy | undefined {
  const parsed = parsePolicy(document, 'identity', { maxLength: Number.MAX_SAFE_INTEGER, anyVersion: true });
  return parsed.ok ? compilePolicy(parsed.policy, { id, type: 'identity' }) : undefined;
}

/** The engine behind the graph, over one account's gatherer. */
export class EngineDecider {
  readonly #gatherer: PolicyGatherer;
  readonly #accountId: string;
  readonly #now: Date;
  readonly #memo = new Map<string, Promise<EdgeDecision>>();
  /** Evaluations run (memo misses), for the benchmark. */
  evaluations = 0;

  constructor(gatherer: PolicyGatherer, accountId: string, now: Date) {
    this.#gatherer = gatherer;
    this.#accountId = accountId;
    this.#now = now;
  }

  /** Whether `node` may call `action` on `resource`: tried without MFA, then with it. */
  decide(node: ActingNode, action: string, resource: string, options: DecideOptions = {}): Promise<EdgeDecision> {
    const key = `${node.arn}\n${action}\n${resource}\n${JSON.stringify(options.context ?? {})}\n${options.trustPolicy ?? ''}\n${options.change?.key ?? ''}\n${options.withoutGuardrails === true ? 'no guardrails' : ''}`;
    let pending = this.#memo.get(key);
    if (pending === undefined) {
      pending = this.#decide(node, action, resource, options);
      this.#memo.set(key, pending);
    }
    return pending;
  }

  /** Whether an AWS service may assume `roleArn` when a principal passes the role to it (the role's trust policy). */
  serviceMayAssume(service: string, roleArn: string, sourceArn: string): Promise<EdgeDecision> {
    const key = `service\n${service}\n${roleArn}`;
    let pending = this.#memo.get(key);
    if (pending === undefined) {
      pending = (async () => {
        this.evaluations++;
        const caller = serviceCaller(service);
        const policies = await this.#gatherer.policiesFor(caller.principal, { action: 'sts:AssumeRole', resource: roleArn }, this.#accountId);
        // AWS: a service acting for a resource of the account sends aws:SourceAccount and aws:SourceArn.
        const context = { 'aws:SourceAccount': this.#accountId, 'aws:SourceArn': sourceArn, 'aws:SecureTransport': 'true' };
        const decision = evaluate(
          { principal: caller.request, action: 'sts:AssumeRole', resource: { arn: roleArn, accountId: this.#accountId }, context: buildContext(context) },
          policies,
        );
        return edge(decision, false);
      })();
      this.#memo.set(key, pending);
    }
    return pending;
  }

  /** The node's identity policies, compiled by the gatherer (and kept there for its decisions). */
  async identityOf(node: ActingNode): Promise<readonly CompiledPolicy[]> {
    const caller = actingAs(node, this.#accountId, this.#now, false);
    return (await this.#gatherer.policiesFor(caller.principal, { action: 'iam:GetUser', resource: node.arn }, this.#accountId)).identity;
  }

  async #decide(node: ActingNode, action: string, resource: string, options: DecideOptions): Promise<EdgeDecision> {
    const plain = await this.#once(node, action, resource, options, false);
    if (plain.allowed || !plain.mfaMatters) return plain;
    const withMfa = await this.#once(node, action, resource, options, true);
    return withMfa.allowed ? { ...withMfa, mfaRequired: true } : plain;
  }

  async #once(node: ActingNode, action: string, resource: string, options: DecideOptions, mfa: boolean): Promise<EdgeDecision & { mfaMatters: boolean }> {
    this.evaluations++;
    const caller = actingAs(node, this.#accountId, this.#now, mfa);
    const need = {
      action,
      resource,
      ...(options.trustPolicy !== undefined ? { resourcePolicy: { arn: resource, document: options.trustPolicy } } : {}),
    };
    let policies: ApplicablePolicies & { organizationContext?: Readonly<Record<string, unknown>> } = await this.#gatherer.policiesFor(
      caller.principal,
      need,
      this.#accountId,
    );
    if (options.change !== undefined) policies = applyChange(policies, options.change);
    if (options.withoutGuardrails === true) {
      const { scpLevels: _scp, rcpLevels: _rcp, ...rest } = policies;
      policies = rest;
    }
    const context: Record<string, unknown> = {
      ...actingContext(node, this.#accountId, this.#now, mfa),
      ...policies.organizationContext,
      ...options.context,
    };
    const decision = evaluate(
      { principal: caller.request, action, resource: { arn: resource, accountId: this.#accountId }, context: buildContext(context as ContextRecord) },
      policies,
    );
    return { ...edge(decision, false), mfaMatters: mentionsMfa(policies) };
  }
}

const mfaMentions = new WeakMap<CompiledPolicy, boolean>();

/** Whether any policy that applies has a condition on MFA (only then may signing in with it change the answer). */
function mentionsMfa(policies: ApplicablePolicies): boolean {
  const all = [
    ...policies.identity,
    ...(policies.boundary !== undefined ? [policies.boundary] : []),
    ...(policies.resource !== undefined ? [policies.resource] : []),
    ...(policies.session ?? []),
    ...(policies.scpLevels ?? []).flat(),
    ...(policies.rcpLevels ?? []).flat(),
  ];
  return all.some((policy) => {
    let mentions = mfaMentions.get(policy);
    if (mentions === undefined) {
      mentions = policy.policy.statements.some((s) => s.conditions.some((c) => c.key.toLowerCase().startsWith('aws:multifactorauth')));
      mfaMentions.set(policy, mentions);
    }
    return mentions;
  });
}

function edge(decision: Decision, mfaRequired: boolean): EdgeDecision {
  const allowed = decision.decision === 'Allow';
  return {
    allowed,
    mfaRequired,
    // The grants: identity and resource-based policies (guardrails and boundaries only let them through).
    allowedBy: allowed ? [...new Set(decision.matchedStatements.filter((m) => m.effect === 'Allow' && GRANTING.has(m.policyType)).map((m) => m.policyId))] : [],
  };
}

function applyChange<T extends ApplicablePolicies>(policies: T, change: PolicyChange): T {
  const removed = new Set(change.remove ?? []);
  const identity = [...policies.identity.filter((p) => !removed.has(p.id)), ...(change.add ?? [])];
  const out: T = { ...policies, identity };
  if (change.boundary === 'remove') delete (out as { boundary?: CompiledPolicy }).boundary;
  else if (change.boundary !== undefined) (out as { boundary?: CompiledPolicy }).boundary = change.boundary;
  return out;
}
