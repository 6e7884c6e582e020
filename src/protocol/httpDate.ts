let cachedSecond = Number.NaN;
let cachedText = '';

/** The `Date` response header value (RFC 9110) for the pipeline clock's `now`, made at most once per second. */
export function dateHeader(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedText = new Date(second * 1000).toUTCString();
  }
  return cachedText;
}
