/**
 * A time as AWS writes it to the second: ISO 8601 without fractions (`2015-08-30T12:36:00Z`), the
 * form of the query protocol's timestamps and of time condition keys (`aws:CurrentTime`).
 */

/** Texts of recent seconds: a list response repeats its entities' creation times call after call. */
const TEXTS = new Map<number, string>();
const MAX_TEXTS = 4096;

export function isoSeconds(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  let text = TEXTS.get(second);
  if (text === undefined) {
    if (Number.isNaN(second)) return date.toISOString();
    text = `${new Date(second * 1000).toISOString().slice(0, -5)}Z`;
    if (TEXTS.size >= MAX_TEXTS) TEXTS.clear();
    TEXTS.set(second, text);
  }
  return text;
}
