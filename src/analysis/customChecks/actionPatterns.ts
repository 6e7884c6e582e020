import { tokenize } from '../../policy/wildcard.js';
import type { Budget } from './budget.js';
import { EVERYTHING, globOfTokens, includes, intersects, isEverything, literalGlob, type Glob } from './globs.js';

/**
 * One entry of an Action or NotAction list as a set of actions, read as src/policy/actions.ts
 * reads it: lowercased, split at the first `:` into a service pattern and a name pattern, each a
 * wildcard pattern; `*` alone is every action; an entry without `:` matches nothing. A request's
 * action is likewise split at its first `:`, so the set is a product of service and name sets.
 */
export type ActionPattern = { readonly kind: 'none' } | { readonly kind: 'action'; readonly service: Glob; readonly name: Glob };

/** Every action. */
export const ALL_ACTIONS: ActionPattern = { kind: 'action', service: EVERYTHING, name: EVERYTHING };

/** The pattern of one Action entry. */
export function actionPattern(raw: string): ActionPattern {
  const text = raw.toLowerCase();
  if (text === '*') return ALL_ACTIONS;
  const colon = text.indexOf(':');
  if (colon < 0) return { kind: 'none' };
  return { kind: 'action', service: globOfTokens(tokenize(text.slice(0, colon))), name: globOfTokens(tokenize(text.slice(colon + 1))) };
}

/** Every action of one service (lowercased prefix). */
export function serviceActions(service: string): ActionPattern {
  return { kind: 'action', service: literalGlob(service.toLowerCase()), name: EVERYTHING };
}

/** Whether the pattern is every action. */
export function isAllActions(p: ActionPattern): boolean {
  return p.kind === 'action' && isEverything(p.service) && isEverything(p.name);
}

/** Whether every action of `inner` is one of `outer` (true only when sure). */
export function actionIncludes(outer: ActionPattern, inner: ActionPattern, budget: Budget): boolean {
  if (inner.kind === 'none') return true;
  if (outer.kind === 'none') return false;
  return includes(outer.service, inner.service, budget) && includes(outer.name, inner.name, budget);
}

/** Whether no action is in both (true only when sure). */
export function actionsDisjoint(a: ActionPattern, b: ActionPattern, budget: Budget): boolean {
  if (a.kind === 'none' || b.kind === 'none') return true;
  return !intersects(a.service, b.service, budget) || !intersects(a.name, b.name, budget);
}
