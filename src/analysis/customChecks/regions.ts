import type { Budget } from './budget.js';
import { actionIncludes, actionsDisjoint, ALL_ACTIONS, type ActionPattern } from './actionPatterns.js';
import { contradictory, FactIndex, implied, type Fact } from './conditionFacts.js';
import { principalsDisjoint, principalWithin, type PrincipalConstraint } from './principalSets.js';
import { ALL_STRINGS, patternIncludes, patternsDisjoint, type StringPattern } from './stringPatterns.js';

/**
 * Regions of the request space: the requests a statement applies to, and intersections of them.
 * A region is a product of four parts, each a conjunction of constraints: the action (Action or
 * NotAction lists), the resource (Resource or NotResource lists), the caller (Principal or
 * NotPrincipal) and the context (the condition facts). An empty conjunction is every value. The
 * engine decides a statement from these four parts independently (its resource variables and
 * condition values read the context, which the opaque patterns and facts account for), so a
 * statement's requests are exactly such a product.
 *
 * Every question here is answered safely: `surelyEmpty`, `within` and `coveredBy` answer true
 * only when it holds; false means "not proved", never "proved false".
 */
export interface Region {
  readonly actions: readonly Constraint<ActionPattern>[];
  readonly resources: readonly Constraint<StringPattern>[];
  readonly principals: readonly PrincipalConstraint[];
  readonly facts: readonly Fact[];
}

/** A list constraint: the union of the items (`in`), or everything but that union (`notIn`). */
export type Constraint<T> = { readonly kind: 'in'; readonly items: readonly T[] } | { readonly kind: 'notIn'; readonly items: readonly T[] };

/** The set operations of one kind of list item. */
interface ItemAlgebra<T> {
  readonly everything: T;
  /** Whether the item matches nothing. */
  isNothing(item: T): boolean;
  includes(outer: T, inner: T, budget: Budget): boolean;
  disjoint(a: T, b: T, budget: Budget): boolean;
}

const ACTIONS: ItemAlgebra<ActionPattern> = {
  everything: ALL_ACTIONS,
  isNothing: (a) => a.kind === 'none',
  includes: actionIncludes,
  disjoint: actionsDisjoint,
};
const RESOURCES: ItemAlgebra<StringPattern> = {
  everything: ALL_STRINGS,
  isNothing: (p) => p.kind === 'none',
  includes: patternIncludes,
  disjoint: patternsDisjoint,
};

/** The two regions' intersection. */
export function intersect(a: Region, b: Region): Region {
  return {
    actions: [...a.actions, ...b.actions],
    resources: [...a.resources, ...b.resources],
    principals: [...a.principals, ...b.principals],
    facts: [...a.facts, ...b.facts],
  };
}

/** How facts are judged; the public-access check adds what holds for every outsider. */
export interface FactJudge {
  /** Whether every request of a region whose facts are `known` satisfies `fact`. */
  holds(fact: Fact, known: FactIndex, budget: Budget): boolean;
}

const IMPLICATION: FactJudge = { holds: implied };

/** What one memoized relation lookup costs, in the units of a wildcard comparison cell. */
const LOOKUP_UNITS = 32;

/** Memoized item relations and fact indexes for one check. */
export class RegionContext {
  private readonly includesMemo = new WeakMap<object, WeakMap<object, boolean>>();
  private readonly disjointMemo = new WeakMap<object, WeakMap<object, boolean>>();
  private readonly indexes = new WeakMap<readonly Fact[], FactIndex>();

  constructor(
    readonly budget: Budget,
    readonly judge: FactJudge = IMPLICATION,
  ) {}

  itemIncludes<T extends object>(alg: ItemAlgebra<T>, outer: T, inner: T): boolean {
    this.budget.spend(LOOKUP_UNITS);
    return memo(this.includesMemo, outer, inner, () => alg.includes(outer, inner, this.budget));
  }

  itemsDisjoint<T extends object>(alg: ItemAlgebra<T>, a: T, b: T): boolean {
    this.budget.spend(LOOKUP_UNITS);
    return memo(this.disjointMemo, a, b, () => alg.disjoint(a, b, this.budget));
  }

  factIndex(facts: readonly Fact[]): FactIndex {
    let index = this.indexes.get(facts);
    if (index === undefined) {
      index = new FactIndex(facts);
      this.indexes.set(facts, index);
    }
    return index;
  }
}

function memo(table: WeakMap<object, WeakMap<object, boolean>>, a: object, b: object, compute: () => boolean): boolean {
  let row = table.get(a);
  if (row === undefined) {
    row = new WeakMap();
    table.set(a, row);
  }
  let hit = row.get(b);
  if (hit === undefined) {
    hit = compute();
    row.set(b, hit);
  }
  return hit;
}

/** Whether the items of `outer` include `inner`'s single item. */
function someIncludes<T extends object>(ctx: RegionContext, alg: ItemAlgebra<T>, outer: readonly T[], inner: T): boolean {
  for (const o of outer) if (ctx.itemIncludes(alg, o, inner)) return true;
  return false;
}

/** Whether the conjunction `inner` lies within the constraint `outer` (undefined: everything). */
function constraintWithin<T extends object>(
  ctx: RegionContext,
  alg: ItemAlgebra<T>,
  inner: readonly Constraint<T>[],
  outer: Constraint<T> | undefined,
): boolean {
  ctx.budget.spend(1);
  if (outer === undefined) return true;
  if (outer.kind === 'in') {
    if (someIncludes(ctx, alg, outer.items, alg.everything)) return true;
    return inner.some((c) => c.kind === 'in' && c.items.every((x) => someIncludes(ctx, alg, outer.items, x)));
  }
  // Nothing of `inner` may be in any excluded item.
  return outer.items.every((y) =>
    inner.some((c) => (c.kind === 'in' ? c.items.every((x) => ctx.itemsDisjoint(alg, x, y)) : someIncludes(ctx, alg, c.items, y))),
  );
}

/** Whether the conjunction of constraints has no value (true only when sure). */
function constraintsEmpty<T extends object>(ctx: RegionContext, alg: ItemAlgebra<T>, cs: readonly Constraint<T>[]): boolean {
  for (let i = 0; i < cs.length; i++) {
    const a = cs[i]!;
    if (a.kind === 'in' && a.items.every((x) => alg.isNothing(x))) return true;
    if (a.kind === 'notIn' && someIncludes(ctx, alg, a.items, alg.everything)) return true;
    for (let j = i + 1; j < cs.length; j++) {
      const b = cs[j]!;
      ctx.budget.spend(1);
      if (a.kind === 'in' && b.kind === 'in') {
        if (a.items.every((x) => b.items.every((y) => ctx.itemsDisjoint(alg, x, y)))) return true;
      } else if (a.kind === 'in' || b.kind === 'in') {
        const [pos, neg] = a.kind === 'in' ? [a, b] : [b, a];
        if (pos.items.every((x) => someIncludes(ctx, alg, neg.items, x))) return true;
      }
    }
  }
  return false;
}

function principalsEmpty(cs: readonly PrincipalConstraint[]): boolean {
  for (let i = 0; i < cs.length; i++) {
    for (let j = i; j < cs.length; j++) if (principalsDisjoint(cs[i]!, cs[j]!)) return true;
  }
  return false;
}

function principalsWithin(inner: readonly PrincipalConstraint[], outer: PrincipalConstraint | undefined): boolean {
  if (outer === undefined) return true;
  if (principalWithin({ kind: 'notIn', sets: EMPTY_SETS }, outer)) return true;
  return inner.some((c) => principalWithin(c, outer));
}

const EMPTY_SETS = {
  anyone: false,
  accounts: new Set<string>(),
  arns: new Set<string>(),
  uniqueIds: new Set<string>(),
  services: new Set<string>(),
  federated: new Set<string>(),
  canonical: new Set<string>(),
} as const;

/** Whether no request is in the region (true only when sure). */
export function surelyEmpty(ctx: RegionContext, r: Region): boolean {
  return (
    constraintsEmpty(ctx, ACTIONS, r.actions) ||
    constraintsEmpty(ctx, RESOURCES, r.resources) ||
    principalsEmpty(r.principals) ||
    contradictory(ctx.factIndex(r.facts), ctx.budget)
  );
}

/**
 * Whether every request of `r` is in `c`, a statement's region (at most one constraint per part).
 * True only when sure.
 */
export function within(ctx: RegionContext, r: Region, c: Region): boolean {
  ctx.budget.spend(1);
  if (!constraintWithin(ctx, ACTIONS, r.actions, only(c.actions))) return false;
  if (!constraintWithin(ctx, RESOURCES, r.resources, only(c.resources))) return false;
  if (!principalsWithin(r.principals, only(c.principals))) return false;
  if (c.facts.length === 0) return true;
  const known = ctx.factIndex(r.facts);
  return c.facts.every((f) => ctx.judge.holds(f, known, ctx.budget));
}

function only<T>(list: readonly T[]): T | undefined {
  if (list.length > 1) throw new Error('a candidate region has one constraint per part');
  return list[0];
}

/**
 * Whether every request of `r` is in one of the candidate statement regions. When no single
 * candidate holds `r`, `r` is split along an Action, Resource or Principal list into one region
 * per item, and each must be held; a region proved empty is held by nothing. True only when sure.
 */
export function coveredBy(ctx: RegionContext, r: Region, candidates: readonly Region[]): boolean {
  ctx.budget.spend(1);
  if (surelyEmpty(ctx, r)) return true;
  const useful = candidates.filter((c) => !surelyEmpty(ctx, intersect(r, c)));
  for (const c of useful) if (within(ctx, r, c)) return true;
  if (useful.length === 0) return false;
  const split = splitOnce(r);
  if (split === undefined) return false;
  return split.every((part) => coveredBy(ctx, part, useful));
}

/** `r` as one region per item of its first Action, Resource or Principal list of several items. */
function splitOnce(r: Region): Region[] | undefined {
  const at = <T>(list: readonly Constraint<T>[]): number => list.findIndex((c) => c.kind === 'in' && c.items.length > 1);
  const a = at(r.actions);
  if (a >= 0) return r.actions[a]!.items.map((item) => ({ ...r, actions: replace(r.actions, a, { kind: 'in', items: [item] }) }));
  const res = at(r.resources);
  if (res >= 0) return r.resources[res]!.items.map((item) => ({ ...r, resources: replace(r.resources, res, { kind: 'in', items: [item] }) }));
  const p = r.principals.findIndex((c) => c.kind === 'in' && c.items.length > 1);
  if (p >= 0) {
    const c = r.principals[p] as Extract<PrincipalConstraint, { kind: 'in' }>;
    return c.items.map((item) => ({ ...r, principals: replace<PrincipalConstraint>(r.principals, p, { kind: 'in', items: [item] }) }));
  }
  return undefined;
}

function replace<T>(list: readonly T[], index: number, value: T): T[] {
  const out = [...list];
  out[index] = value;
  return out;
}
