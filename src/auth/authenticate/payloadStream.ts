import { Transform, type Readable } from 'node:stream';
import { ServiceError } from '../../errors.js';
import type { IncrementalPayload } from '../sigv4/index.js';

/**
 * A request body that streams, checked as it passes: its pieces go through the payload check
 * (the signed SHA-256, or aws-chunked decoding with every chunk signature), and the stream ends
 * only once the whole payload has verified; it fails with the check's `ServiceError` otherwise,
 * or with IncompleteBody when the connection ends before the declared Content-Length.
 * Nothing is buffered here: a consumer sees each piece once and keeps what it writes only after
 * the stream has ended without error.
 */
export function checkedPayload(source: Readable, check: IncrementalPayload): Readable & { trailers: () => Record<string, string> } {
  let trailers: Record<string, string> = {};
  const checked = new Transform({
    // An upload's pieces are 16–64 KiB: a megabyte in hand keeps the socket read while the consumer writes.
    highWaterMark: 1024 * 1024,
    transform(piece: Buffer, _encoding, callback) {
      try {
        for (const data of check.push(piece)) this.push(data);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      try {
        trailers = check.end();
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
  const cut = (): void => {
    // AWS: S3 "Error responses", IncompleteBody: fewer bytes than Content-Length.
    checked.destroy(new ServiceError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header'));
  };
  source.on('aborted', cut);
  source.on('error', cut);
  source.on('close', () => {
    if (!source.readableEnded) cut();
  });
  source.pipe(checked);
  // A body nobody reads (the call was refused first) may still fail as its connection closes.
  checked.on('error', () => undefined);
  return Object.assign(checked, { trailers: () => trailers });
}
