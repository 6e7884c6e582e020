import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketAclCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { s3Client, s3Error } from '../support/s3.js';

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('hex');

/**
 * Every S3 operation through the AWS SDK for JavaScript v3 over a real socket, as the bucket
 * owner's root: buckets, objects (ranges, conditions, metadata, checksums), listings, copies,
 * multipart uploads, tags and the ACL calls of a bucket with ACLs disabled, each answer as AWS
 * documents it (S3 API Reference, each operation's page).
 */
describe('S3 buckets and objects through the SDK', () => {
  let server: TestServer;
  let s3: S3Client;
  const bucket = 'objects-bucket';

  before(async () => {
    server = await startTestServer();
    s3 = s3Client(server.endpoint, server.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  after(async () => {
    s3.destroy();
    await server.stop();
  });

  it('CreateBucket: names are checked, us-east-1 re-creates one’s own bucket, other Regions are refused', async () => {
    const invalid = await s3Error(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
    assert.deepEqual([invalid.name, invalid.status], ['InvalidBucketName', 400]);
    assert.equal((await s3Error(s3.send(new CreateBucketCommand({ Bucket: '192.168.1.1' })))).name, 'InvalidBucketName');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const region = await s3Error(s3.send(new CreateBucketCommand({ Bucket: 'elsewhere', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
    assert.equal(region.name, 'IllegalLocationConstraintException');
    assert.equal(region.message, 'The eu-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.');
    const acl = await s3Error(s3.send(new CreateBucketCommand({ Bucket: 'public-acl', ACL: 'public-read' })));
    assert.equal(acl.name, 'InvalidBucketAclWithObjectOwnership');
    assert.equal((await s3.send(new HeadBucketCommand({ Bucket: bucket }))).BucketRegion, 'us-east-1');
    assert.equal((await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint, undefined);
    const listed = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(
      listed.Buckets?.map((b) => b.Name),
      [bucket],
    );
    assert.match(listed.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
    const missing = await s3Error(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })));
    assert.equal(missing.status, 404);
  });

  it('PutObject and GetObject: bytes, ETag (MD5), Content-Type, metadata; a range is 206', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { Color: 'red' } }),
    );
    assert.equal(put.ETag, `"${md5('hello world')}"`);
    assert.equal(put.ServerSideEncryption, 'AES256');
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello world');
    assert.equal(got.ContentType, 'text/plain');
    assert.deepEqual(got.Metadata, { color: 'red' });
    assert.equal(got.ContentLength, 11);
    assert.equal(got.ETag, put.ETag);
    const range = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=0-4' }));
    assert.equal(range.$metadata.httpStatusCode, 206);
    assert.equal(range.ContentRange, 'bytes 0-4/11');
    assert.equal(await range.Body!.transformToString(), 'hello');
    const suffix = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=-5' }));
    assert.equal(await suffix.Body!.transformToString(), 'world');
    const beyond = await s3Error(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=20-30' })));
    assert.deepEqual([beyond.name, beyond.status], ['InvalidRange', 416]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' }));
    assert.equal(head.ContentLength, 11);
    assert.equal(head.ContentType, 'text/plain');
    const empty = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'empty', Body: '' }));
    assert.equal(empty.ETag, `"${md5('')}"`);
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'empty' }))).Body!.transformToString(), '');
    // The SDK sends application/octet-stream for a body without a type; S3 keeps what it is sent.
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'empty' }))).ContentType, 'application/octet-stream');
  });

  it('conditional reads: If-Match and If-Unmodified-Since are 412, If-None-Match and If-Modified-Since are 304', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond', Body: 'v1' }));
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfMatch: put.ETag }))).$metadata.httpStatusCode, 200);
    const mismatch = await s3Error(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfMatch: '"0000"' })));
    assert.deepEqual([mismatch.name, mismatch.status], ['PreconditionFailed', 412]);
    const current = await s3Error(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfNoneMatch: put.ETag })));
    assert.equal(current.status, 304);
    const later = new Date(Date.now() + 3_600_000);
    assert.equal((await s3Error(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfModifiedSince: later })))).status, 304);
    const earlier = new Date(Date.now() - 3_600_000);
    assert.equal((await s3Error(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cond', IfUnmodifiedSince: earlier })))).status, 412);
    const exists = await s3Error(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond', Body: 'v2', IfNoneMatch: '*' })));
    assert.equal(exists.status, 412);
  });

  it('a missing key is NoSuchKey to a caller who may list the bucket', async () => {
    const missing = await s3Error(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'nothing-here' })));
    assert.deepEqual([missing.name, missing.status], ['NoSuchKey', 404]);
    assert.equal(missing.error.Key, 'nothing-here');
    const noBucket = await s3Error(s3.send(new GetObjectCommand({ Bucket: 'absent-bucket', Key: 'k' })));
    assert.deepEqual([noBucket.name, noBucket.status], ['NoSuchBucket', 404]);
  });

  it('checksums: the SDK’s CRC32 trailer and a SHA256 header are checked and returned with ChecksumMode', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sum', Body: 'checksummed', ChecksumAlgorithm: 'SHA256' }));
    const sha = createHash('sha256').update('checksummed').digest('base64');
    assert.equal(put.ChecksumSHA256, sha);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'sum', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumSHA256, sha);
    assert.equal(await got.Body!.transformToString(), 'checksummed');
    const wrong = await s3Error(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sum-bad', Body: 'checksummed', ChecksumSHA256: createHash('sha256').update('x').digest('base64') })),
    );
    assert.deepEqual([wrong.name, wrong.status], ['BadDigest', 400]);
    assert.equal(wrong.message, 'The SHA256 you specified did not match the calculated checksum.');
    const md5Wrong = await s3Error(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5-bad', Body: 'abc', ContentMD5: createHash('md5').update('abd').digest('base64') })),
    );
    assert.deepEqual([md5Wrong.name, md5Wrong.status], ['BadDigest', 400]);
    const md5Invalid = await s3Error(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5-bad', Body: 'abc', ContentMD5: 'not-base64!' })));
    assert.deepEqual([md5Invalid.name, md5Invalid.status], ['InvalidDigest', 400]);
    const left = await s3Error(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'md5-bad' })));
    assert.equal(left.status, 404, 'a refused upload leaves no object');
  });

  it('ListObjectsV2 and ListObjects: prefix, delimiter (common prefixes), pagination, UTF-8 order', async () => {
    const b = 'listing-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: b }));
    const keys = ['a.txt', 'dir/1', 'dir/2', 'dir/sub/3', 'other/x', 'z', 'é'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: key }));
    const all = await s3.send(new ListObjectsV2Command({ Bucket: b }));
    assert.deepEqual(
      all.Contents?.map((o) => o.Key),
      keys,
    );
    assert.equal(all.KeyCount, 7);
    const top = await s3.send(new ListObjectsV2Command({ Bucket: b, Delimiter: '/' }));
    assert.deepEqual(
      top.Contents?.map((o) => o.Key),
      ['a.txt', 'z', 'é'],
    );
    assert.deepEqual(
      top.CommonPrefixes?.map((p) => p.Prefix),
      ['dir/', 'other/'],
    );
    const dir = await s3.send(new ListObjectsV2Command({ Bucket: b, Prefix: 'dir/', Delimiter: '/' }));
    assert.deepEqual(
      dir.Contents?.map((o) => o.Key),
      ['dir/1', 'dir/2'],
    );
    assert.deepEqual(
      dir.CommonPrefixes?.map((p) => p.Prefix),
      ['dir/sub/'],
    );
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: b, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      pages.push([...(page.Contents ?? []).map((o) => o.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!)]);
      token = page.NextContinuationToken;
      assert.equal(page.IsTruncated, token !== undefined);
    } while (token !== undefined);
    assert.deepEqual(pages, [['a.txt', 'dir/'], ['z', 'other/'], ['é']]);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: b, Delimiter: '/', MaxKeys: 2 }));
    assert.equal(v1.IsTruncated, true);
    assert.equal(v1.NextMarker, 'dir/');
    const next = await s3.send(new ListObjectsCommand({ Bucket: b, Delimiter: '/', Marker: v1.NextMarker }));
    assert.deepEqual([...(next.Contents ?? []).map((o) => o.Key), ...(next.CommonPrefixes ?? []).map((p) => p.Prefix)], ['z', 'é', 'other/']);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: b, StartAfter: 'dir/2' }));
    assert.deepEqual(
      after.Contents?.map((o) => o.Key),
      ['dir/sub/3', 'other/x', 'z', 'é'],
    );
    const notEmpty = await s3Error(s3.send(new DeleteBucketCommand({ Bucket: b })));
    assert.deepEqual([notEmpty.name, notEmpty.status], ['BucketNotEmpty', 409]);
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: b, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    assert.equal(deleted.Deleted?.length, 7);
    await s3.send(new DeleteBucketCommand({ Bucket: b }));
    assert.equal((await s3Error(s3.send(new HeadBucketCommand({ Bucket: b })))).status, 404);
  });

  it('CopyObject: metadata copied or replaced, a copy to itself without changes refused, tags copied', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'source bytes', Metadata: { a: '1' }, Tagging: 'team=blue' }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst', CopySource: `${bucket}/src` }));
    assert.equal(copied.CopyObjectResult?.ETag, `"${md5('source bytes')}"`);
    const dst = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'dst' }));
    assert.equal(await dst.Body!.transformToString(), 'source bytes');
    assert.deepEqual(dst.Metadata, { a: '1' });
    assert.equal(dst.TagCount, 1);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst', CopySource: `/${bucket}/src`, MetadataDirective: 'REPLACE', Metadata: { b: '2' } }));
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dst' }))).Metadata, { b: '2' });
    const self = await s3Error(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'src', CopySource: `${bucket}/src` })));
    assert.deepEqual([self.name, self.status], ['InvalidRequest', 400]);
    const none = await s3Error(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x', CopySource: `${bucket}/no-such-source` })));
    assert.equal(none.name, 'NoSuchKey');
  });

  it('tagging: object tags (at most 10) with s3 tag counts, bucket tags, NoSuchTagSet', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tagged', Body: 't' }));
    await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }))).TagSet, [{ Key: 'k', Value: 'v' }]);
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const many = await s3Error(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged', Tagging: { TagSet: tooMany } })));
    assert.deepEqual([many.name, many.message], ['InvalidTag', 'Object tags cannot be greater than 10']);
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }))).TagSet, []);
    const none = await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })));
    assert.deepEqual([none.name, none.status], ['NoSuchTagSet', 404]);
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'env', Value: 'test' }] } }));
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet, [{ Key: 'env', Value: 'test' }]);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
    assert.equal((await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })))).name, 'NoSuchTagSet');
  });

  it('ACLs are disabled: reads answer the owner’s full control, public ACLs are AccessControlListNotSupported', async () => {
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    assert.equal(acl.Grants?.[0]?.Permission, 'FULL_CONTROL');
    assert.equal(acl.Grants?.[0]?.Grantee?.ID, acl.Owner?.ID);
    await s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    const refused = await s3Error(s3.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' })));
    assert.deepEqual([refused.name, refused.status, refused.message], ['AccessControlListNotSupported', 400, 'The bucket does not allow ACLs']);
    const object = await s3Error(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'public-read' })));
    assert.equal(object.name, 'AccessControlListNotSupported');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'bucket-owner-full-control' }));
    const ownership = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    assert.equal(ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerEnforced');
  });

  it('multipart: parts listed, ETag is the MD5 of the parts’ MD5s with -N, wrong order and missing parts refused', async () => {
    const key = 'big/multi.bin';
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'a');
    const part2 = Buffer.from('tail');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'application/x-test', Metadata: { m: '1' } }));
    assert.ok(UploadId);
    const e1 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: part1 }))).ETag!;
    const e2 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: part2 }))).ETag!;
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }));
    assert.deepEqual(
      parts.Parts?.map((p) => [p.PartNumber, p.Size]),
      [
        [1, part1.length],
        [2, 4],
      ],
    );
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.deepEqual(
      uploads.Uploads?.map((u) => u.UploadId),
      [UploadId],
    );
    const order = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: e2 },
              { PartNumber: 1, ETag: e1 },
            ],
          },
        }),
      ),
    );
    assert.deepEqual([order.name, order.status], ['InvalidPartOrder', 400]);
    const wrong = await s3Error(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00"' }] } })),
    );
    assert.deepEqual([wrong.name, wrong.status], ['InvalidPart', 400]);
    const small = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: e2 },
              { PartNumber: 3, ETag: e2 },
            ],
          },
        }),
      ),
    );
    assert.equal(small.name, 'InvalidPart');
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: e1 },
            { PartNumber: 2, ETag: e2 },
          ],
        },
      }),
    );
    const expected = createHash('md5')
      .update(Buffer.concat([Buffer.from(md5(part1), 'hex'), Buffer.from(md5(part2), 'hex')]))
      .digest('hex');
    assert.equal(done.ETag, `"${expected}-2"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${part1.length - 2}-` }));
    assert.equal(await got.Body!.transformToString(), 'aatail');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.deepEqual([head.ContentLength, head.ContentType, head.Metadata?.m], [part1.length + 4, 'application/x-test', '1']);
    assert.equal((await s3Error(s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId })))).name, 'NoSuchUpload');
    const tooSmall = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'small' }));
    const s1 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small', UploadId: tooSmall.UploadId, PartNumber: 1, Body: 'x' }))).ETag!;
    const s2 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small', UploadId: tooSmall.UploadId, PartNumber: 2, Body: 'y' }))).ETag!;
    const entity = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'small',
          UploadId: tooSmall.UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: s1 },
              { PartNumber: 2, ETag: s2 },
            ],
          },
        }),
      ),
    );
    assert.deepEqual([entity.name, entity.status], ['EntityTooSmall', 400]);
    const copyPart = await s3.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: 'small',
        UploadId: tooSmall.UploadId,
        PartNumber: 3,
        CopySource: `${bucket}/${key}`,
        CopySourceRange: 'bytes=0-9',
      }),
    );
    assert.equal(copyPart.CopyPartResult?.ETag, `"${md5(Buffer.alloc(10, 'a'))}"`);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'small', UploadId: tooSmall.UploadId }));
    assert.equal((await s3Error(s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'small', UploadId: tooSmall.UploadId })))).name, 'NoSuchUpload');
    const bad = await s3Error(s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: 'nope', PartNumber: 1, Body: 'x' })));
    assert.deepEqual([bad.name, bad.status], ['NoSuchUpload', 404]);
  });

  it('DeleteObject is 204 for a key that does not exist; DeleteObjects answers each key', async () => {
    const gone = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'never-was' }));
    assert.equal(gone.$metadata.httpStatusCode, 204);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'd1', Body: '1' }));
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'd1' }, { Key: 'd2' }] } }));
    assert.deepEqual(
      out.Deleted?.map((d) => d.Key),
      ['d1', 'd2'],
    );
    assert.equal((await s3Error(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'd1' })))).status, 404);
  });
});
