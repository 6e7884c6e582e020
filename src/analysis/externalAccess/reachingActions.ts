import { actionsOf } from '../../catalog/index.js';
import { compileWildcard, type StringMatcher } from '../../policy/index.js';
import type { ExternalAccessRules } from './resourceRules.js';

/**
 * The actions of a resource kind's service that reach the resource, from the service authorization
 * reference: each action and how its resource relates to the analyzed ARN (`self`, `child`, or
 * `any` where the kind takes every action of its service).
 */
export interface ReachingAction {
  /** `service:Action` as the reference spells it, e.g. `sts:AssumeRole`. */
  readonly name: string;
  readonly lowerName: string;
  readonly relation: 'self' | 'child' | 'any';
}

const cache = new WeakMap<ExternalAccessRules, readonly ReachingAction[]>();

/** The reaching actions of a kind, sorted by name. */
export function reachingActions(rules: ExternalAccessRules): readonly ReachingAction[] {
  let hit = cache.get(rules);
  if (hit !== undefined) return hit;
  const out: ReachingAction[] = [];
  for (const action of actionsOf(rules.service)) {
    const name = `${rules.service}:${action.name}`;
    if (rules.resourceTypes === 'any') {
      out.push({ name, lowerName: name.toLowerCase(), relation: 'any' });
      continue;
    }
    // An action on several of the kind's resource types reaches it the widest way (`child` covers an S3 object action that also names the bucket).
    let relation: 'self' | 'child' | undefined;
    for (const type of action.resourceTypes) {
      const r = rules.resourceTypes[type.name.toLowerCase()];
      if (r === 'child' || (r === 'self' && relation === undefined)) relation = r;
    }
    if (relation !== undefined) out.push({ name, lowerName: name.toLowerCase(), relation });
  }
  hit = out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  cache.set(rules, hit);
  return hit;
}

/**
 * Whether a Resource entry can match the resource (`self`) or something under it (`child`:
 * `<arn>/…`): the entry, read as a wildcard pattern, either matches the ARN, or can still match
 * after reading `<arn>/` (any text may follow).
 */
export function resourceReaches(pattern: string, arn: string, relation: 'self' | 'child'): boolean {
  if (relation === 'self') return matcherOf(pattern)(arn);
  return canContinue(pattern, `${arn}/`);
}

/** Whether a Resource entry matches every child of the resource (`<arn>/*` or wider). */
export function resourceCoversChildren(pattern: string, arn: string): boolean {
  return statesAfter(pattern, `${arn}/`).some((i) => /^\**$/.test(pattern.slice(i)));
}

const matchers = new Map<string, StringMatcher>();

function matcherOf(pattern: string): StringMatcher {
  let m = matchers.get(pattern);
  if (m === undefined) {
    if (matchers.size > 10_000) matchers.clear();
    m = compileWildcard(pattern);
    matchers.set(pattern, m);
  }
  return m;
}

function canContinue(pattern: string, prefix: string): boolean {
  return statesAfter(pattern, prefix).length > 0;
}

/**
 * The positions in `pattern` (`*` any run, `?` one character, the rest literal) reachable after
 * reading all of `prefix`: the pattern states of a linear NFA simulation.
 */
function statesAfter(pattern: string, prefix: string): number[] {
  const close = (states: Set<number>): Set<number> => {
    for (const s of [...states]) {
      let i = s;
      while (pattern[i] === '*') states.add(++i);
    }
    return states;
  };
  let states = close(new Set([0]));
  for (const c of prefix) {
    const next = new Set<number>();
    for (const s of states) {
      const p = pattern[s];
      if (p === undefined) continue;
      if (p === '*') next.add(s);
      else if (p === '?' || p === c) next.add(s + 1);
    }
    if (next.size === 0) return [];
    states = close(next);
  }
  return [...states];
}
