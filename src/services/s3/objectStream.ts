import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { BlobMissing, type BlobSegment, type ObjectBytes } from '../../store/index.js';

/**
 * An object's bytes `start`..`end` (inclusive) across its blobs (one for a single upload, one per
 * part for a multipart one), read as the response is written.
 */
export function objectBytes(bytes: ObjectBytes, blobs: readonly BlobSegment[], start: number, end: number): Readable {
  const pieces: { id: string; from: number; to: number }[] = [];
  let offset = 0;
  for (const blob of blobs) {
    const first = offset;
    const last = offset + blob.size - 1;
    offset += blob.size;
    if (blob.size === 0 || last < start || first > end) continue;
    pieces.push({ id: blob.id, from: Math.max(start, first) - first, to: Math.min(end, last) - first });
  }
  if (pieces.length === 1) return bytes.read(pieces[0]!.id, pieces[0]!.from, pieces[0]!.to);
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  void (async () => {
    try {
      for (const piece of pieces) {
        const source = bytes.read(piece.id, piece.from, piece.to);
        for await (const chunk of source) if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/**
 * Waits until a stream has its first bytes (or has ended), so that a blob deleted since its
 * object was read (a concurrent overwrite or delete) is known before the response starts: then
 * `false`, and the caller reads the object again.
 */
export async function ready(stream: Readable): Promise<boolean> {
  if (stream.readableLength > 0 || stream.readableEnded) return true;
  try {
    await Promise.race([once(stream, 'readable'), once(stream, 'end')]);
    return true;
  } catch (err) {
    if (err instanceof BlobMissing) return false;
    throw err;
  }
}
