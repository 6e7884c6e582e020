import { ONE, STAR, type WildToken } from '../../policy/wildcard.js';
import type { Budget } from './budget.js';

/**
 * Wildcard patterns as sets of strings, and the two questions the checks ask about them: is every
 * string of one pattern matched by another (inclusion), and can one string match both
 * (intersection). A pattern is a sequence of symbols: a character code, or {@link ANY_RUN} (`*`:
 * any run of characters, also none) or {@link ANY_CHAR} (`?`: exactly one character), exactly the
 * policy engine's semantics (src/policy/wildcard.ts). A `*` or `?` that came from policy text as a
 * literal (a `StringEquals` value, `${*}`) is a character code like any other.
 *
 * Both answers are safe for the checks: `includes` answers true only when inclusion holds (it may
 * miss an inclusion that needs reasoning across wildcards, e.g. `?*` ⊆ `*?`), and `intersects`
 * answers false only when no string matches both. Each costs time proportional to the product of
 * the two lengths, spent from the check's {@link Budget}.
 */

/** `*` in a glob. */
export const ANY_RUN = -1;
/** `?` in a glob. */
export const ANY_CHAR = -2;

/** A wildcard pattern: character codes, {@link ANY_RUN} and {@link ANY_CHAR}; runs of `*` merged. */
export type Glob = readonly number[];

/** The glob of engine tokens (a policy's `*` and `?` are wildcards, text is literal). */
export function globOfTokens(tokens: readonly WildToken[], lowerCase = false): Glob {
  const out: number[] = [];
  for (const t of tokens) {
    if (t === STAR) {
      if (out[out.length - 1] !== ANY_RUN) out.push(ANY_RUN);
    } else if (t === ONE) out.push(ANY_CHAR);
    else {
      const text = lowerCase ? t.toLowerCase() : t;
      for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
    }
  }
  return out;
}

/** The glob matching exactly `text` (every character literal). */
export function literalGlob(text: string): Glob {
  const out: number[] = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The glob matching every string. */
export const EVERYTHING: Glob = [ANY_RUN];

/** Whether the glob has no wildcard. */
export function isLiteral(g: Glob): boolean {
  for (const s of g) if (s < 0) return false;
  return true;
}

/** The text of a literal glob. */
export function literalText(g: Glob): string {
  return String.fromCharCode(...g);
}

/** Whether the glob matches every string. */
export function isEverything(g: Glob): boolean {
  return g.length === 1 && g[0] === ANY_RUN;
}

/** The concatenation of globs with literal `separator` characters between them. */
export function joinGlobs(parts: readonly Glob[], separator: string): Glob {
  const sep = literalGlob(separator);
  const out: number[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(...sep);
    for (const s of p) {
      if (s === ANY_RUN && out[out.length - 1] === ANY_RUN) continue;
      out.push(s);
    }
  });
  return out;
}

/** The least number of characters a string of the glob has. */
function minLength(g: Glob): number {
  let n = 0;
  for (const s of g) if (s !== ANY_RUN) n++;
  return n;
}

/**
 * Whether every string matched by `inner` is matched by `outer`. Decided by matching `outer`
 * against `inner` read as text in which `inner`'s `*` may only be taken by a `*` of `outer` and its
 * `?` by a `?` or `*` of `outer`: when that succeeds, inclusion holds (sound; not complete).
 */
export function includes(outer: Glob, inner: Glob, budget: Budget): boolean {
  if (isEverything(outer)) return true;
  if (minLength(outer) > minLength(inner)) return false;
  if (!inner.includes(ANY_RUN) && !outer.includes(ANY_RUN) && outer.length !== inner.length) return false;
  if (literalEndsDiffer(outer, inner)) return false;
  const n = inner.length;
  budget.spend((outer.length + 1) * (n + 1));
  // row[j]: whether outer[0, i) matches inner[0, j).
  let row = scratch(0, n + 1);
  let next = scratch(1, n + 1);
  row.fill(0, 0, n + 1);
  row[0] = 1;
  for (let i = 0; i < outer.length; i++) {
    const o = outer[i]!;
    next.fill(0, 0, n + 1);
    if (o === ANY_RUN) {
      next[0] = row[0]!;
      for (let j = 1; j <= n; j++) next[j] = row[j]! | next[j - 1]!;
    } else {
      for (let j = 1; j <= n; j++) {
        if (row[j - 1] === 0) continue;
        const s = inner[j - 1]!;
        if (o === ANY_CHAR ? s !== ANY_RUN : s === o) next[j] = 1;
      }
    }
    [row, next] = [next, row];
  }
  return row[n] === 1;
}

/**
 * Whether the two globs' leading (or trailing) literal characters disagree somewhere both are
 * literal: then no string of one is a string of the other. Most pairs of policy patterns differ
 * this way (two buckets, two services), and are told apart without the quadratic work.
 */
function literalEndsDiffer(a: Glob, b: Glob): boolean {
  const n = a.length;
  const m = b.length;
  for (let i = 0; i < n && i < m; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < 0 || y < 0) break;
    if (x !== y) return true;
  }
  for (let k = 1; k <= n && k <= m; k++) {
    const x = a[n - k]!;
    const y = b[m - k]!;
    if (x < 0 || y < 0) break;
    if (x !== y) return true;
  }
  return false;
}

/** Reused work arrays (the functions here never call each other while one is in use). */
const buffers: Uint8Array[] = [new Uint8Array(64), new Uint8Array(64), new Uint8Array(64)];

function scratch(which: number, size: number): Uint8Array {
  let b = buffers[which]!;
  if (b.length < size) {
    b = new Uint8Array(Math.max(size, b.length * 2));
    buffers[which] = b;
  }
  return b;
}

/**
 * Whether some string is matched by both globs (exact): reachability in the product of the two
 * patterns' automata, whose states are pairs of positions.
 */
export function intersects(a: Glob, b: Glob, budget: Budget): boolean {
  if (isEverything(a) || isEverything(b)) return true;
  if (literalEndsDiffer(a, b)) return false;
  const n = a.length;
  const m = b.length;
  budget.spend((n + 1) * (m + 1));
  const width = m + 1;
  const seen = scratch(2, (n + 1) * width);
  seen.fill(0, 0, (n + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number): void => {
    const k = i * width + j;
    if (seen[k] === 0) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / width);
    const j = k % width;
    if (i === n && j === m) return true;
    const x = i < n ? a[i]! : undefined;
    const y = j < m ? b[j]! : undefined;
    // A `*` may match nothing.
    if (x === ANY_RUN) visit(i + 1, j);
    if (y === ANY_RUN) visit(i, j + 1);
    if (x === undefined || y === undefined) continue;
    // Both read one character: literals must agree; a wildcard reads any.
    if (x >= 0 && y >= 0 && x !== y) continue;
    const ni = x === ANY_RUN ? i : i + 1;
    const nj = y === ANY_RUN ? j : j + 1;
    if (ni !== i || nj !== j) visit(ni, nj);
  }
  return false;
}

/** Whether the glob matches `text`. */
export function matchesText(g: Glob, text: string, budget: Budget): boolean {
  return includes(g, literalGlob(text), budget);
}
