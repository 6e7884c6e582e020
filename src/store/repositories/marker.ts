/**
 * Pagination markers: the sort key of the last item returned, base64url-encoded so callers treat
 * it as opaque (as IAM's `Marker` is).
 */
export function encodeMarker(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

/** The sort key a marker resumes after. */
export function decodeMarker(marker: string): string {
  return Buffer.from(marker, 'base64url').toString('utf8');
}
