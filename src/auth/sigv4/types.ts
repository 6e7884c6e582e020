/** The shapes SigV4 authentication reads and produces. */

/** A request exactly as it arrived on the wire. */
export interface HttpRequestParts {
  method: string;
  /** Path exactly as received on the wire (percent-encoded), no query. */
  rawPath: string;
  /** Everything after `?`, exactly as received; `''` when none. */
  rawQuery: string;
  /**
   * Node IncomingHttpHeaders (lower-case names). Pass `req.headersDistinct` (or any map with an
   * array per repeated header) where repeated headers must canonicalise exactly: Node joins a
   * repeated header with `, ` in `req.headers`, while SigV4 joins the values with `,`.
   */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body as received. */
  body: Buffer;
  /** A browser-based POST upload's form fields (names lower-cased), read before authentication. */
  form?: { readonly fields: ReadonlyMap<string, string> };
  /** The client certificate (DER) of the mutual TLS connection the request came on, when it presented one. */
  clientCertificate?: Uint8Array;
}

/** The streaming payload modes of `x-amz-content-sha256`. */
export type StreamingPayloadMode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' | 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/** The SigV4 envelope of a request, parsed and checked for shape and time but not yet verified. */
export interface SigV4Parsed {
  form: 'header' | 'query';
  accessKeyId: string;
  /** `yyyymmdd` */
  scopeDate: string;
  region: string;
  service: string;
  /** From X-Amz-Date (or the Date header). */
  requestTime: Date;
  signedHeaders: readonly string[];
  signature: string;
  /** X-Amz-Security-Token header or query parameter. */
  securityToken?: string;
  /** Presigned only (1..604800). */
  expiresSeconds?: number;
  /** x-amz-content-sha256 value, `UNSIGNED-PAYLOAD` or a streaming mode, or the computed body hash. */
  payloadHash: string;
  /** The timestamp exactly as it enters the string to sign (`yyyymmddThhmmssZ`). */
  amzDate?: string;
  /** True when `payloadHash` was computed here from the body (so the body needs no second hash). */
  payloadHashComputed?: boolean;
  /** The error family chosen at parse time: S3's codes, or the common ones. */
  s3?: boolean;
}

/** Options of `parseSigV4`. */
export interface ParseSigV4Options {
  /** S3 rules and error codes. Default: true when the credential scope names service `s3`. */
  s3?: boolean;
}

/** The scope a service accepts; a request scoped elsewhere is refused before any HMAC. */
export interface ExpectedScope {
  region?: string | readonly string[];
  service?: string;
}

/** Options of `verifySigV4`. */
export interface VerifySigV4Options extends ExpectedScope {
  /** S3 rules: no path normalisation, no double encoding, x-amz-content-sha256 honoured. */
  s3?: boolean;
}

/** What `verifySigV4` hands on: the payload, decoded when it was aws-chunked. */
export interface VerifiedPayload {
  body: Buffer;
  /** Trailing headers of an aws-chunked payload (lower-case names), e.g. `x-amz-checksum-crc32`. */
  trailers?: Record<string, string>;
}
