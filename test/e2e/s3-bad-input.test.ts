import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { rawExchange, s3Client, s3Error, signedS3Request } from '../support/s3.js';

const xmlField = (text: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
const statusOf = (text: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);

/**
 * Bad input gets S3's XML error with AWS's code and HTTP status, and leaves nothing behind: no
 * object, no blob, no temporary file. AWS: S3 API Reference, "Error responses" (KeyTooLongError,
 * InvalidURI, BadDigest, InvalidDigest, IncompleteBody, MalformedPolicy, InvalidPartOrder).
 */
describe('S3: bad input is refused as AWS refuses it and leaves nothing behind', () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = 'bad-input';

  before(async () => {
    server = await startTestServer();
    s3 = s3Client(server.endpoint, server.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    s3.destroy();
    await server.stop();
  });

  /** Whatever the byte store holds: committed blobs and temporary files. */
  async function storedFiles(): Promise<string[]> {
    const root = join(server.dataDir, 's3');
    const files: string[] = [...(await readdir(join(root, 'tmp'))).map((f) => `tmp/${f}`)];
    for (const dir of await readdir(join(root, 'blobs'))) files.push(...(await readdir(join(root, 'blobs', dir))).map((f) => `blobs/${dir}/${f}`));
    return files;
  }

  async function nothingLeft(before: string[]): Promise<void> {
    assert.deepEqual(await storedFiles(), before);
    assert.deepEqual((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 0);
  }

  it('a key of 1,025 bytes is KeyTooLongError (1,024 is accepted)', async () => {
    const before = await storedFiles();
    const long = await s3Error(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1025), Body: 'x' })));
    assert.deepEqual([long.name, long.status, long.message], ['KeyTooLongError', 400, 'Your key is too long']);
    await nothingLeft(before);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1024), Body: 'x' }));
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1024) }));
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1024) }));
  });

  it('a key that is not UTF-8 (%FF) is InvalidURI', async () => {
    const before = await storedFiles();
    const { raw } = await signedS3Request(server.endpoint, server.credentials, { method: 'PUT', path: `/${bucket}/bad%FFkey`, body: 'x' });
    const answer = await rawExchange(server.endpoint, Buffer.concat([Buffer.from(raw), Buffer.from('x')]), { waitMs: 1000 });
    assert.equal(statusOf(answer), 400);
    assert.equal(xmlField(answer, 'Code'), 'InvalidURI');
    assert.equal(xmlField(answer, 'Message'), 'Couldn&apos;t parse the specified URI.');
    await nothingLeft(before);
  });

  it('a bad Content-MD5 is BadDigest (a malformed one InvalidDigest)', async () => {
    const before = await storedFiles();
    const bad = await s3Error(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5', Body: 'payload', ContentMD5: '1B2M2Y8AsgTpgAmY7PhCfg==' })));
    assert.deepEqual([bad.name, bad.status, bad.message], ['BadDigest', 400, 'The Content-MD5 you specified did not match what we received.']);
    const malformed = await s3Error(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5', Body: 'payload', ContentMD5: 'abc' })));
    assert.deepEqual([malformed.name, malformed.status], ['InvalidDigest', 400]);
    await nothingLeft(before);
  });

  it('a body shorter than Content-Length is IncompleteBody', async () => {
    const before = await storedFiles();
    const { raw } = await signedS3Request(server.endpoint, server.credentials, {
      method: 'PUT',
      path: `/${bucket}/short`,
      headers: { 'content-length': '100' },
    });
    const answer = await rawExchange(server.endpoint, Buffer.concat([Buffer.from(raw), Buffer.alloc(40, 'x')]), { halfClose: true });
    assert.equal(statusOf(answer), 400, answer);
    assert.equal(xmlField(answer, 'Code'), 'IncompleteBody');
    assert.equal(xmlField(answer, 'Message'), 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    await nothingLeft(before);
  });

  it('an aws-chunked body shorter than its decoded length is IncompleteBody', async () => {
    const before = await storedFiles();
    const body = '5\r\nhello\r\n0\r\n\r\n';
    const { raw } = await signedS3Request(server.endpoint, server.credentials, {
      method: 'PUT',
      path: `/${bucket}/chunked`,
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': '9',
        'content-length': String(body.length),
      },
    });
    const answer = await rawExchange(server.endpoint, Buffer.concat([Buffer.from(raw), Buffer.from(body)]), { waitMs: 1500 });
    assert.equal(statusOf(answer), 400, answer);
    assert.equal(xmlField(answer, 'Code'), 'IncompleteBody');
    await nothingLeft(before);
  });

  it('a malformed policy and a 25 KB policy are MalformedPolicy', async () => {
    const malformed = await s3Error(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: '[{"Version":"2012-10-17"}]' })));
    assert.deepEqual(
      [malformed.name, malformed.status, malformed.message],
      ['MalformedPolicy', 400, "Policies must be valid JSON and the first byte must be '{'"],
    );
    const statement = (i: number) => ({
      Sid: `S${i}`,
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${bucket}/prefix-${i}/*`,
    });
    const big = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 260 }, (_, i) => statement(i)) });
    assert.ok(big.length > 25_000);
    const large = await s3Error(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: big })));
    assert.deepEqual([large.name, large.status, large.message], ['MalformedPolicy', 400, 'Policy exceeds the maximum allowed document size.']);
  });
});
