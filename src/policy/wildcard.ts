/**
 * Wildcard patterns as used by Action, Resource and the `…Like` condition operators: `*` matches any
 * run of characters (also none), `?` matches exactly one. A pattern is kept as tokens so that text
 * coming from a policy variable (or `${*}`, `${?}`) stays literal while the policy's own `*`/`?` stay
 * wildcards.
 */

/** `*` in a pattern. */
export const STAR = 0;
/** `?` in a pattern. */
export const ONE = 1;

/** A literal run of characters, or one of the two wildcards. */
export type WildToken = string | typeof STAR | typeof ONE;

/** A compiled test of one string against one pattern. */
export type StringMatcher = (value: string) => boolean;

const always: StringMatcher = () => true;

/** Splits policy text into tokens, treating every `*` and `?` as a wildcard. */
export function tokenize(pattern: string): WildToken[] {
  const tokens: WildToken[] = [];
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 || c === 63) {
      if (i > start) tokens.push(pattern.slice(start, i));
      tokens.push(c === 42 ? STAR : ONE);
      start = i + 1;
    }
  }
  if (start < pattern.length) tokens.push(pattern.slice(start));
  return tokens;
}

/**
 * Compiles tokens into a matcher with fast paths for the common shapes (literal, `*`, `prefix*`,
 * `*suffix`). With `ignoreCase` the caller must pass lowercased values; the pattern is lowercased here.
 */
export function compileTokens(tokens: readonly WildToken[], ignoreCase = false): StringMatcher {
  const norm = mergeLiterals(ignoreCase ? tokens.map((t) => (typeof t === 'string' ? t.toLowerCase() : t)) : tokens);
  if (norm.length === 0) return (v) => v.length === 0;
  if (norm.length === 1) {
    const only = norm[0]!;
    if (only === STAR) return always;
    if (only === ONE) return (v) => v.length === 1;
    return (v) => v === only;
  }
  if (norm.length === 2) {
    const [a, b] = norm;
    if (typeof a === 'string' && b === STAR) return (v) => v.startsWith(a);
    if (a === STAR && typeof b === 'string') return (v) => v.endsWith(b);
  }
  if (regexSafe(norm)) {
    let source = '^';
    for (const t of norm) source += t === STAR ? '[^]*' : t === ONE ? '[^]' : escapeRegExp(t);
    const re = new RegExp(`${source}$`);
    return (v) => re.test(v);
  }
  const match = compileRange(norm);
  return (v) => match(v, 0, v.length);
}

/**
 * Whether a regular expression of these tokens runs in time linear in the value: with at most one
 * `*`, or two of which the second ends the pattern, backtracking tries each place of one star at
 * most once. (Such shapes are nearly every pattern policies hold, and V8's regular expressions
 * match them fastest.) Any other pattern goes to {@link compileRange}: a regular expression of,
 * say, `*a*a*a*a*a*a*b` backtracks exponentially, and one policy could stall the server.
 */
export function regexSafe(tokens: readonly WildToken[]): boolean {
  let stars = 0;
  for (const t of tokens) if (t === STAR) stars++;
  return stars <= 1 || (stars === 2 && tokens[tokens.length - 1] === STAR);
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** A test of `value.slice(start, end)` against one pattern, without slicing. */
export type RangeMatcher = (value: string, start: number, end: number) => boolean;

/** A run of pattern between two `*`: literals and `?`, so of one fixed length. */
interface Piece {
  readonly tokens: readonly (string | typeof ONE)[];
  readonly length: number;
}

function piece(tokens: readonly (string | typeof ONE)[]): Piece {
  let length = 0;
  for (const t of tokens) length += t === ONE ? 1 : t.length;
  return { tokens, length };
}

/** Whether `p` matches `value` at `at` (the caller checked that it fits). */
function pieceAt(p: Piece, value: string, at: number): boolean {
  for (const t of p.tokens) {
    if (t === ONE) at += 1;
    else {
      if (!value.startsWith(t, at)) return false;
      at += t.length;
    }
  }
  return true;
}

/** The first place at or after `from` where `p` matches and ends by `end`, or -1. */
function firstPiece(p: Piece, value: string, from: number, end: number): number {
  const lead = p.tokens[0];
  for (let at = from; at + p.length <= end; at++) {
    if (typeof lead === 'string') {
      at = value.indexOf(lead, at);
      if (at < 0 || at + p.length > end) return -1;
    }
    if (pieceAt(p, value, at)) return at;
  }
  return -1;
}

/**
 * Compiles tokens (case already folded) into a test of a range of a string. The pattern is pieces
 * between `*`s; the first is anchored at the start, the last at the end, and each one between
 * takes its first place after the one before (taking the first place never loses a match). Time
 * is at most the range's length times the pattern's, whatever the pattern.
 */
export function compileRange(tokens: readonly WildToken[]): RangeMatcher {
  const pieces: Piece[] = [];
  let current: (string | typeof ONE)[] = [];
  for (const t of tokens) {
    if (t === STAR) {
      pieces.push(piece(current));
      current = [];
    } else if (t !== '') current.push(t);
  }
  pieces.push(piece(current));
  const least = pieces.reduce((n, p) => n + p.length, 0);
  const first = pieces[0]!;
  if (pieces.length === 1) return (v, start, end) => end - start === first.length && pieceAt(first, v, start);
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  return (v, start, end) => {
    if (end - start < least || !pieceAt(first, v, start)) return false;
    const tail = end - last.length;
    if (!pieceAt(last, v, tail)) return false;
    let at = start + first.length;
    for (const p of middle) {
      const found = firstPiece(p, v, at, tail);
      if (found < 0) return false;
      at = found + p.length;
    }
    return true;
  };
}

/** Compiles policy text (every `*`/`?` a wildcard). */
export function compileWildcard(pattern: string, ignoreCase = false): StringMatcher {
  return compileTokens(tokenize(pattern), ignoreCase);
}

function mergeLiterals(tokens: readonly WildToken[]): WildToken[] {
  const out: WildToken[] = [];
  for (const t of tokens) {
    const last = out.length - 1;
    if (typeof t === 'string' && last >= 0 && typeof out[last] === 'string') out[last] += t;
    else if (t !== '') out.push(t);
  }
  return out;
}
