/**
 * The request context: condition keys and their values. Keys are case-insensitive, so they are
 * lowercased once, when the context is built, and never per lookup. An entry's values are
 * converted only when a condition first asks for that key.
 */

/** One raw value as callers hand it over; booleans and numbers are converted with String(). */
export type ContextScalar = string | number | boolean;

/** A context as a plain record, e.g. `{ 'aws:SourceIp': '203.0.113.7', 'aws:TagKeys': ['a', 'b'] }`. */
export type ContextRecord = Readonly<Record<string, ContextScalar | readonly ContextScalar[] | null | undefined>>;

/** The values of one context key; `multi` is true when the caller passed an array. */
export class ContextEntry {
  private parsed: Map<string, readonly unknown[]> | undefined;

  constructor(
    /** The key as the caller spelled it. */
    readonly key: string,
    readonly values: readonly string[],
    readonly multi: boolean,
  ) {}

  /**
   * The values converted by `parse` (undefined where a value does not parse), computed once per
   * entry and family, so a key tested by several conditions is parsed once per request.
   */
  parsedAs<T>(family: string, parse: (raw: string) => T | undefined): readonly (T | undefined)[] {
    this.parsed ??= new Map();
    let cached = this.parsed.get(family);
    if (cached === undefined) {
      cached = this.values.map(parse);
      this.parsed.set(family, cached);
    }
    return cached as readonly (T | undefined)[];
  }
}

/** A built request context. Build it with {@link buildContext}. */
export class ContextValues {
  /** Lowercased key → the caller's key (until first asked for) or its entry. */
  private readonly index = new Map<string, string | ContextEntry>();

  constructor(private readonly record: ContextRecord) {
    for (const key in record) {
      const raw = record[key];
      if (raw !== null && raw !== undefined) this.index.set(lowerKey(key), key);
    }
  }

  /** The entry for a key that is already lowercased, or undefined when the key is absent. */
  getLower(lowered: string): ContextEntry | undefined {
    const hit = this.index.get(lowered);
    if (hit === undefined || typeof hit !== 'string') return hit;
    const raw = this.record[hit]!;
    const entry = Array.isArray(raw)
      ? new ContextEntry(hit, (raw as readonly ContextScalar[]).map(String), true)
      : new ContextEntry(hit, [typeof raw === 'string' ? raw : String(raw)], false);
    this.index.set(lowered, entry);
    return entry;
  }

  /** The entry for a key in any case. */
  get(key: string): ContextEntry | undefined {
    return this.getLower(key.toLowerCase());
  }

  /** Every key as the caller spelled it. */
  keys(): string[] {
    return [...this.index.values()].map((v) => (typeof v === 'string' ? v : v.key));
  }
}

const LOWER_CACHE_LIMIT = 4096;
const lowerCache = new Map<string, string>();

/** Context keys repeat from request to request; remembering their lowercase form is cheaper. */
function lowerKey(key: string): string {
  let lower = lowerCache.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowerCache.size >= LOWER_CACHE_LIMIT) lowerCache.clear();
    lowerCache.set(key, lower);
  }
  return lower;
}

/**
 * Builds a context from a record. `null`/`undefined` values are treated as absent keys; when two
 * keys differ only in case, the later one wins. The record must not change afterwards.
 */
export function buildContext(record: ContextRecord = {}): ContextValues {
  return new ContextValues(record);
}

/** Accepts either a built context or a plain record. */
export function toContext(context: ContextValues | ContextRecord | undefined): ContextValues {
  return context instanceof ContextValues ? context : buildContext(context ?? {});
}
