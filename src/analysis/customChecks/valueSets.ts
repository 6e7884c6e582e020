import type { OperatorSpec } from '../../policy/conditionOperators.js';
import { parseBinary, parseBool, parseDate, parseNumber } from '../../policy/conditionValues.js';
import { cidrContains, parseCidr, type Cidr } from '../../policy/ip.js';
import { tokenize } from '../../policy/wildcard.js';
import type { Budget } from './budget.js';
import { arnPattern, caselessPattern, exactPattern, patternIncludes, patternsDisjoint, wildcardPattern, type StringPattern } from './stringPatterns.js';

/**
 * The request values one condition test accepts, per value family, as src/policy/conditionValues.ts
 * compares them. A family is the set of request values the operator can read without an error:
 * every string for string and ARN operators (they never fail), numbers, dates, IP addresses,
 * booleans or base64 for the others. A value set is the union of its policy values' sets
 * (`positive`), or the family minus that union (`negative`: the `Not…` operators).
 */
export type Family = 'string' | 'numeric' | 'date' | 'ip' | 'bool' | 'binary';

/** An interval of numbers (dates are epoch milliseconds). */
export interface Interval {
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

/** The request values one policy value accepts. */
export type ValueItem =
  | { readonly family: 'string'; readonly pattern: StringPattern }
  | { readonly family: 'numeric' | 'date'; readonly interval: Interval }
  | { readonly family: 'ip'; readonly cidr: Cidr }
  | { readonly family: 'bool' | 'binary'; readonly value: string | boolean };

export interface ValueSet {
  readonly family: Family;
  /** True: the family minus the items' union. */
  readonly negative: boolean;
  readonly items: readonly ValueItem[];
}

/**
 * The item of one policy value (without policy variables) under an operator, or undefined when the
 * value is not of the operator's type (the engine then never applies the statement).
 */
export function valueItem(spec: OperatorSpec, raw: string): ValueItem | undefined {
  switch (spec.type) {
    case 'String': {
      const pattern = spec.wildcards ? wildcardPattern(raw) : spec.ignoreCase ? caselessPattern(raw) : exactPattern(raw);
      return { family: 'string', pattern };
    }
    case 'Arn':
      return { family: 'string', pattern: arnPattern(tokenize(raw)) };
    case 'Numeric':
    case 'Date': {
      const n = spec.type === 'Numeric' ? parseNumber(raw) : parseDate(raw);
      if (n === undefined || Number.isNaN(n)) return undefined;
      return { family: spec.type === 'Numeric' ? 'numeric' : 'date', interval: intervalOf(spec.comparison, n) };
    }
    case 'IpAddress': {
      const cidr = parseCidr(raw);
      return cidr === undefined ? undefined : { family: 'ip', cidr };
    }
    case 'Bool': {
      const b = parseBool(raw);
      return b === undefined ? undefined : { family: 'bool', value: b };
    }
    case 'Binary': {
      const bytes = parseBinary(raw);
      return bytes === undefined ? undefined : { family: 'binary', value: bytes };
    }
    case 'Null':
      return undefined;
  }
}

/** The family of an operator's type. */
export function familyOf(spec: OperatorSpec): Family | undefined {
  switch (spec.type) {
    case 'String':
    case 'Arn':
      return 'string';
    case 'Numeric':
      return 'numeric';
    case 'Date':
      return 'date';
    case 'IpAddress':
      return 'ip';
    case 'Bool':
      return 'bool';
    case 'Binary':
      return 'binary';
    case 'Null':
      return undefined;
  }
}

/** Request values may parse to ±Infinity (`1e999`), which compare as numbers do: the ends are closed. */
function intervalOf(comparison: OperatorSpec['comparison'], n: number): Interval {
  switch (comparison) {
    case 'eq':
      return { low: n, lowOpen: false, high: n, highOpen: false };
    case 'lt':
      return { low: -Infinity, lowOpen: false, high: n, highOpen: true };
    case 'lte':
      return { low: -Infinity, lowOpen: false, high: n, highOpen: false };
    case 'gt':
      return { low: n, lowOpen: true, high: Infinity, highOpen: false };
    case 'gte':
      return { low: n, lowOpen: false, high: Infinity, highOpen: false };
  }
}

function intervalIncludes(outer: Interval, inner: Interval): boolean {
  const lowOk = outer.low < inner.low || (outer.low === inner.low && (!outer.lowOpen || inner.lowOpen));
  const highOk = outer.high > inner.high || (outer.high === inner.high && (!outer.highOpen || inner.highOpen));
  return lowOk && highOk;
}

function intervalsDisjoint(a: Interval, b: Interval): boolean {
  const below = (x: Interval, y: Interval): boolean => x.high < y.low || (x.high === y.low && (x.highOpen || y.lowOpen));
  return below(a, b) || below(b, a);
}

function cidrIncludes(outer: Cidr, inner: Cidr): boolean {
  return typeof outer.address === typeof inner.address && outer.prefix <= inner.prefix && cidrContains(outer, inner.address);
}

/** Whether every value of `inner` is a value of `outer` (same family; true only when sure). */
export function itemIncludes(outer: ValueItem, inner: ValueItem, budget: Budget): boolean {
  budget.spend(1);
  if (outer.family === 'string' && inner.family === 'string') return patternIncludes(outer.pattern, inner.pattern, budget);
  if ((outer.family === 'numeric' || outer.family === 'date') && inner.family === outer.family) return intervalIncludes(outer.interval, inner.interval);
  if (outer.family === 'ip' && inner.family === 'ip') return cidrIncludes(outer.cidr, inner.cidr);
  if ((outer.family === 'bool' || outer.family === 'binary') && inner.family === outer.family) return outer.value === inner.value;
  return false;
}

/** Whether no value is in both (same family; true only when sure). */
export function itemsDisjoint(a: ValueItem, b: ValueItem, budget: Budget): boolean {
  budget.spend(1);
  if (a.family === 'string' && b.family === 'string') return patternsDisjoint(a.pattern, b.pattern, budget);
  if ((a.family === 'numeric' || a.family === 'date') && b.family === a.family) return intervalsDisjoint(a.interval, b.interval);
  // Two CIDR blocks are nested or apart; the two address families never meet.
  if (a.family === 'ip' && b.family === 'ip') return !cidrIncludes(a.cidr, b.cidr) && !cidrIncludes(b.cidr, a.cidr);
  if ((a.family === 'bool' || a.family === 'binary') && b.family === a.family) return a.value !== b.value;
  return false;
}

/** Whether every value of `inner` is in `outer` (true only when sure). */
export function setIncludes(outer: ValueSet, inner: ValueSet, budget: Budget): boolean {
  if (outer.family !== inner.family) return false;
  if (!inner.negative && !outer.negative) return inner.items.every((i) => outer.items.some((o) => itemIncludes(o, i, budget)));
  if (inner.negative && outer.negative) return outer.items.every((o) => inner.items.some((i) => itemIncludes(i, o, budget)));
  if (!inner.negative && outer.negative) return inner.items.every((i) => outer.items.every((o) => itemsDisjoint(i, o, budget)));
  return false;
}

/** Whether no value is in both sets (true only when sure). */
export function setsDisjoint(a: ValueSet, b: ValueSet, budget: Budget): boolean {
  if (a.family !== b.family) return false;
  if (!a.negative && !b.negative) return a.items.every((x) => b.items.every((y) => itemsDisjoint(x, y, budget)));
  if (!a.negative && b.negative) return a.items.every((x) => b.items.some((y) => itemIncludes(y, x, budget)));
  if (a.negative && !b.negative) return b.items.every((y) => a.items.some((x) => itemIncludes(x, y, budget)));
  return false;
}

/** Whether the set has no value (true only when sure). */
export function setIsEmpty(s: ValueSet): boolean {
  return !s.negative && s.items.every((i) => i.family === 'string' && i.pattern.kind === 'none');
}
