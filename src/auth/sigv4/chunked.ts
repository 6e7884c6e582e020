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
import { createHash, type Hash } from 'node:crypto';
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
  return chunkStringToSignOfHash(ctx, previousSignature, sha256Hex(data));
}

/** The string to sign for one chunk whose data hashes (SHA-256, hex) to `dataHash`. */
function chunkStringToSignOfHash(ctx: ChunkSigningContext, previousSignature: string, dataHash: string): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${ctx.amzDate}\n${ctx.scope}\n${previousSignature}\n${EMPTY_SHA256}\n${dataHash}`;
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

/** The longest chunk header line (`hex-size;chunk-signature=<64 hex>`) and trailer section accepted. */
const MAX_HEADER_LINE = 1024;
const MAX_TRAILERS = 16 * 1024;

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
  const decoder = new AwsChunkedDecoder(mode, ctx, decodedLength);
  const chunks = decoder.push(body);
  const trailers = decoder.end();
  return { body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), trailers };
}

/**
 * An aws-chunked body decoded and verified as it arrives: `push` each piece received and take the
 * data it yields (views into the pieces, yielded before their chunk's signature is checked: a
 * consumer keeps nothing until `end` has returned), then `end` checks that the body is complete
 * and returns its trailing headers. Memory held is one chunk header line, never a chunk's data.
 */
export class AwsChunkedDecoder {
  readonly #signed: boolean;
  readonly #mode: StreamingPayloadMode;
  readonly #ctx: ChunkSigningContext | undefined;
  readonly #decodedLength: number | undefined;
  #state: 'header' | 'data' | 'crlf' | 'trailer' = 'header';
  /** Bytes of a header line, of the CRLF after a chunk's data, or of the trailers, seen so far. */
  #pending: Buffer = Buffer.alloc(0);
  #remaining = 0;
  #chunkSize = 0;
  #provided = '';
  #hash: Hash | undefined;
  #previous: string;
  /** Sizes of the data chunks so far (the last one only may be under the minimum). */
  #chunks = 0;
  #lastChunkSize = -1;
  #decoded = 0;

  constructor(mode: StreamingPayloadMode, ctx: ChunkSigningContext | undefined, decodedLength: number | undefined) {
    this.#signed = mode !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
    if (this.#signed && ctx === undefined) throw new Error('signed aws-chunked payload needs a signing context');
    this.#mode = mode;
    this.#ctx = ctx;
    this.#decodedLength = decodedLength;
    this.#previous = ctx?.seedSignature ?? '';
  }

  /** The decoded data in `piece`, in order. Throws `ServiceError` as soon as the body is known to be bad. */
  push(piece: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < piece.length) {
      switch (this.#state) {
        case 'header': {
          let line: string;
          if (this.#pending.length > 0 && this.#pending[this.#pending.length - 1] === 0x0d && piece[pos] === 0x0a) {
            // The CRLF was split between two pieces.
            line = this.#pending.toString('latin1', 0, this.#pending.length - 1);
            pos += 1;
          } else {
            const lineEnd = piece.indexOf('\r\n', pos, 'latin1');
            if (lineEnd < 0) {
              this.#pending = Buffer.concat([this.#pending, piece.subarray(pos)]);
              if (this.#pending.length > MAX_HEADER_LINE) throw badEncoding('chunk header is too long');
              return out;
            }
            line = Buffer.concat([this.#pending, piece.subarray(pos, lineEnd)]).toString('latin1');
            pos = lineEnd + 2;
          }
          this.#pending = Buffer.alloc(0);
          this.#startChunk(line);
          break;
        }
        case 'data': {
          const take = Math.min(this.#remaining, piece.length - pos);
          const data = piece.subarray(pos, pos + take);
          this.#hash?.update(data);
          out.push(data);
          this.#decoded += take;
          this.#remaining -= take;
          pos += take;
          if (this.#remaining === 0) this.#state = 'crlf';
          break;
        }
        case 'crlf': {
          const need = 2 - this.#pending.length;
          const have = piece.subarray(pos, pos + need);
          this.#pending = this.#pending.length === 0 ? have : Buffer.concat([this.#pending, have]);
          pos += have.length;
          if (this.#pending.length < 2) return out;
          if (this.#pending[0] !== 0x0d || this.#pending[1] !== 0x0a) throw badEncoding('chunk data is not followed by CRLF');
          this.#pending = Buffer.alloc(0);
          this.#endChunk();
          this.#state = 'header';
          break;
        }
        case 'trailer':
          this.#pending = Buffer.concat([this.#pending, piece.subarray(pos)]);
          if (this.#pending.length > MAX_TRAILERS) throw badEncoding('trailing headers are too long');
          return out;
      }
    }
    return out;
  }

  /** Checks that the body ended where it should; returns its trailing headers (lower-case names). */
  end(): Record<string, string> {
    if (this.#state !== 'trailer') throw truncated();
    const trailers = readTrailers(this.#pending, this.#mode, this.#ctx, this.#previous);
    if (this.#decodedLength !== undefined && this.#decodedLength !== this.#decoded) {
      throw new ServiceError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    }
    return trailers;
  }

  #startChunk(line: string): void {
    const semicolon = line.indexOf(';');
    const sizeText = semicolon < 0 ? line : line.slice(0, semicolon);
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw badEncoding('chunk size is not hexadecimal');
    const size = parseInt(sizeText, 16);
    if (this.#signed) {
      const ext = semicolon < 0 ? '' : line.slice(semicolon + 1);
      if (!ext.startsWith('chunk-signature=')) throw badEncoding('chunk-signature missing');
      this.#provided = ext.slice('chunk-signature='.length);
      this.#hash = createHash('sha256');
      // AWS: "All chunks except the last one must be at least 8 KB" — a chunk of data after a short one.
      if (size > 0 && this.#lastChunkSize >= 0 && this.#lastChunkSize < MIN_CHUNK_SIZE) {
        throw new ServiceError('InvalidChunkSizeError', 'Only the last chunk is allowed to have a size less than 8192 bytes', {
          Chunk: String(this.#chunks),
          BadChunkSize: String(this.#lastChunkSize),
        });
      }
    }
    this.#chunkSize = size;
    if (size === 0) {
      this.#endChunk();
      this.#state = 'trailer';
      return;
    }
    this.#remaining = size;
    this.#state = 'data';
  }

  #endChunk(): void {
    if (this.#chunkSize > 0) {
      this.#chunks++;
      this.#lastChunkSize = this.#chunkSize;
    }
    if (!this.#signed) return;
    const ctx = this.#ctx!;
    const expected = sign(ctx.signingKey, chunkStringToSignOfHash(ctx, this.#previous, this.#hash!.digest('hex')));
    if (!signaturesEqual(expected, this.#provided)) throw signatureMismatch(true);
    this.#previous = expected;
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
