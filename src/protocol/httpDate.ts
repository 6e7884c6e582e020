let cachedSecond = -1;
let cachedText = '';

/** The `Date` response header value (RFC 7231), computed at most once per second. */
export function dateHeader(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedText = new Date(second * 1000).toUTCString();
  }
  return cachedText;
}
