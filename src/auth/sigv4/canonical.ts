/**
 * SigV4 canonicalisation: the canonical URI, query string, headers, request and string to sign,
 * computed from a request exactly as it arrived on the wire.
 *
 * AWS: "Create a canonical request for Signature Version 4" (IAM User Guide, "Elements of an AWS
 * API request signature"). S3 neither normalises the path nor encodes it twice; every other
 * service does both.
 */
import { sha256Hex } from '../../crypto.js';

/** The SigV4 algorithm identifier. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** Request headers as Node gives them: lower-case names; an array for a repeated header. */
export type HeaderValues = Record<string, string | string[] | undefined>;

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-._~/]*$/;
const HEX = '0123456789ABCDEF';

function isUnreservedByte(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
}

/** RFC 3986 encoding of raw bytes: unreserved characters kept, everything else `%XX` upper-case. */
export function encodeBytes(bytes: Uint8Array, keepSlash: boolean): string {
  let out = '';
  for (const b of bytes) {
    if (isUnreservedByte(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Percent-decodes to bytes; a `%` not followed by two hex digits stays literal, `+` stays `+`. */
export function percentDecode(text: string): Buffer {
  const raw = Buffer.from(text, 'utf8');
  if (!raw.includes(0x25)) return raw;
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw[i + 1]!);
      const lo = hexValue(raw[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/** Encodes a string's UTF-8 bytes (one pass: a `%` becomes `%25`). */
export function uriEncode(text: string, keepSlash: boolean): string {
  if ((keepSlash ? UNRESERVED_OR_SLASH : UNRESERVED).test(text)) return text;
  return encodeBytes(Buffer.from(text, 'utf8'), keepSlash);
}

/** Decodes then re-encodes one component, so `%7e`, `~` and `%7E` all canonicalise alike. */
export function recodeComponent(text: string): string {
  if (UNRESERVED.test(text)) return text;
  return encodeBytes(percentDecode(text), false);
}

/** Removes empty and `.` segments and resolves `..`, keeping a trailing slash (RFC 3986 §5.2.4). */
export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const joined = `/${segments.join('/')}`;
  const trailing = path.endsWith('/') && joined !== '/';
  return trailing ? `${joined}/` : joined;
}

/**
 * The canonical URI. Non-S3: the wire path normalised, then URI-encoded once more (the client
 * encoded it once to send it and once again to sign it). S3: each wire segment decoded and
 * re-encoded exactly once, no normalisation.
 */
export function canonicalUri(rawPath: string, s3: boolean): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (s3) {
    if (UNRESERVED_OR_SLASH.test(path)) return path;
    return path.split('/').map(recodeComponent).join('/');
  }
  return uriEncode(normalizePath(path), true);
}

/** One query parameter as canonicalised: encoded name and encoded value. */
export interface QueryParam {
  readonly name: string;
  readonly value: string;
}

/** Splits a raw query string into canonical (decoded then re-encoded) parameters, in wire order. */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery === '') return params;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    params.push({ name: recodeComponent(name), value: recodeComponent(value) });
  }
  return params;
}

/** The canonical query string: parameters sorted by encoded name then value, minus `exclude`. */
export function canonicalQuery(params: readonly QueryParam[], exclude: ReadonlySet<string>): string {
  const kept = exclude.size === 0 ? [...params] : params.filter((p) => !exclude.has(p.name));
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return kept.map((p) => `${p.name}=${p.value}`).join('&');
}

/** Trims a header value and folds every run of whitespace (line folding included) to one space. */
export function canonicalHeaderValue(value: string): string {
  const trimmed = value.trim();
  return FOLDABLE.test(trimmed) ? trimmed.replace(/[ \t\r\n\f\v]+/g, ' ') : trimmed;
}

/** Whitespace that folding would change: any but a lone space. */
const FOLDABLE = /[\t\r\n\f\v]| {2}/;

/**
 * The canonical headers block (each `name:value\n`) for the signed header names, in the given
 * order. Repeated headers (an array) are joined with `,`.
 */
export function canonicalHeaders(headers: HeaderValues, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const value = headers[name];
    const text = value === undefined ? '' : Array.isArray(value) ? value.map(canonicalHeaderValue).join(',') : canonicalHeaderValue(value);
    out += `${name}:${text}\n`;
  }
  return out;
}

/** Inputs of a canonical request, already canonicalised where noted. */
export interface CanonicalRequestParts {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  readonly headers: HeaderValues;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
}

/** The canonical request text. */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n${canonicalHeaders(parts.headers, parts.signedHeaders)}\n${parts.signedHeaders.join(';')}\n${parts.payloadHash}`;
}

/** `yyyymmdd/region/service/aws4_request`. */
export function credentialScope(scopeDate: string, region: string, service: string): string {
  return `${scopeDate}/${region}/${service}/aws4_request`;
}

/** The string to sign for a canonical request. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}
