import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
} from '@aws-sdk/client-s3';
import { ServiceError } from '../errors.js';
import { startTestServer, TEST_CLIENT_CONFIG, type TestServer } from '../../test/support/protocolServer.js';

const modified = new Date('2026-02-03T04:05:06.789Z');
const policy = '{"Version":"2012-10-17","Statement":[]}';

describe('rest-xml protocol with the real AWS SDK v3 (S3, path style)', () => {
  let server: TestServer;
  let s3: S3Client;
  const objects = new Map<string, { body: Buffer; type?: string; meta?: Record<string, string> }>();

  before(async () => {
    server = await startTestServer(({ operation, input }) => {
      if (input.Bucket === 'missing') {
        throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist', { BucketName: 'missing' });
      }
      switch (operation) {
        case 'PutObject':
          objects.set(String(input.Key), {
            body: input.Body as Buffer,
            type: input.ContentType as string,
            meta: input.Metadata as Record<string, string>,
          });
          return { ETag: '"abc"' };
        case 'GetObject': {
          const o = objects.get(String(input.Key))!;
          return { Body: o.body, ContentType: o.type, Metadata: o.meta, ContentLength: o.body.length, LastModified: modified, ETag: '"abc"' };
        }
        case 'ListObjectsV2':
          return {
            Name: input.Bucket,
            Prefix: input.Prefix,
            MaxKeys: input.MaxKeys,
            KeyCount: 2,
            IsTruncated: false,
            Contents: [
              { Key: 'dir/a.txt', LastModified: modified, ETag: '"1"', Size: 5, StorageClass: 'STANDARD' },
              { Key: 'dir/b&c.txt', LastModified: modified, ETag: '"2"', Size: 7, StorageClass: 'STANDARD' },
            ],
          };
        case 'GetBucketPolicy':
          return { Policy: policy };
        case 'DeleteObjects':
          return { Deleted: (input.Delete as { Objects: Array<{ Key: string }> }).Objects.map((o) => ({ Key: o.Key })) };
        case 'GetBucketLocation':
          return { LocationConstraint: 'eu-west-1' };
        default:
          return {};
      }
    });
    s3 = new S3Client({ ...TEST_CLIENT_CONFIG, endpoint: server.endpoint, forcePathStyle: true });
  });

  after(async () => {
    s3.destroy();
    await server.close();
  });

  test('PutObject sends the raw Buffer body, content type and x-amz-meta-* metadata', async () => {
    const body = Buffer.from([0, 1, 2, 250, 255]);
    const out = await s3.send(
      new PutObjectCommand({ Bucket: 'bkt', Key: 'dir/file one.bin', Body: body, ContentType: 'application/x-test', Metadata: { owner: 'alice' } }),
    );
    const call = server.calls.at(-1)!;
    assert.equal(call.operation, 'PutObject');
    assert.equal(call.input.Bucket, 'bkt');
    assert.equal(call.input.Key, 'dir/file one.bin');
    assert.deepEqual(call.input.Body, body);
    assert.deepEqual(call.input.Metadata, { owner: 'alice' });
    assert.equal(out.ETag, '"abc"');
  });

  test('GetObject streams the body back with headers', async () => {
    const out = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'dir/file one.bin' }));
    assert.equal(server.calls.at(-1)!.operation, 'GetObject');
    const bytes = await out.Body!.transformToByteArray();
    assert.deepEqual(Buffer.from(bytes), Buffer.from([0, 1, 2, 250, 255]));
    assert.equal(out.ContentType, 'application/x-test');
    assert.deepEqual(out.Metadata, { owner: 'alice' });
    assert.deepEqual(out.LastModified, new Date('2026-02-03T04:05:06Z'));
    assert.equal(out.ContentLength, 5);
  });

  test('ListObjectsV2 routes by ?list-type=2 and parses flattened Contents', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', Prefix: 'dir/', MaxKeys: 2 }));
    const call = server.calls.at(-1)!;
    assert.equal(call.operation, 'ListObjectsV2');
    assert.equal(call.input.Prefix, 'dir/');
    assert.equal(call.input.MaxKeys, 2);
    assert.equal(out.Contents?.length, 2);
    assert.equal(out.Contents?.[1]?.Key, 'dir/b&c.txt');
    assert.deepEqual(out.Contents?.[0]?.LastModified, modified);
    assert.equal(out.Contents?.[0]?.Size, 5);
    assert.equal(out.Name, 'bkt');
  });

  test('PutBucketPolicy / GetBucketPolicy carry the policy as the raw payload', async () => {
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'bkt', Policy: policy }));
    assert.deepEqual(server.calls.at(-1)!.operation, 'PutBucketPolicy');
    assert.equal(server.calls.at(-1)!.input.Policy, policy);
    const out = await s3.send(new GetBucketPolicyCommand({ Bucket: 'bkt' }));
    assert.equal(server.calls.at(-1)!.operation, 'GetBucketPolicy');
    assert.equal(out.Policy, policy);
  });

  test('DeleteObjects decodes the XML payload (flattened Object list)', async () => {
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'a' }, { Key: 'b<c' }], Quiet: false } }));
    assert.deepEqual(server.calls.at(-1)!.input.Delete, { Objects: [{ Key: 'a' }, { Key: 'b<c' }], Quiet: false });
    assert.deepEqual(
      out.Deleted?.map((d) => d.Key),
      ['a', 'b<c'],
    );
  });

  test('GetBucketLocation body is the bare LocationConstraint element', async () => {
    const out = await s3.send(new GetBucketLocationCommand({ Bucket: 'bkt' }));
    assert.equal(out.LocationConstraint, 'eu-west-1');
  });

  test('NoSuchBucket reaches the SDK as an S3 error with status 404', async () => {
    await assert.rejects(s3.send(new GetBucketPolicyCommand({ Bucket: 'missing' })), (err: any) => {
      assert.equal(err.name, 'NoSuchBucket');
      assert.equal(err.message, 'The specified bucket does not exist');
      assert.equal(err.$metadata.httpStatusCode, 404);
      assert.equal(err.BucketName, 'missing');
      return true;
    });
  });

  test('HEAD errors carry the status with no body', async () => {
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: 'missing' })), (err: any) => {
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });
  });
});
