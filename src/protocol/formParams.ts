function decodeComponent(text: string): string {
  if (text.indexOf('%') === -1 && text.indexOf('+') === -1) return text;
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * Parses `application/x-www-form-urlencoded` text (a query string or form body) into a map; the
 * last of repeated names wins. `+` is a space.
 */
export function parseForm(text: string, into: Map<string, string> = new Map()): Map<string, string> {
  if (text.length === 0) return into;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const eq = text.indexOf('=', start);
      if (eq === -1 || eq > end) into.set(decodeComponent(text.slice(start, end)), '');
      else into.set(decodeComponent(text.slice(start, eq)), decodeComponent(text.slice(eq + 1, end)));
    }
    start = end + 1;
  }
  return into;
}

/** Reads a header (names are matched lower-case), joining repeated values with `,`. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  if (v === undefined) {
    for (const k of Object.keys(headers)) {
      if (k.toLowerCase() === name) {
        const found = headers[k];
        return Array.isArray(found) ? found.join(',') : found;
      }
    }
    return undefined;
  }
  return Array.isArray(v) ? v.join(',') : v;
}
