/**
 * A denial handed from the page that met it to "Why was this denied?", in memory only: an encoded
 * authorization message is never put in a URL or in storage.
 */
let pending: string | undefined;

export function rememberDenial(encoded: string): void {
  pending = encoded;
}

export function takeDenial(): string | undefined {
  const value = pending;
  pending = undefined;
  return value;
}
