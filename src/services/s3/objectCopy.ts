import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ObjectRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { CHECKSUM_ALGORITHMS, newChecksum, type ChecksumAlgorithm } from './checksums.js';
import type { ReceivedBody } from './objectBody.js';
import { objectBytes } from './objectStream.js';

/**
 * Copies bytes `start`..`end` of a stored object into a new blob (CopyObject, UploadPartCopy),
 * computing its MD5 and, when `algorithm` names one, its additional checksum; the blob is
 * committed only once every byte was read, and discarded otherwise.
 */
export async function receiveCopy(
  ctx: OperationContext,
  source: ObjectRecord,
  start: number,
  end: number,
  algorithm: string | undefined,
  inline = true,
): Promise<ReceivedBody> {
  const named = algorithm?.toUpperCase();
  const chosen = (CHECKSUM_ALGORITHMS as readonly string[]).includes(named ?? '') ? (named as ChecksumAlgorithm) : undefined;
  const checksum = chosen === undefined ? undefined : newChecksum(chosen);
  const md5 = createHash('md5');
  if (source.data !== null && inline) {
    // A small object's bytes are in its row: the copy's are too.
    const data = Buffer.from(source.data.subarray(start, end + 1));
    checksum?.update(data);
    const digest = md5.update(data).digest();
    return {
      blob: null,
      inline: data,
      size: data.length,
      etag: `"${digest.toString('hex')}"`,
      md5: digest,
      checksum: chosen === undefined ? null : { algorithm: chosen, value: checksum!.digest(), type: 'FULL_OBJECT' },
    };
  }
  const writer = await ctx.store.objectBytes.create();
  let size = 0;
  try {
    if (end >= start) {
      const reading =
        source.data !== null ? Readable.from([source.data.subarray(start, end + 1)]) : objectBytes(ctx.store.objectBytes, source.blobs, start, end);
      for await (const chunk of reading as AsyncIterable<Buffer>) {
        size += chunk.length;
        md5.update(chunk);
        checksum?.update(chunk);
        await writer.write(chunk);
      }
    }
    const digest = md5.digest();
    const blob = await writer.commit();
    return {
      blob,
      inline: null,
      size,
      etag: `"${digest.toString('hex')}"`,
      md5: digest,
      checksum: chosen === undefined ? null : { algorithm: chosen, value: checksum!.digest(), type: 'FULL_OBJECT' },
    };
  } catch (err) {
    await writer.discard();
    throw err;
  }
}
