/**
 * aws-chunked payloads: decodes `hex-size[;chunk-signature=sig]\r\n data \r\n … 0…\r\n [trailers]`,
 * verifying each chunk signature in the chain that starts at the seed (request) signature, and
 * the trailer signature.
 *
 * AWS: S3 API Reference, "Signature Calculations for the Authorization Header: Transferring Payload
 * in Multiple Chunks (Chunked Upload)" and "Signature calculations for trailing headers".
 * Chunk string to sign: AWS4-HMAC-SHA256-PAYLOAD \n date \n scope \n previous-signature \n
 * SHA256("") \n SHA256(chunk-data). Trailer: AWS4-HMAC-SHA256-TRAILER \n date \n scope \n
 * previous-signature \n SHA256("name:value\n"…).
 */
import { hmacSha256Hex, sha256Hex } from '../../crypto.js';
import { ServiceError } from '../../errors.js';
import { signatureMismatch } from './errors.js';
import type { StreamingPayloadMode } from './types.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** AWS: "All chunks except the last one must be at least 8 KB" (InvalidChunkSizeError). */
export const MIN_CHUNK_SIZE = 8192;

/** What signed chunks are checked against. */
export interface ChunkSigningContext {
  signingKey: Buffer;
  amzDate: string;
  /** `yyyymmdd/region/service/aws4_request` */
  scope: string;
  seedSignature: string;
}

/** A decoded aws-chunked payload. */
export interface DecodedChunks {
  body: Buffer;
  trailers: Record<string, string>;
}

/** The string to sign for one chunk. */
export function chunkStringToSign(ctx: ChunkSigningContext, previousSignature: string, data: Uint8Array): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${ctx.amzDate}\n${ctx.scope}\n${previousSignature}\n${EMPTY_SHA256}\n${sha256Hex(data)}`;
}

/** The string to sign for the trailing headers (`canonical` is `name:value\n` per trailer). */
export function trailerStringToSign(ctx: ChunkSigningContext, previousSignature: string, canonical: string): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${ctx.amzDate}\n${ctx.scope}\n${previousSignature}\n${sha256Hex(canonical)}`;
}

function sign(key: Buffer, text: string): string {
  return hmacSha256Hex(key, text);
}

/**
 * Constant-time comparison of two signatures (hex text): every character is compared, whatever
 * the first difference, so the time taken says nothing of how much of a guess was right. Only
 * the lengths (public: a signature is 64 characters) end it early.
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  if (expected.length !== provided.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ provided.charCodeAt(i);
  return difference === 0;
}

const truncated = (): ServiceError => new ServiceError('IncompleteBody', 'The request body terminated unexpectedly');
const badEncoding = (detail: string): ServiceError => new ServiceError('InvalidRequest', `Invalid aws-chunked encoding: ${detail}`);

/**
 * Decodes and verifies an aws-chunked body. `ctx` is required for the signed modes.
 * `decodedLength` is `x-amz-decoded-content-length` when sent; it must equal the data received.
 */
export function decodeAwsChunked(
  body: Buffer,
  mode: StreamingPayloadMode,
  ctx: ChunkSigningContext | undefined,
  decodedLength: number | undefined,
): DecodedChunks {
  const signed = mode !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  if (signed && ctx === undefined) throw new Error('signed aws-chunked payload needs a signing context');
  const chunks: Buffer[] = [];
  let previous = ctx?.seedSignature ?? '';
  let pos = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', pos, 'latin1');
    if (lineEnd < 0) throw truncated();
    const line = body.toString('latin1', pos, lineEnd);
    pos = lineEnd + 2;
    const semicolon = line.indexOf(';');
    const sizeText = semicolon < 0 ? line : line.slice(0, semicolon);
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw badEncoding('chunk size is not hexadecimal');
    const size = parseInt(sizeText, 16);
    let provided = '';
    if (signed) {
      const ext = semicolon < 0 ? '' : line.slice(semicolon + 1);
      if (!ext.startsWith('chunk-signature=')) throw badEncoding('chunk-signature missing');
      provided = ext.slice('chunk-signature='.length);
    }
    if (pos + size > body.length) throw truncated();
    const data = body.subarray(pos, pos + size);
    pos += size;
    if (size > 0) {
      if (pos + 2 > body.length) throw truncated();
      if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw badEncoding('chunk data is not followed by CRLF');
      pos += 2;
    }
    if (signed) {
      const expected = sign(ctx!.signingKey, chunkStringToSign(ctx!, previous, data));
      if (!signaturesEqual(expected, provided)) throw signatureMismatch(true);
      previous = expected;
    }
    if (size === 0) break;
    chunks.push(data);
  }
  if (signed) checkChunkSizes(chunks);
  const trailers = readTrailers(body.subarray(pos), mode, ctx, previous);
  const decoded = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  if (decodedLength !== undefined && decodedLength !== decoded.length) {
    throw new ServiceError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
  }
  return { body: decoded, trailers };
}

function checkChunkSizes(chunks: readonly Buffer[]): void {
  for (let i = 0; i < chunks.length - 1; i++) {
    if (chunks[i]!.length < MIN_CHUNK_SIZE) {
      throw new ServiceError('InvalidChunkSizeError', 'Only the last chunk is allowed to have a size less than 8192 bytes', {
        Chunk: String(i + 1),
        BadChunkSize: String(chunks[i]!.length),
      });
    }
  }
}

function readTrailers(rest: Buffer, mode: StreamingPayloadMode, ctx: ChunkSigningContext | undefined, previous: string): Record<string, string> {
  const text = rest.toString('utf8');
  const trailers: Record<string, string> = {};
  if (mode === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD') {
    if (text !== '\r\n' && text !== '') throw badEncoding('data after the final chunk');
    return trailers;
  }
  let canonical = '';
  let trailerSignature: string | undefined;
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw badEncoding('malformed trailing header');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      trailerSignature = value;
      continue;
    }
    if (trailerSignature !== undefined) throw badEncoding('trailing header after x-amz-trailer-signature');
    trailers[name] = value;
    canonical += `${name}:${value}\n`;
  }
  if (mode === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER') {
    if (trailerSignature === undefined) throw signatureMismatch(true);
    const expected = sign(ctx!.signingKey, trailerStringToSign(ctx!, previous, canonical));
    if (!signaturesEqual(expected, trailerSignature)) throw signatureMismatch(true);
  }
  return trailers;
}
