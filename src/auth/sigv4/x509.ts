/**
 * SigV4 signed with an X.509 certificate's private key (IAM Roles Anywhere's CreateSession):
 * the canonical request of SigV4, the string to sign with the algorithm `AWS4-X509-RSA-SHA256` or
 * `AWS4-X509-ECDSA-SHA256`, the certificate's decimal serial number in place of the access key
 * ID, the certificate in `X-Amz-X509` and its intermediates in `X-Amz-X509-Chain`, both signed.
 *
 * AWS: Roles Anywhere User Guide, "The IAM Roles Anywhere authentication signing process" and "The
 * IAM Roles Anywhere authentication process" (the chain header "MUST NOT exceed the maximum depth
 * of 5 certificates"; "RSA keys are used with the RSA PKCS#1 v1.5 signing algorithm. EC keys are
 * used with the ECDSA"; the signature is the hex of SHA256WithRSA or SHA256WithECDSA over the
 * string to sign).
 */
import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import { sha256Hex } from '../../crypto.js';
import { canonicalQuery, canonicalRequest, canonicalUri, credentialScope, parseQuery } from './canonical.js';
import { checkScopeDate, headerRequestTime, parseCredential, parseSignedHeaders } from './credentialScope.js';
import { skewed } from './errors.js';
import { headerValue } from './parse.js';
import { checkSignedHeaders } from './signedHeaders.js';
import type { HttpRequestParts } from './types.js';

/** The X.509 SigV4 algorithms and the key type each signs with. */
export const X509_ALGORITHMS: Readonly<Record<string, 'rsa' | 'ec'>> = {
  'AWS4-X509-RSA-SHA256': 'rsa',
  'AWS4-X509-ECDSA-SHA256': 'ec',
};

/** AWS: "The X-Amx-X509-Chain header MUST NOT exceed the maximum depth of 5 certificates." */
export const MAX_X509_CHAIN = 5;

const SKEW_MS = 15 * 60_000;

/** An X.509 SigV4 envelope, parsed and checked for shape and time, not yet verified. */
export interface X509SigV4Parsed {
  readonly algorithm: string;
  /** The credential: the signing certificate's serial number in decimal. */
  readonly serialNumber: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly amzDate: string;
  readonly requestTime: Date;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** The signing certificate (`X-Amz-X509`), DER. */
  readonly certificate: Uint8Array;
  /** The intermediates (`X-Amz-X509-Chain`), DER, in the order sent. */
  readonly chain: readonly Uint8Array[];
}

function denied(message: string): ServiceError {
  return new ServiceError('AccessDeniedException', message);
}

/** The algorithm of an `Authorization` header that is X.509 SigV4; undefined otherwise. */
export function x509Algorithm(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  return Object.hasOwn(X509_ALGORITHMS, algorithm) ? algorithm : undefined;
}

function base64Der(text: string): Uint8Array | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed, 'base64');
}

/**
 * Parses the envelope of a request signed with an X.509 key; null when its `Authorization` is not
 * X.509 SigV4. Throws ServiceError for a malformed envelope (IncompleteSignature, with SigV4's
 * wording), a request time outside the 15-minute window, an unsigned certificate header, or a
 * missing or unreadable certificate header.
 */
export function parseX509SigV4(req: HttpRequestParts, now: Date): X509SigV4Parsed | null {
  const authorization = headerValue(req.headers, 'authorization')?.trim();
  const algorithm = x509Algorithm(authorization);
  if (authorization === undefined || algorithm === undefined) return null;
  const params = new Map<string, string>();
  for (const piece of authorization.slice(algorithm.length).split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) params.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const credential = params.get('Credential');
  const signedHeadersText = params.get('SignedHeaders');
  const signature = params.get('Signature');
  if (credential === undefined || signedHeadersText === undefined || signature === undefined) {
    const missing: string[] = [];
    if (credential === undefined) missing.push("Authorization header requires 'Credential' parameter.");
    if (signature === undefined) missing.push("Authorization header requires 'Signature' parameter.");
    if (signedHeadersText === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
    throw new ServiceError('IncompleteSignature', `${missing.join(' ')} Authorization=${authorization}`);
  }
  const scope = parseCredential(credential, false, 'header');
  const time = headerRequestTime(headerValue(req.headers, 'x-amz-date'), headerValue(req.headers, 'date'), false);
  if (time === undefined) throw new ServiceError('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  checkScopeDate(scope.scopeDate, time.amzDate, false, 'header');
  const signedHeaders = parseSignedHeaders(signedHeadersText, false);
  if (Math.abs(now.getTime() - time.time.getTime()) > SKEW_MS) throw skewed(false, time.time, now);
  checkSignedHeaders(req.headers, signedHeaders, false);
  const certText = headerValue(req.headers, 'x-amz-x509');
  // AWS: "The signing certificate MUST be attached to the request via the header X-Amz-X509, as
  // Base64-encoded Distinguished Encoding Rules (DER) data."
  const certificate = certText === undefined ? undefined : base64Der(certText);
  if (certificate === undefined) throw denied('The signing certificate must be sent, as base64 DER, in the X-Amz-X509 header.');
  const chainText = headerValue(req.headers, 'x-amz-x509-chain');
  const chain: Uint8Array[] = [];
  if (chainText !== undefined) {
    const parts = chainText.split(',');
    if (parts.length > MAX_X509_CHAIN) throw denied(`The X-Amz-X509-Chain header holds ${parts.length} certificates; at most ${MAX_X509_CHAIN} are allowed.`);
    for (const part of parts) {
      const der = base64Der(part);
      if (der === undefined) throw denied('The X-Amz-X509-Chain header must be a comma-separated list of base64 DER certificates.');
      chain.push(der);
    }
  }
  if (!/^\d+$/.test(scope.accessKeyId)) throw denied('The credential must be the signing certificate\u2019s serial number, in decimal.');
  return {
    algorithm,
    serialNumber: scope.accessKeyId.replace(/^0+(?=\d)/, ''),
    scopeDate: scope.scopeDate,
    region: scope.region,
    service: scope.service,
    amzDate: time.amzDate,
    requestTime: time.time,
    signedHeaders,
    signature,
    certificate,
    chain,
  };
}

/** The string to sign of an X.509 SigV4 request, as the server computes it. */
export function x509StringToSign(req: HttpRequestParts, parsed: X509SigV4Parsed): string {
  const contentSha = headerValue(req.headers, 'x-amz-content-sha256');
  const canonical = canonicalRequest({
    method: req.method.toUpperCase(),
    canonicalUri: canonicalUri(req.rawPath, false),
    canonicalQuery: canonicalQuery(parseQuery(req.rawQuery), new Set()),
    headers: req.headers,
    signedHeaders: parsed.signedHeaders,
    payloadHash: contentSha ?? sha256Hex(req.body),
  });
  return `${parsed.algorithm}\n${parsed.amzDate}\n${credentialScope(parsed.scopeDate, parsed.region, parsed.service)}\n${sha256Hex(canonical)}`;
}

/**
 * Whether the request's signature verifies with the certificate's public key, by the envelope's
 * algorithm: false when it does not, or when the algorithm is not the key's (an RSA key cannot
 * sign `AWS4-X509-ECDSA-SHA256`).
 */
export function verifyX509SigV4(req: HttpRequestParts, parsed: X509SigV4Parsed, publicKey: KeyObject): boolean {
  if (X509_ALGORITHMS[parsed.algorithm] !== publicKey.asymmetricKeyType) return false;
  const contentSha = headerValue(req.headers, 'x-amz-content-sha256');
  if (contentSha !== undefined && contentSha !== sha256Hex(req.body)) return false;
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(parsed.signature)) return false;
  try {
    return verifySignature('sha256', Buffer.from(x509StringToSign(req, parsed), 'utf8'), publicKey, Buffer.from(parsed.signature, 'hex'));
  } catch {
    return false;
  }
}
