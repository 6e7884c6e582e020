import { serviceActions } from './actionPatterns.js';
import { Budget, BudgetExhausted } from './budget.js';
import { implied, type Fact, type FactIndex } from './conditionFacts.js';
import { isLiteral, literalText, type Glob } from './globs.js';
import type { CheckOptions } from './noNewAccess.js';
import { readPolicy, type PolicyRegions } from './policyRegions.js';
import { mayIncludeOutsiders } from './principalSets.js';
import { ARN_VALUED_KEYS, GLOBAL_LIMITING_KEYS, ORG_PATH_KEYS, PUBLIC_ACCESS_RULES, type PublicAccessRules } from './publicResourceTypes.js';
import { coveredBy, RegionContext, surelyEmpty, type FactJudge, type Region } from './regions.js';
import { checkResult, type FailingStatement } from './results.js';
import type { StringPattern } from './stringPatterns.js';
import type { AccessCheckResourceType, CheckResult } from './types.js';
import type { ValueItem } from './valueSets.js';

/**
 * CheckNoPublicAccess: PASS when no caller the policy does not name can be allowed.
 * AWS: Access Analyzer API reference, CheckNoPublicAccess ("Checks whether a resource policy can
 * grant public access to the specified resource type"); IAM User Guide, "Access Analyzer filter
 * keys"; Amazon S3, PublicAccessBlockConfiguration (the meaning of public).
 *
 * An outsider is a caller no value of the policy names: anonymous, or of an account, organization,
 * service or identity provider the policy does not list. Outsiders hold no value the policy names
 * in the limiting keys (their own account, organization, ARN, source, network), and may hold any
 * value in every other key. A statement is public when its Principal may include outsiders (`*`,
 * `{"AWS": "*"}`, NotPrincipal, in trust policies a public identity provider), it grants an action
 * of the resource type's service, none of its conditions confines a limiting key to named values,
 * and the policy's Deny statements do not take all of its outsiders' requests away.
 * Throws CheckInputError for a document that is not a resource policy.
 */
export function checkNoPublicAccess(policyDocument: string, resourceType: AccessCheckResourceType, options: CheckOptions = {}): CheckResult {
  const policy = readPolicy(policyDocument, 'policyDocument', 'resource');
  return checkResult('noPublicAccess', publicStatements(policy, PUBLIC_ACCESS_RULES[resourceType], options.budget ?? new Budget()));
}

/**
 * Whether a condition test keeps every outsider out: it confines a limiting key (the global ones
 * and the resource type's) to values the policy names. The external access analysis reads a
 * grant to anyone as public unless one of its tests does.
 */
export function excludesOutsiders(fact: Fact, rules: PublicAccessRules): boolean {
  return (GLOBAL_LIMITING_KEYS.includes(fact.key) || rules.limitingKeys.includes(fact.key)) && outsiderTruth(fact) === 'never';
}

/** What a fact is for every outsider request. */
type OutsiderTruth = 'always' | 'never' | 'maybe';

/** The Allow statements of `policy` that might allow an outsider. */
export function publicStatements(policy: PolicyRegions, rules: PublicAccessRules, budget: Budget): FailingStatement[] {
  const limiting = new Set([...GLOBAL_LIMITING_KEYS, ...rules.limitingKeys]);
  const truth = (fact: Fact): OutsiderTruth => (limiting.has(fact.key) ? outsiderTruth(fact) : fact.form === 'always' ? 'always' : 'maybe');
  const judge: FactJudge = {
    holds: (fact: Fact, known: FactIndex, b: Budget) => truth(fact) === 'always' || implied(fact, known, b),
  };
  const ctx = new RegionContext(budget, judge);
  const relevant = { kind: 'in' as const, items: rules.services.map(serviceActions) };
  const denies = policy.denies.map((d) => d.region);
  const failing: FailingStatement[] = [];
  for (const allow of policy.allows) {
    const a = allow.region;
    const principal = a.principals[0];
    if (principal !== undefined && !mayIncludeOutsiders(principal, rules.trustPolicy)) continue;
    if (a.facts.some((f) => truth(f) === 'never')) continue;
    const outsiders: Region = { actions: [...a.actions, relevant], resources: a.resources, principals: [{ kind: 'outsiders' }], facts: a.facts };
    let safe = false;
    if (!budget.exhausted) {
      try {
        safe = surelyEmpty(ctx, outsiders) || coveredBy(ctx, outsiders, denies);
      } catch (err) {
        if (!(err instanceof BudgetExhausted)) throw err;
      }
    }
    if (!safe) failing.push({ index: allow.index, sid: allow.sid });
  }
  return failing;
}

/**
 * A fact on a limiting key, for outsiders: their values there are absent or named by no policy
 * value, so a set of named values never holds one of them, and its complement always does.
 */
function outsiderTruth(fact: Fact): OutsiderTruth {
  switch (fact.form) {
    case 'always':
      return 'always';
    case 'exists':
      return !fact.set.negative && fact.set.items.every((i) => namesOnly(fact.key, i)) ? 'never' : 'maybe';
    case 'existsOrAbsent':
    case 'forAll':
      return fact.set.negative && fact.set.items.every((i) => namesOnly(fact.key, i)) ? 'always' : 'maybe';
    default:
      return 'maybe';
  }
}

/**
 * Whether a policy value matches only values the policy names, never an outsider's: a literal; an
 * ARN pattern (or wildcard text) whose account is literal, for ARN keys; an organization path
 * whose organization ID is literal; a CIDR block of at least /8 (IPv4) or /32 (IPv6), which an
 * outsider is taken not to be inside (AWS counts "a set of CIDRs using aws:SourceIp" as limiting;
 * wider blocks such as 0.0.0.0/0 are counted public here).
 */
function namesOnly(key: string, item: ValueItem): boolean {
  switch (item.family) {
    case 'string':
      return patternNamesOnly(key, item.pattern);
    case 'ip':
      return item.cidr.prefix >= (typeof item.cidr.address === 'number' ? 8 : 32);
    default:
      return false;
  }
}

function patternNamesOnly(key: string, p: StringPattern): boolean {
  switch (p.kind) {
    case 'none':
    case 'caseless':
      return true;
    case 'anyArn':
    case 'opaque':
      return false;
    case 'arn':
      if (p.parts.every(isLiteral)) return true;
      return ARN_VALUED_KEYS.has(key) && p.parts.slice(0, 5).every(isLiteral) && literalText(p.parts[4]!) !== '';
    case 'glob': {
      if (isLiteral(p.glob)) return true;
      const prefix = literalPrefix(p.glob);
      if (ARN_VALUED_KEYS.has(key)) {
        // Up to the fifth colon literal, with an account: an S3 ARN has none, so any bucket matches.
        const fields = prefix.split(':');
        return fields.length >= 6 && fields[4] !== '';
      }
      if (ORG_PATH_KEYS.has(key)) return prefix.includes('/');
      return false;
    }
  }
}

function literalPrefix(g: Glob): string {
  let end = 0;
  while (end < g.length && g[end]! >= 0) end++;
  return String.fromCharCode(...g.slice(0, end));
}
