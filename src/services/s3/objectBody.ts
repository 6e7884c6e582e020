import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ServiceError } from '../../errors.js';
import type { BlobWriter, ObjectBytes, StoredChecksum } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { CHECKSUM_ALGORITHMS, checksumHeader, newChecksum, type Checksum, type ChecksumAlgorithm } from './checksums.js';
import { header } from './s3Access.js';
import { MAX_PUT_BYTES, entityTooLarge, invalidRequest } from './s3Errors.js';

/**
 * The largest object kept in its metadata row rather than the byte store: its bytes are held in
 * memory only until this size is passed (then they go to a blob), and are written in the same
 * transaction as the metadata. A small GetObject then reads nothing but that row.
 */
export const INLINE_MAX_BYTES = 64 * 1024;

/** An upload's bytes, stored and checked: in a blob of the byte store, or (small ones) held for the object's row. */
export interface ReceivedBody {
  /** The blob holding the bytes; null when they are `inline`. */
  readonly blob: string | null;
  readonly inline: Buffer | null;
  readonly size: number;
  /** S3's ETag of a single-part upload: the MD5 of its bytes, hex, in quotes. */
  readonly etag: string;
  readonly md5: Buffer;
  /** The additional checksum the request asked for (declared, or computed for the algorithm it named). */
  readonly checksum: StoredChecksum | null;
}

/**
 * The algorithm of the additional checksum a request carries or asks for: an `x-amz-checksum-*`
 * header, the one its `x-amz-trailer` announces, or `x-amz-sdk-checksum-algorithm`.
 * AWS: S3 User Guide, "Checking object integrity" — one checksum per request.
 */
export function requestedChecksum(ctx: OperationContext): ChecksumAlgorithm | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) if (header(ctx, checksumHeader(algorithm)) !== undefined) return algorithm;
  const trailer = header(ctx, 'x-amz-trailer')?.trim().toLowerCase();
  const announced = CHECKSUM_ALGORITHMS.find((a) => checksumHeader(a) === trailer);
  if (announced !== undefined) return announced;
  const named = (header(ctx, 'x-amz-sdk-checksum-algorithm') ?? header(ctx, 'x-amz-checksum-algorithm'))?.toUpperCase();
  if (named === undefined) return undefined;
  if ((CHECKSUM_ALGORITHMS as readonly string[]).includes(named)) return named as ChecksumAlgorithm;
  throw invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');
}

/**
 * Streams a request body into a new blob of the byte store, hashing it as it goes (MD5 for the
 * ETag, and the additional checksum asked for), and commits the blob only once the whole body has
 * arrived and verified: its SigV4 payload (checked by the stream itself), Content-MD5 and the
 * `x-amz-checksum-*` value (a header, or an aws-chunked trailer). Any failure discards the blob:
 * nothing is left behind. AWS: S3 API Reference, PutObject (Content-MD5: BadDigest, InvalidDigest)
 * and "Error responses" (EntityTooLarge at 5 GiB).
 */
export async function receiveBody(
  ctx: OperationContext,
  bytes: ObjectBytes,
  body: unknown,
  options: { range?: { min: number; max: number }; inline?: boolean } = {},
): Promise<ReceivedBody> {
  const range = options.range;
  const inlineUpTo = options.inline === false ? -1 : INLINE_MAX_BYTES;
  const declared = declaredLength(ctx);
  if (declared !== undefined && declared > MAX_PUT_BYTES) throw entityTooLarge(declared);
  const expectedMd5 = contentMd5(ctx);
  const algorithm = requestedChecksum(ctx);
  const checksum: Checksum | undefined = algorithm === undefined ? undefined : newChecksum(algorithm);
  const md5 = createHash('md5');
  let writer: BlobWriter | undefined;
  let held: Buffer[] = [];
  let size = 0;
  try {
    const source = body instanceof Readable ? body : Readable.from(Buffer.isBuffer(body) ? [body] : []);
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_PUT_BYTES) throw entityTooLarge(size);
      md5.update(chunk);
      checksum?.update(chunk);
      if (writer !== undefined) await writer.write(chunk);
      else if (size <= inlineUpTo) held.push(chunk);
      else {
        writer = await bytes.create();
        for (const piece of held) await writer.write(piece);
        held = [];
        await writer.write(chunk);
      }
    }
    // AWS: a POST policy's content-length-range (EntityTooSmall / EntityTooLarge).
    if (range !== undefined && size < range.min) {
      throw new ServiceError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
        ProposedSize: String(size),
        MinSizeAllowed: String(range.min),
      });
    }
    if (range !== undefined && size > range.max) {
      throw new ServiceError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        ProposedSize: String(size),
        MaxSizeAllowed: String(range.max),
      });
    }
    const digest = md5.digest();
    if (expectedMd5 !== undefined && !digest.equals(expectedMd5)) {
      throw new ServiceError('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
        ExpectedDigest: expectedMd5.toString('base64'),
        CalculatedDigest: digest.toString('base64'),
      });
    }
    let stored: StoredChecksum | null = null;
    if (algorithm !== undefined) {
      const computed = checksum!.digest();
      const given = header(ctx, checksumHeader(algorithm)) ?? ctx.payloadTrailers?.()[checksumHeader(algorithm)];
      if (given !== undefined && given !== computed) {
        throw new ServiceError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
      }
      stored = { algorithm, value: computed, type: 'FULL_OBJECT' };
    }
    if (writer === undefined) {
      return {
        blob: null,
        inline: held.length === 1 ? held[0]! : Buffer.concat(held, size),
        size,
        etag: `"${digest.toString('hex')}"`,
        md5: digest,
        checksum: stored,
      };
    }
    const blob = await writer.commit();
    return { blob, inline: null, size, etag: `"${digest.toString('hex')}"`, md5: digest, checksum: stored };
  } catch (err) {
    await writer?.discard();
    throw err;
  }
}

/** The body's declared length: `x-amz-decoded-content-length` for aws-chunked, else Content-Length. */
function declaredLength(ctx: OperationContext): number | undefined {
  const text = header(ctx, 'x-amz-decoded-content-length') ?? header(ctx, 'content-length');
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Content-MD5 decoded. AWS: InvalidDigest "The Content-MD5 you specified was not valid." */
function contentMd5(ctx: OperationContext): Buffer | undefined {
  const text = header(ctx, 'content-md5');
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== text.trim()) {
    throw new ServiceError('InvalidDigest', 'The Content-MD5 you specified was not valid.', { 'Content-MD5': text });
  }
  return bytes;
}
