import { isArn, splitArnTokens } from '../../policy/arn.js';
import { STAR, tokenize, type WildToken } from '../../policy/wildcard.js';
import type { Budget } from './budget.js';
import {
  EVERYTHING,
  globOfTokens,
  includes,
  intersects,
  isEverything,
  isLiteral,
  joinGlobs,
  literalGlob,
  literalText,
  matchesText,
  type Glob,
} from './globs.js';

/**
 * A set of strings as policies describe one: a Resource entry, or one value of a string or ARN
 * condition operator. Each kind follows the engine exactly:
 * - `glob`: a whole-string wildcard pattern, case-sensitive (`StringLike`, `StringEquals` with every
 *   character literal, a Resource entry that is not an ARN, `*`);
 * - `arn`: six components matched separately, the first five never containing `:`
 *   (src/policy/arn.ts: Resource entries starting `arn:`, `ArnLike`, `ArnEquals`);
 * - `anyArn`: every string with the six components of an ARN (an ARN operator's lone `*`);
 * - `caseless`: every string equal to a text ignoring case (`StringEqualsIgnoreCase`);
 * - `none`: no string (an ARN pattern without six components);
 * - `opaque`: a set decided per request (a Resource entry with policy variables), known equal only
 *   to an identical entry.
 */
export type StringPattern =
  | { readonly kind: 'glob'; readonly glob: Glob }
  | { readonly kind: 'arn'; readonly parts: readonly Glob[] }
  | { readonly kind: 'anyArn' }
  | { readonly kind: 'caseless'; readonly lower: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'opaque'; readonly identity: string };

/** The pattern of every string. */
export const ALL_STRINGS: StringPattern = { kind: 'glob', glob: EVERYTHING };

const NONE: StringPattern = { kind: 'none' };
const ARN_WORD = literalGlob('arn');
/** A glob matching every ARN-shaped string (and more): the stand-in for `anyArn` against globs. */
const ANY_ARN_GLOB: Glob = joinGlobs([ARN_WORD, EVERYTHING, EVERYTHING, EVERYTHING, EVERYTHING, EVERYTHING], ':');

/** The pattern of ARN tokens, as compileArnTokens reads them. */
export function arnPattern(tokens: readonly WildToken[]): StringPattern {
  if (tokens.length === 1 && tokens[0] === STAR) return { kind: 'anyArn' };
  const segments = splitArnTokens(tokens);
  if (segments === undefined) return NONE;
  return { kind: 'arn', parts: segments.map((s) => globOfTokens(s)) };
}

/** The pattern of a wildcard text (`*` and `?` wildcards), as compileWildcard reads it. */
export function wildcardPattern(text: string): StringPattern {
  return { kind: 'glob', glob: globOfTokens(tokenize(text)) };
}

/** The pattern matching exactly `text`. */
export function exactPattern(text: string): StringPattern {
  return { kind: 'glob', glob: literalGlob(text) };
}

/**
 * The pattern of `StringEqualsIgnoreCase` value `text`. A text without letters (digits, ASCII
 * punctuation) has one spelling, so it is an exact pattern; any other keeps its case-folding
 * (Unicode maps several characters onto one lowercase form, e.g. the Kelvin sign onto `k`).
 */
export function caselessPattern(text: string): StringPattern {
  return /^[\x00-\x40\x5b-\x60\x7b-\x7f]*$/.test(text) ? exactPattern(text) : { kind: 'caseless', lower: text.toLowerCase() };
}

/**
 * The pattern of one Resource/NotResource entry (src/policy/resources.ts): `*` is every string;
 * an entry starting `arn:` is an ARN pattern; with policy variables (Version 2012-10-17, in the
 * resource part) it is decided per request and kept opaque; otherwise a whole-string wildcard.
 */
export function resourcePattern(raw: string, variablesEnabled: boolean): StringPattern {
  if (raw === '*') return ALL_STRINGS;
  if (variablesEnabled && hasResourceVariables(raw)) return { kind: 'opaque', identity: `resource\u0000${raw}` };
  const tokens = tokenize(raw);
  return raw.startsWith('arn:') ? arnPattern(tokens) : { kind: 'glob', glob: globOfTokens(tokens) };
}

function hasResourceVariables(raw: string): boolean {
  let at = -1;
  for (let n = 0; n < 5; n++) {
    at = raw.indexOf(':', at + 1);
    if (at < 0) return false;
  }
  return raw.includes('${', at + 1);
}

/** Whether the pattern is every string. */
export function isAllStrings(p: StringPattern): boolean {
  return p.kind === 'glob' && isEverything(p.glob);
}

const joinedArns = new WeakMap<object, Glob>();

/** A glob whose strings include every string of `p` (for `arn` and `anyArn`), or undefined. */
function outerGlob(p: StringPattern): Glob | undefined {
  switch (p.kind) {
    case 'glob':
      return p.glob;
    case 'arn': {
      let joined = joinedArns.get(p);
      if (joined === undefined) {
        joined = joinGlobs(p.parts, ':');
        joinedArns.set(p, joined);
      }
      return joined;
    }
    case 'anyArn':
      return ANY_ARN_GLOB;
    default:
      return undefined;
  }
}

/** Whether every string of `inner` is a string of `outer` (true only when sure). */
export function patternIncludes(outer: StringPattern, inner: StringPattern, budget: Budget): boolean {
  if (inner.kind === 'none') return true;
  if (outer.kind === 'none') return false;
  if (isAllStrings(outer)) return true;
  if (inner.kind === 'opaque' || outer.kind === 'opaque') return inner.kind === 'opaque' && outer.kind === 'opaque' && inner.identity === outer.identity;
  if (inner.kind === 'caseless') return outer.kind === 'caseless' && outer.lower === inner.lower;
  switch (outer.kind) {
    case 'caseless':
      return inner.kind === 'glob' && isLiteral(inner.glob) && literalText(inner.glob).toLowerCase() === outer.lower;
    case 'glob':
      return includes(outer.glob, outerGlob(inner)!, budget);
    case 'anyArn':
      if (inner.kind === 'anyArn') return true;
      if (inner.kind === 'arn') return includes(ARN_WORD, inner.parts[0]!, budget);
      return isLiteral(inner.glob) && isArn(literalText(inner.glob));
    case 'arn':
      if (inner.kind === 'arn') return outer.parts.every((part, i) => includes(part, inner.parts[i]!, budget));
      if (inner.kind === 'anyArn') {
        return includes(outer.parts[0]!, ARN_WORD, budget) && outer.parts.slice(1).every((part) => isEverything(part));
      }
      return isLiteral(inner.glob) && arnMatches(outer.parts, literalText(inner.glob), budget);
  }
}

/** Whether no string is in both patterns (true only when sure). */
export function patternsDisjoint(a: StringPattern, b: StringPattern, budget: Budget): boolean {
  if (a.kind === 'none' || b.kind === 'none') return true;
  if (a.kind === 'opaque' || b.kind === 'opaque') return false;
  if (a.kind === 'caseless' || b.kind === 'caseless') {
    const [c, other] = a.kind === 'caseless' ? [a, b] : [b as { kind: 'caseless'; lower: string }, a];
    if (other.kind === 'caseless') return other.lower !== c.lower;
    return other.kind === 'glob' && isLiteral(other.glob) && literalText(other.glob).toLowerCase() !== c.lower;
  }
  if (a.kind === 'arn' && b.kind === 'arn') return a.parts.some((part, i) => !intersects(part, b.parts[i]!, budget));
  if (a.kind === 'anyArn' && b.kind === 'arn') return !intersects(b.parts[0]!, ARN_WORD, budget);
  if (b.kind === 'anyArn' && a.kind === 'arn') return !intersects(a.parts[0]!, ARN_WORD, budget);
  return !intersects(outerGlob(a)!, outerGlob(b)!, budget);
}

/** Whether the pattern matches `text` exactly as the engine would. */
export function patternMatches(p: StringPattern, text: string, budget: Budget): boolean {
  switch (p.kind) {
    case 'none':
      return false;
    case 'opaque':
      return false;
    case 'caseless':
      return text.toLowerCase() === p.lower;
    case 'glob':
      return matchesText(p.glob, text, budget);
    case 'anyArn':
      return isArn(text);
    case 'arn':
      return arnMatches(p.parts, text, budget);
  }
}

function arnMatches(parts: readonly Glob[], text: string, budget: Budget): boolean {
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0 || !matchesText(parts[i]!, text.slice(start, colon), budget)) return false;
    start = colon + 1;
  }
  return matchesText(parts[5]!, text.slice(start), budget);
}

/** The literal text of an exact pattern, or undefined. */
export function exactText(p: StringPattern): string | undefined {
  return p.kind === 'glob' && isLiteral(p.glob) ? literalText(p.glob) : undefined;
}
