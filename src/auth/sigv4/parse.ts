/**
 * Step one of SigV4 authentication: find and parse the signature envelope (Authorization header
 * or presigned query), check its shape and its time window. No secret is needed; the caller
 * then looks up the secret for `accessKeyId` and calls `verifySigV4`.
 */
import { ServiceError } from '../../errors.js';
import { sha256Hex } from '../../crypto.js';
import { SIGV4_ALGORITHM, percentDecode } from './canonical.js';
import { badDate, checkScopeDate, headerRequestTime, parseAmzDate, parseCredential, parseSignedHeaders } from './credentialScope.js';
import { presignExpired, presignNotYetValid, skewed } from './errors.js';
import { checkS3PayloadHeader } from './s3Rules.js';
import { checkSignedHeaders } from './signedHeaders.js';
import type { HttpRequestParts, ParseSigV4Options, SigV4Parsed } from './types.js';

const SKEW_MS = 15 * 60_000;
/** AWS: "The maximum expiration time for presigned URLs is 604800 seconds (seven days)". */
export const MAX_PRESIGN_EXPIRES = 604_800;

/** The first value of a header. */
export function headerValue(headers: HttpRequestParts['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function queryAuthParams(rawQuery: string): Map<string, string> | undefined {
  if (!rawQuery.includes('X-Amz-')) return undefined;
  const found = new Map<string, string>();
  for (const piece of rawQuery.split('&')) {
    if (!piece.startsWith('X-Amz-')) continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    if (!found.has(name)) found.set(name, eq < 0 ? '' : percentDecode(piece.slice(eq + 1)).toString('utf8'));
  }
  return found.has('X-Amz-Algorithm') || found.has('X-Amz-Credential') || found.has('X-Amz-Signature') ? found : undefined;
}

/**
 * The service a request's credential scope names (`…/<date>/<region>/<service>/aws4_request`),
 * read without checking anything else: what shapes the error when the envelope itself is refused.
 */
export function scopeServiceOf(req: HttpRequestParts): string | undefined {
  const authorization = headerValue(req.headers, 'authorization');
  const credential = authorization !== undefined ? /Credential=([^,\s]+)/.exec(authorization)?.[1] : queryAuthParams(req.rawQuery)?.get('X-Amz-Credential');
  const parts = credential?.split('/');
  return parts?.length === 5 && parts[4] === 'aws4_request' ? parts[3] : undefined;
}

/**
 * Parses the SigV4 envelope. Returns null when the request carries no SigV4 authentication at
 * all (the caller answers MissingAuthenticationToken, or treats it as anonymous for S3). Throws
 * ServiceError for a malformed, mis-scoped-in-time or expired envelope.
 */
export function parseSigV4(req: HttpRequestParts, now: Date, options: ParseSigV4Options = {}): SigV4Parsed | null {
  const authorization = headerValue(req.headers, 'authorization');
  const query = queryAuthParams(req.rawQuery);
  if (authorization !== undefined && query !== undefined && options.s3 === true) {
    // AWS: S3 "Authenticating Requests (AWS Signature Version 4)": one mechanism per request.
    throw new ServiceError(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      { ArgumentName: 'Authorization', ArgumentValue: echoedAuthorization(authorization.trim()) },
    );
  }
  if (authorization !== undefined) return parseHeaderForm(req, authorization, now, options);
  if (query !== undefined) return parseQueryForm(req, query, now, options);
  return null;
}

/**
 * An Authorization header as an error message may show it. AWS echoes the header whole; a
 * Signature Version 4 header holds no secret (a signature of one request), but any other may be a
 * bearer credential — a Gatehouse workload token sent as `Bearer <token>`, a Basic password — and
 * the message is kept in the audit trail. So only its scheme is shown.
 */
function echoedAuthorization(value: string): string {
  if (value.startsWith(`${SIGV4_ALGORITHM} `)) return value;
  const scheme = /^[A-Za-z][A-Za-z0-9-]{0,31}(?=\s)/.exec(value)?.[0];
  return scheme === undefined ? '(not shown: not a Signature Version 4 header)' : `${scheme} (not shown: not a Signature Version 4 header)`;
}

/** The `name=value` pairs after the algorithm, comma-separated, spaces around each part ignored; the last of a name wins. */
function authParams(rest: string): Map<string, string> {
  const params = new Map<string, string>();
  let start = 0;
  while (start <= rest.length) {
    let end = rest.indexOf(',', start);
    if (end === -1) end = rest.length;
    const eq = rest.indexOf('=', start);
    if (eq !== -1 && eq < end) {
      // A piece with nothing but spaces before its `=` names nothing.
      const name = rest.slice(start, eq).trim();
      if (name !== '') params.set(name, rest.slice(eq + 1, end).trim());
    }
    start = end + 1;
  }
  return params;
}

function parseHeaderForm(req: HttpRequestParts, authorization: string, now: Date, options: ParseSigV4Options): SigV4Parsed {
  const value = authorization.trim();
  const isSigV4 = value.startsWith(SIGV4_ALGORITHM) && /\s/.test(value.charAt(SIGV4_ALGORITHM.length));
  const params = isSigV4 ? authParams(value.slice(SIGV4_ALGORITHM.length)) : new Map<string, string>();
  const credential = params.get('Credential');
  const s3 = options.s3 ?? (credential !== undefined && credential.split('/')[3] === 's3');
  if (!isSigV4 && s3) {
    // AWS: S3 answers a Signature Version 2 (or other) Authorization this way in SigV4-only Regions.
    throw new ServiceError('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  const signedHeadersText = params.get('SignedHeaders');
  const signature = params.get('Signature');
  const xAmzDate = headerValue(req.headers, 'x-amz-date');
  const httpDate = headerValue(req.headers, 'date');
  if (credential === undefined || signedHeadersText === undefined || signature === undefined) {
    if (s3) {
      throw new ServiceError(
        'AuthorizationHeaderMalformed',
        'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
      );
    }
    // AWS: the common SigV4 front end lists every missing part, then echoes the header.
    const missing: string[] = [];
    if (credential === undefined) missing.push("Authorization header requires 'Credential' parameter.");
    if (signature === undefined) missing.push("Authorization header requires 'Signature' parameter.");
    if (signedHeadersText === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
    if (xAmzDate === undefined && httpDate === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    throw new ServiceError('IncompleteSignature', `${missing.join(' ')} Authorization=${echoedAuthorization(value)}`);
  }
  const scope = parseCredential(credential, s3, 'header');
  const time = headerRequestTime(xAmzDate, httpDate, s3);
  if (time === undefined) {
    if (s3) throw new ServiceError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    throw new ServiceError('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  checkScopeDate(scope.scopeDate, time.amzDate, s3, 'header');
  const signedHeaders = parseSignedHeaders(signedHeadersText, s3);
  if (Math.abs(now.getTime() - time.time.getTime()) > SKEW_MS) throw skewed(s3, time.time, now);
  const contentSha = headerValue(req.headers, 'x-amz-content-sha256');
  if (s3) checkS3PayloadHeader(contentSha);
  checkSignedHeaders(req.headers, signedHeaders, s3);
  const computed = contentSha === undefined;
  const parsed: SigV4Parsed = {
    form: 'header',
    ...scope,
    requestTime: time.time,
    amzDate: time.amzDate,
    signedHeaders,
    signature,
    payloadHash: contentSha ?? sha256Hex(req.body),
    payloadHashComputed: computed,
    s3,
  };
  const token = headerValue(req.headers, 'x-amz-security-token');
  if (token !== undefined) parsed.securityToken = token;
  return parsed;
}

const QUERY_REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'] as const;

function parseQueryForm(req: HttpRequestParts, query: Map<string, string>, now: Date, options: ParseSigV4Options): SigV4Parsed {
  const credential = query.get('X-Amz-Credential');
  const s3 = options.s3 ?? (credential !== undefined && credential.split('/')[3] === 's3');
  const missing = QUERY_REQUIRED.filter((name) => !query.has(name));
  if (missing.length > 0) {
    if (s3) {
      throw new ServiceError(
        'AuthorizationQueryParametersError',
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
    const text = missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' ');
    throw new ServiceError('IncompleteSignature', `${text} Re-examine the query-string parameters.`);
  }
  const algorithm = query.get('X-Amz-Algorithm')!;
  if (algorithm !== SIGV4_ALGORITHM) {
    if (s3) throw new ServiceError('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    throw new ServiceError('IncompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const scope = parseCredential(credential!, s3, 'query');
  const amzDate = query.get('X-Amz-Date')!;
  const requestTime = parseAmzDate(amzDate);
  if (requestTime === undefined) throw badDate(s3, 'query', amzDate);
  checkScopeDate(scope.scopeDate, amzDate, s3, 'query');
  const expiresSeconds = parseExpires(query.get('X-Amz-Expires')!, s3);
  const signedHeaders = parseSignedHeaders(query.get('X-Amz-SignedHeaders')!, s3);
  if (requestTime.getTime() - now.getTime() > SKEW_MS) throw presignNotYetValid(s3, requestTime, now);
  if (now.getTime() >= requestTime.getTime() + expiresSeconds * 1000) throw presignExpired(s3, requestTime, expiresSeconds, now);
  const contentSha = query.get('X-Amz-Content-Sha256') ?? headerValue(req.headers, 'x-amz-content-sha256');
  if (s3 && contentSha !== undefined) checkS3PayloadHeader(contentSha);
  checkSignedHeaders(req.headers, signedHeaders, s3);
  const computed = !s3 && contentSha === undefined;
  const parsed: SigV4Parsed = {
    form: 'query',
    ...scope,
    requestTime,
    amzDate,
    signedHeaders,
    signature: query.get('X-Amz-Signature')!,
    expiresSeconds,
    // AWS: S3 presigned URLs sign UNSIGNED-PAYLOAD unless X-Amz-Content-Sha256 says otherwise
    // (S3 API Reference, "Authenticating Requests: Using Query Parameters").
    payloadHash: contentSha ?? (s3 ? 'UNSIGNED-PAYLOAD' : sha256Hex(req.body)),
    payloadHashComputed: computed,
    s3,
  };
  const token = query.get('X-Amz-Security-Token') ?? headerValue(req.headers, 'x-amz-security-token');
  if (token !== undefined) parsed.securityToken = token;
  return parsed;
}

/** AWS: S3 AuthorizationQueryParametersError texts for X-Amz-Expires; the same rule elsewhere. */
function parseExpires(text: string, s3: boolean): number {
  const fail = (message: string): ServiceError => new ServiceError(s3 ? 'AuthorizationQueryParametersError' : 'IncompleteSignature', message);
  if (!/^-?\d+$/.test(text)) throw fail('X-Amz-Expires should be a number');
  const value = Number(text);
  if (value < 0) throw fail('X-Amz-Expires must be non-negative');
  if (value > MAX_PRESIGN_EXPIRES) {
    throw fail('X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
  }
  return value;
}
