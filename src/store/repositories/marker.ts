/**
 * Pagination markers: the sort key (or offset) of the last item returned, tagged and
 * base64url-encoded so callers treat it as opaque, as IAM's `Marker` is, and so that a marker
 * Gatehouse did not hand out is recognized (`isMarker`): AWS answers one with ValidationError
 * "Invalid Marker." on every paginated IAM list.
 */
const TAG = 'gh1:';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeMarker(lastKey: string): string {
  return Buffer.from(TAG + lastKey, 'utf8').toString('base64url');
}

/** True for a marker {@link encodeMarker} made (exactly: its text re-encodes to itself). */
export function isMarker(marker: string): boolean {
  if (!BASE64URL.test(marker)) return false;
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  return text.startsWith(TAG) && Buffer.from(text, 'utf8').toString('base64url') === marker;
}

/** The sort key a marker resumes after; check it with {@link isMarker} first (any other text resumes from the start). */
export function decodeMarker(marker: string): string {
  return isMarker(marker) ? Buffer.from(marker, 'base64url').toString('utf8').slice(TAG.length) : '';
}
