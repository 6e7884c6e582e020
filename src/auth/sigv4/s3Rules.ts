/**
 * S3's extra SigV4 rule: `x-amz-content-sha256` is required and must name a payload mode or a
 * SHA-256 (which headers must be signed is `sigv4SignedHeaders.ts`, for every service).
 *
 * AWS: S3 API Reference, "Authenticating Requests: Using the Authorization Header" ("The
 * x-amz-content-sha256 header is required for all AWS Signature Version 4 requests").
 */
import { ServiceError } from '../../errors.js';
import type { StreamingPayloadMode } from './types.js';

/** The streaming modes we decode. */
export const STREAMING_MODES: ReadonlySet<string> = new Set<StreamingPayloadMode>([
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
]);

/** SigV4a streaming modes: accepted names, refused at verification (no ECDSA here). */
const ECDSA_MODES: ReadonlySet<string> = new Set(['STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD', 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER']);

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a lower-case hex SHA-256. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Checks S3's `x-amz-content-sha256` header (header-signed requests must send it). */
export function checkS3PayloadHeader(value: string | undefined): void {
  if (value === undefined) {
    throw new ServiceError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  if (value === 'UNSIGNED-PAYLOAD' || STREAMING_MODES.has(value) || ECDSA_MODES.has(value) || isSha256Hex(value)) return;
  throw new ServiceError(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
  );
}
