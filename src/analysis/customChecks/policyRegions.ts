import type { Effect, Policy, PolicyType, Statement } from '../../policy/ast.js';
import { compilePolicy } from '../../policy/compile.js';
import { toPlainJson } from '../../policy/json.js';
import { parseJson } from '../../policy/jsonParse.js';
import { normalizePolicy } from '../../policy/normalize.js';
import { parsePolicy } from '../../policy/parse.js';
import type { GrammarIssue } from '../../policy/grammarMessages.js';
import { actionPattern } from './actionPatterns.js';
import { factOf, type Fact } from './conditionFacts.js';
import { notPrincipalConstraint, principalItems, type PrincipalConstraint } from './principalSets.js';
import type { Constraint, Region } from './regions.js';
import { resourcePattern } from './stringPatterns.js';
import { CheckInputError } from './types.js';

/**
 * How a checked document is read: as an identity policy (no Principal), or as a resource policy
 * (Principal or NotPrincipal required; Resource optional, since role trust policies have none).
 */
export type DocumentKind = 'identity' | 'resource';

/** One statement of a checked policy and the requests it applies to. */
export interface StatementRegion {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly region: Region;
}

/** A checked policy: the statements that can apply to some request, by effect. */
export interface PolicyRegions {
  readonly policy: Policy;
  readonly allows: readonly StatementRegion[];
  readonly denies: readonly StatementRegion[];
}

/**
 * Grammar findings that do not change what a policy allows, so a check reads past them: IAM's
 * own rules on Sids and on the Version of stored policies, the form of resource ARNs (the engine
 * matches any text), principal values IAM would refuse (a wildcard in them), and a missing Resource in resource policies (AWS: role trust policies have
 * none, and AWS's reference policies for them omit it; the statement then applies to every resource).
 */
const TOLERATED: ReadonlySet<GrammarIssue> = new Set<GrammarIssue>([
  'VERSION_REQUIRED',
  'SID_CHARSET',
  'SID_UNIQUE',
  'RESOURCE_NOT_ARN',
  'RESOURCE_PARTITION',
  'RESOURCE_VENDOR',
  'RESOURCE_REGION',
  'IAM_RESOURCE_PATH',
  // AWS's reference policies use `{"Federated": "*"}`; principals.ts reads such values literally and
  // principalSets.ts relates them to nothing but themselves.
  'INVALID_PRINCIPAL',
]);

/**
 * Reads a policy document for a check. Throws {@link CheckInputError} naming `member` when the
 * document is not a policy of that kind: not JSON, not a policy's structure, or a statement the
 * engine cannot evaluate (an unknown operator, a value not of its operator's type).
 */
export function readPolicy(text: string, member: string, kind: DocumentKind): PolicyRegions {
  const grammar: PolicyType = kind === 'identity' ? 'identity' : 'resource';
  const parsed = parsePolicy(text, grammar, { maxLength: Number.MAX_SAFE_INTEGER });
  let policy: Policy;
  if (parsed.ok) policy = parsed.policy;
  else {
    const fatal = parsed.errors.find((e) => !(TOLERATED.has(e.issue) || (kind === 'resource' && e.issue === 'MISSING_RESOURCE')));
    if (fatal !== undefined) {
      const where = fatal.line === undefined ? '' : ` (line ${fatal.line}, column ${fatal.column})`;
      throw new CheckInputError(member, `${fatal.detail}${where}`);
    }
    const json = parseJson(text);
    // INVARIANT: the grammar found no JSON error, so the text parses.
    if (!json.ok) throw new CheckInputError(member, json.error.reason);
    policy = normalizePolicy(toPlainJson(json.node));
  }
  const compiled = compilePolicy(policy, { id: member, type: grammar });
  const broken = compiled.errors[0];
  if (broken !== undefined) throw new CheckInputError(member, `statement ${broken.index}: ${broken.message}`);
  const variables = policy.version === '2012-10-17';
  const allows: StatementRegion[] = [];
  const denies: StatementRegion[] = [];
  for (const s of policy.statements) {
    const region = statementRegion(s, variables, kind);
    if (region === undefined) throw new CheckInputError(member, `statement ${s.index} cannot be evaluated`);
    (s.effect === 'Allow' ? allows : denies).push({ index: s.index, sid: s.sid, effect: s.effect, region });
  }
  return { policy, allows, denies };
}

/** The region of one statement, or undefined when the engine can never apply it. */
export function statementRegion(s: Statement, variablesEnabled: boolean, kind: DocumentKind): Region | undefined {
  let actions: Constraint<ReturnType<typeof actionPattern>>[];
  if (s.action !== undefined) actions = [{ kind: 'in', items: s.action.map(actionPattern) }];
  else if (s.notAction !== undefined) actions = [{ kind: 'notIn', items: s.notAction.map(actionPattern) }];
  else return undefined;
  const resources: Constraint<ReturnType<typeof resourcePattern>>[] = [];
  if (s.resource !== undefined) resources.push({ kind: 'in', items: s.resource.map((r) => resourcePattern(r, variablesEnabled)) });
  else if (s.notResource !== undefined) resources.push({ kind: 'notIn', items: s.notResource.map((r) => resourcePattern(r, variablesEnabled)) });
  const principals: PrincipalConstraint[] = [];
  if (s.principal !== undefined) principals.push({ kind: 'in', items: principalItems(s.principal) });
  else if (s.notPrincipal !== undefined) principals.push(notPrincipalConstraint(s.notPrincipal));
  else if (kind === 'resource') return undefined;
  const facts: Fact[] = [];
  for (const test of s.conditions) {
    const fact = factOf(test, variablesEnabled);
    if (fact === undefined) return undefined;
    facts.push(fact);
  }
  return { actions, resources, principals, facts };
}
