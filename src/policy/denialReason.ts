import type { ConditionTest, PolicyType, Statement } from './ast.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { compileCondition } from './conditions.js';
import { parseOperator, type ParsedOperator } from './conditionOperators.js';
import { toContext, type ContextValues } from './context.js';
import type { Decision, MatchedStatement, PolicyLayer } from './decision.js';
import { evaluate } from './evaluate.js';
import { IMPLICIT_NOUN, POLICY_TYPE_NOUN } from './explain.js';
import type { ApplicablePolicies, AuthzRequest } from './request.js';

/**
 * Why a request was denied, in one sentence for a person: which statement of which policy, and
 * what about the request made its conditions hold (an explicit deny), or which policy type lacks
 * an Allow and what an Allow that nearly applied required (an implicit deny). Rendered from the
 * Decision and the policies it was made from, after the fact: the evaluation's hot path is untouched.
 *
 * `denied by the Deny statement `DenyOutsideOffice` of the identity-based policy arn:…: aws:SourceIp 203.0.113.9 is not in 10.0.0.0/8 (NotIpAddress)`
 */

/** A policy's statement, found from a decision's matched statement. */
export interface StatementSource {
  readonly policy: CompiledPolicy;
  readonly statement: Statement;
}

/** Every policy of the evaluation, by id (the first of an id wins). */
export function policiesById(policies: ApplicablePolicies | undefined): Map<string, CompiledPolicy> {
  const index = new Map<string, CompiledPolicy>();
  if (policies === undefined) return index;
  const all = [
    ...policies.identity,
    ...(policies.session ?? []),
    ...(policies.resource !== undefined ? [policies.resource] : []),
    ...(policies.boundary !== undefined ? [policies.boundary] : []),
    ...(policies.scpLevels ?? []).flat(),
    ...(policies.rcpLevels ?? []).flat(),
  ];
  for (const p of all) if (!index.has(p.id)) index.set(p.id, p);
  return index;
}

/** The statement a matched statement stands for. */
export function statementOf(byId: ReadonlyMap<string, CompiledPolicy>, matched: Pick<MatchedStatement, 'policyId' | 'index'>): StatementSource | undefined {
  const policy = byId.get(matched.policyId);
  const statement = policy?.policy.statements.find((s) => s.index === matched.index);
  return policy === undefined || statement === undefined ? undefined : { policy, statement };
}

/** How a policy is named to a person: `the identity-based policy arn:…`, `the identity-based policy `P` of user alice` … */
export function policyLabel(id: string, type: PolicyType): string {
  const noun = POLICY_TYPE_NOUN[type];
  const inline = /^inline:(user|group|role)\/([^/]+)\/(.+)$/.exec(id);
  if (inline !== null) return `the inline ${noun} \`${inline[3]}\` of ${inline[1]} ${inline[2]}`;
  if (id.startsWith('session:')) return `the inline ${noun} of the session`;
  if (type === 'trust' || type === 'resource') return `the ${noun} of ${id}`;
  return `the ${noun} ${id}`;
}

/** `` `Sid` `` or `Statement[2]` when the statement has no Sid. */
function statementName(statement: Statement): string {
  return statement.sid !== undefined && statement.sid !== '' ? `\`${statement.sid}\`` : `Statement[${statement.index}]`;
}

/** The verbs of an operator family: what it says of a request value when it holds, and when it does not. */
const VERBS: Readonly<Record<string, readonly [string, string]>> = {
  String: ['is', 'is not'],
  StringLike: ['matches', 'does not match'],
  Arn: ['matches', 'does not match'],
  Bool: ['is', 'is not'],
  Binary: ['is', 'is not'],
  IpAddress: ['is in', 'is not in'],
  'Numeric:eq': ['is', 'is not'],
  'Numeric:lt': ['is less than', 'is not less than'],
  'Numeric:lte': ['is at most', 'is more than'],
  'Numeric:gt': ['is greater than', 'is not greater than'],
  'Numeric:gte': ['is at least', 'is less than'],
  'Date:eq': ['is', 'is not'],
  'Date:lt': ['is before', 'is not before'],
  'Date:lte': ['is not after', 'is after'],
  'Date:gt': ['is after', 'is not after'],
  'Date:gte': ['is not before', 'is before'],
};

function verbsOf(op: ParsedOperator): readonly [string, string] {
  const { type, comparison, wildcards } = op.spec;
  const key = type === 'Numeric' || type === 'Date' ? `${type}:${comparison}` : type === 'String' && wildcards ? 'StringLike' : type;
  return VERBS[key] ?? ['satisfies', 'does not satisfy'];
}

function listed(values: readonly string[]): string {
  return values.length === 1 ? values[0]! : values.join(', ');
}

/**
 * One condition test as a clause: what the request's value of its key is, against the policy's
 * values, worded as the test came out (`holds`), e.g. `aws:SourceIp 203.0.113.9 is not in 10.0.0.0/8 (NotIpAddress)`.
 */
export function describeCondition(test: ConditionTest, context: ContextValues, holds: boolean): string {
  const op = parseOperator(test.operator);
  const entry = context.get(test.key);
  const present = entry !== undefined && entry.values.length > 0;
  const shown = present ? (entry.multi ? `[${entry.values.join(', ')}]` : entry.values[0]!) : '';
  const suffix = ` (${test.operator})`;
  if (op === undefined) return `${test.key} cannot be tested${suffix}`;
  if (op.spec.type === 'Null') {
    return `${test.key} is ${present ? 'present' : 'absent'}${suffix}`;
  }
  if (!present) return `${test.key} is absent${suffix}`;
  const [affirmative, negative] = verbsOf(op);
  const many = test.values.length > 1;
  // A negated operator holds where its base does not: its clause is the base's, inverted.
  const says = op.spec.negated !== holds;
  const verb = says ? (many ? `${affirmative} one of` : affirmative) : many ? `${negative} any of` : negative;
  const qualifier = op.set === 'forAllValues' ? 'every value of ' : op.set === 'forAnyValue' ? 'a value of ' : '';
  const ignoring = op.spec.ignoreCase ? ' (ignoring case)' : '';
  return `${qualifier}${test.key} ${shown} ${verb} ${listed(test.values)}${ignoring}${suffix}`;
}

/** The clauses of a statement's conditions as they came out for the request. */
function conditionClauses(statement: Statement, context: ContextValues, variables: boolean): { holding: string[]; failing: string[] } {
  const holding: string[] = [];
  const failing: string[] = [];
  for (const test of statement.conditions) {
    const outcome = compileCondition(test, variables).evaluate(context);
    if (outcome === true) holding.push(describeCondition(test, context, true));
    else failing.push(typeof outcome === 'string' ? `${test.key}: ${outcome}` : describeCondition(test, context, false));
  }
  return { holding, failing };
}

/** The policies of one layer. */
function layerPolicies(policies: ApplicablePolicies, layer: PolicyLayer): readonly CompiledPolicy[] {
  switch (layer) {
    case 'identity':
      return policies.identity;
    case 'resource':
      return policies.resource !== undefined ? [policies.resource] : [];
    case 'boundary':
      return policies.boundary !== undefined ? [policies.boundary] : [];
    case 'session':
      return policies.session ?? [];
    case 'scp':
      return (policies.scpLevels ?? []).flat();
    case 'rcp':
      return (policies.rcpLevels ?? []).flat();
  }
}

/**
 * The Allow statements of a layer that would apply but for their conditions: the layer's policies
 * evaluated again without conditions, as the only identity policies of an ordinary request.
 */
function nearMisses(request: AuthzRequest, policies: ApplicablePolicies, layer: PolicyLayer): StatementSource[] {
  const found: StatementSource[] = [];
  for (const policy of layerPolicies(policies, layer)) {
    const bare = compilePolicy(
      { ...policy.policy, statements: policy.policy.statements.map((s) => ({ ...s, conditions: [] })) },
      { id: policy.id, type: 'identity' },
    );
    // Evaluated as an IAM user's identity policy (root's own rule, or an anonymous caller, would hide the statements).
    const principal = ['Root', 'Anonymous', 'AWSService'].includes(request.principal.type)
      ? { ...request.principal, type: 'IAMUser' as const }
      : request.principal;
    const probe = evaluate({ ...request, principal, resource: { arn: request.resource.arn } }, { identity: [bare] });
    for (const m of probe.matchedStatements) {
      const statement = policy.policy.statements.find((s) => s.index === m.index);
      if (m.effect === 'Allow' && statement !== undefined && statement.conditions.length > 0) found.push({ policy, statement });
    }
  }
  return found;
}

/** The one-sentence reason for a denied decision (for an allowed one, a sentence saying so). */
export function denialReason(request: AuthzRequest, decision: Decision, policies: ApplicablePolicies): string {
  const context = toContext(request.context);
  const on = request.resource.arn === '*' ? '' : ` on ${request.resource.arn}`;
  if (decision.result === 'Allowed') return `allowed: ${request.action}${on}`;
  const byId = policiesById(policies);
  if (decision.result === 'ExplicitlyDenied') {
    const denies = decision.matchedStatements.filter((m) => m.effect === 'Deny');
    const first = denies.find((m) => m.policyId === decision.explicitDenyPolicyId) ?? denies[0];
    const source = first === undefined ? undefined : statementOf(byId, first);
    if (first === undefined || source === undefined) return `denied by an explicit Deny${on}`;
    const { holding } = conditionClauses(source.statement, context, source.policy.policy.version === '2012-10-17');
    const why = holding.length > 0 ? holding.join(' and ') : `it applies to ${request.action}${on} without a condition`;
    return `denied by the Deny statement ${statementName(source.statement)} of ${policyLabel(first.policyId, first.policyType)}: ${why}`;
  }
  const layer = decision.blockedBy[0] ?? 'identity';
  const head = `denied implicitly: no ${IMPLICIT_NOUN[layer]} allows ${request.action}${on}`;
  const miss = nearMisses(request, policies, layer)[0];
  if (miss === undefined) return head;
  const { failing } = conditionClauses(miss.statement, context, miss.policy.policy.version === '2012-10-17');
  if (failing.length === 0) return head;
  return `${head}; the Allow statement ${statementName(miss.statement)} of ${policyLabel(miss.policy.id, miss.policy.type)} would, but ${failing.join(' and ')}`;
}
