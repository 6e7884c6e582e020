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
  let source = '^';
  for (const t of norm) source += t === STAR ? '[^]*' : t === ONE ? '[^]' : escapeRegExp(t);
  const re = new RegExp(source + '$');
  return (v) => re.test(v);
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

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
