/**
 * Step two of SigV4 authentication: recompute the signature with the caller's secret, compare it
 * in constant time, then check or decode the payload. On a cached signing key this costs two
 * HMACs (the key-cache fingerprint and the signature) and one SHA-256 of the canonical request,
 * plus the body hash the payload mode calls for.
 */
import { hmacSha256Hex, sha256Hex } from '../../crypto.js';
import { ServiceError } from '../../errors.js';
import { createHash } from 'node:crypto';
import { AwsChunkedDecoder, decodeAwsChunked, signaturesEqual, type ChunkSigningContext } from './chunked.js';
import { canonicalQuery, canonicalRequest, canonicalUri, credentialScope, parseQuery, stringToSign } from './canonical.js';
import { checkSigV4Scope } from './credentialScope.js';
import { formatAmzDate, signatureMismatch } from './errors.js';
import { headerValue } from './parse.js';
import { STREAMING_MODES, isSha256Hex } from './s3Rules.js';
import type { HttpRequestParts, SigV4Parsed, StreamingPayloadMode, VerifiedPayload, VerifySigV4Options } from './types.js';
import { signingKey } from './signingKey.js';

const NO_EXCLUSION: ReadonlySet<string> = new Set();
const PRESIGN_EXCLUSION: ReadonlySet<string> = new Set(['X-Amz-Signature']);
const PRESIGN_EXCLUSION_TOKEN: ReadonlySet<string> = new Set(['X-Amz-Signature', 'X-Amz-Security-Token']);

/** The canonical request and string to sign of a parsed request, as the server computes them. */
export interface SigV4Computation {
  canonicalRequest: string;
  stringToSign: string;
}

/**
 * Computes the canonical request and string to sign (exported for diagnostics and tests).
 * `excludeToken`: as a signer that adds a presigned URL's session token after signing computes them.
 */
export function computeSigV4(req: HttpRequestParts, parsed: SigV4Parsed, s3: boolean, excludeToken = false): SigV4Computation {
  const exclude = parsed.form === 'header' ? NO_EXCLUSION : excludeToken ? PRESIGN_EXCLUSION_TOKEN : PRESIGN_EXCLUSION;
  const canonical = canonicalRequest({
    method: req.method.toUpperCase(),
    canonicalUri: canonicalUri(req.rawPath, s3),
    canonicalQuery: canonicalQuery(parseQuery(req.rawQuery), exclude),
    headers: req.headers,
    signedHeaders: parsed.signedHeaders,
    payloadHash: parsed.payloadHash,
  });
  const scope = credentialScope(parsed.scopeDate, parsed.region, parsed.service);
  return { canonicalRequest: canonical, stringToSign: stringToSign(parsed.amzDate ?? formatAmzDate(parsed.requestTime), scope, canonical) };
}

/**
 * Verifies the signature with the secret and returns the payload to hand to the protocol layer
 * (for aws-chunked, the decoded body with every chunk signature and the trailer checked).
 * Throws ServiceError.
 */
export function verifySigV4(req: HttpRequestParts, parsed: SigV4Parsed, secretAccessKey: string, options: VerifySigV4Options = {}): VerifiedPayload {
  return verifySigV4Signature(req, parsed, secretAccessKey, options).whole(req.body);
}

/**
 * What a request's payload must be, once its signature has verified: the whole body's check, or
 * an incremental one for a body that streams (S3 uploads), which holds nothing of the body but
 * the running hash or the current aws-chunked chunk header.
 */
export interface PayloadCheck {
  /** Checks (and decodes) a body read whole. Throws `ServiceError`. */
  whole(body: Buffer): VerifiedPayload;
  /** Starts checking a body that arrives in pieces. */
  incremental(): IncrementalPayload;
}

/** A body checked as it arrives: `push` each piece, then `end`. Both throw `ServiceError`. */
export interface IncrementalPayload {
  /** The payload bytes in `piece` (decoded when aws-chunked); kept by nobody until `end` returns. */
  push(piece: Buffer): readonly Buffer[];
  /** Checks the whole payload; returns its trailing headers (aws-chunked), lower-case names. */
  end(): Record<string, string>;
}

/**
 * Step two without the body: recomputes the signature over the request's head (the payload enters
 * the canonical request only as the hash the request declares) and compares it in constant time,
 * then returns what the payload must be. Throws ServiceError.
 */
export function verifySigV4Signature(req: HttpRequestParts, parsed: SigV4Parsed, secretAccessKey: string, options: VerifySigV4Options = {}): PayloadCheck {
  const s3 = options.s3 ?? parsed.s3 ?? parsed.service === 's3';
  if (options.region !== undefined || options.service !== undefined) checkSigV4Scope(parsed, options, s3, parsed.form);
  const key = signingKey(secretAccessKey, parsed.scopeDate, parsed.region, parsed.service, parsed.accessKeyId);
  // A presigned URL's session token is one of its query parameters, so the signature covers it:
  // a token added after signing (the SigV4 suite's post-sts-header-after) does not verify.
  const computation = computeSigV4(req, parsed, s3);
  const expected = hmacSha256Hex(key, computation.stringToSign);
  if (!signaturesEqual(expected, parsed.signature)) {
    throw signatureMismatch(s3, { accessKeyId: parsed.accessKeyId, signatureProvided: parsed.signature, ...computation });
  }
  return payloadCheck(req.headers, parsed, s3, key, expected);
}

const PASS: IncrementalPayload = { push: (piece) => [piece], end: () => ({}) };

function sha256Mismatch(s3: boolean, declared: string, actual: string): ServiceError {
  if (!s3) return signatureMismatch(false);
  // AWS: S3 "Error responses", XAmzContentSHA256Mismatch.
  return new ServiceError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    ClientComputedContentSHA256: declared,
    S3ComputedContentSHA256: actual,
  });
}

function payloadCheck(headers: HttpRequestParts['headers'], parsed: SigV4Parsed, s3: boolean, key: Buffer, seedSignature: string): PayloadCheck {
  const mode = parsed.payloadHash;
  if (parsed.payloadHashComputed === true) return { whole: (body) => ({ body }), incremental: () => PASS };
  if (isSha256Hex(mode)) {
    return {
      whole(body) {
        // The common case first: the signed hash is the body's.
        const actual = sha256Hex(body);
        if (actual !== mode) throw sha256Mismatch(s3, mode, actual);
        return { body };
      },
      incremental() {
        const hash = createHash('sha256');
        return {
          push: (piece) => {
            hash.update(piece);
            return [piece];
          },
          end: () => {
            const actual = hash.digest('hex');
            if (actual !== mode) throw sha256Mismatch(s3, mode, actual);
            return {};
          },
        };
      },
    };
  }
  // AWS: UNSIGNED-PAYLOAD and the streaming modes are S3's ("Create a canonical request", IAM
  // User Guide); elsewhere the body, which carries the operation, must be covered by the signature.
  if (!s3) throw signatureMismatch(false);
  if (mode === 'UNSIGNED-PAYLOAD') return { whole: (body) => ({ body }), incremental: () => PASS };
  if (!STREAMING_MODES.has(mode) || parsed.form !== 'header') {
    throw new ServiceError('InvalidRequest', `x-amz-content-sha256 value ${mode} is not supported for this request`);
  }
  const lengthText = headerValue(headers, 'x-amz-decoded-content-length');
  if (lengthText === undefined) {
    throw new ServiceError('MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  const decodedLength = /^\d+$/.test(lengthText) ? Number(lengthText) : -1;
  const ctx = {
    signingKey: key,
    amzDate: parsed.amzDate ?? formatAmzDate(parsed.requestTime),
    scope: credentialScope(parsed.scopeDate, parsed.region, parsed.service),
    seedSignature,
  };
  return chunkedCheck(mode as StreamingPayloadMode, ctx, decodedLength);
}

function chunkedCheck(mode: StreamingPayloadMode, ctx: ChunkSigningContext | undefined, decodedLength: number | undefined): PayloadCheck {
  return {
    whole: (body) => decodeAwsChunked(body, mode, ctx, decodedLength),
    incremental() {
      const decoder = new AwsChunkedDecoder(mode, ctx, decodedLength);
      return { push: (piece) => decoder.push(piece), end: () => decoder.end() };
    },
  };
}

/**
 * The payload check of an unsigned (anonymous) S3 request: none, or the aws-chunked decoding of a
 * body sent as STREAMING-UNSIGNED-PAYLOAD-TRAILER.
 */
export function unsignedPayloadCheck(headers: HttpRequestParts['headers']): PayloadCheck {
  if (headerValue(headers, 'x-amz-content-sha256') !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') return { whole: (body) => ({ body }), incremental: () => PASS };
  const lengthText = headerValue(headers, 'x-amz-decoded-content-length');
  return chunkedCheck('STREAMING-UNSIGNED-PAYLOAD-TRAILER', undefined, lengthText !== undefined && /^\d+$/.test(lengthText) ? Number(lengthText) : undefined);
}
