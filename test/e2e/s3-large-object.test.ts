import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { s3Client } from '../support/s3.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB;
const SIZE = 200 * MiB;

/** The bytes of part `n` (1-based): a counter pattern, so a misplaced byte changes the hash. */
function partBytes(n: number): Buffer {
  const length = Math.min(PART, SIZE - (n - 1) * PART);
  const part = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 4) part.writeUInt32BE(((n - 1) * PART + i) >>> 0, i);
  return part;
}

/**
 * The multipart path with a 200 MiB object (25 parts of 8 MiB): parts stream to the byte store as
 * they arrive, the object is its parts' blobs (nothing is copied at CompleteMultipartUpload), and
 * GetObject streams it back whole and by range; no temporary file is left. The same path takes
 * 5 GiB objects (10,000 parts of up to 5 GiB). AWS: S3 User Guide, "Uploading and copying objects
 * using multipart upload".
 */
describe('S3: a 200 MiB object through multipart upload', () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = 'large-objects';

  before(async () => {
    server = await startTestServer();
    s3 = s3Client(server.endpoint, server.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    s3.destroy();
    await server.stop();
  });

  it('uploads in 25 parts and reads back the same 200 MiB', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big.bin' }));
    const parts: { PartNumber: number; ETag: string }[] = [];
    const whole = createHash('sha256');
    const md5s: Buffer[] = [];
    for (let n = 1; (n - 1) * PART < SIZE; n++) {
      const body = partBytes(n);
      whole.update(body);
      md5s.push(createHash('md5').update(body).digest());
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: 'big.bin', UploadId, PartNumber: n, Body: body, ContentLength: body.length }),
      );
      parts.push({ PartNumber: n, ETag: ETag! });
    }
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big.bin', UploadId, MultipartUpload: { Parts: parts } }));
    assert.equal(done.ETag, `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-25"`);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }))).ContentLength, SIZE);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    const back = createHash('sha256');
    let length = 0;
    for await (const chunk of got.Body as Readable) {
      back.update(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
    assert.equal(length, SIZE);
    assert.equal(back.digest('hex'), whole.digest('hex'));
    // A range across the boundary of parts 12 and 13.
    const start = 12 * PART - 6;
    const range = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', Range: `bytes=${start}-${start + 11}` }));
    const bytes = Buffer.from(await range.Body!.transformToByteArray());
    assert.deepEqual(bytes, Buffer.concat([partBytes(12).subarray(PART - 6), partBytes(13).subarray(0, 6)]));
    assert.deepEqual(await readdir(join(server.dataDir, 's3', 'tmp')), []);
  });
});
