import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buffer } from 'node:stream/consumers';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';
import { S3_ACCOUNTS_TOPIC, S3_BUCKETS_TOPIC } from './changeTopics.js';
import { BlobMissing, openFileBytes } from './objectBytes/index.js';
import type { ObjectRecord } from './repositories/index.js';
import { prefixEnd } from './repositories/index.js';
import { DuplicateError } from './storeErrors.js';
import type { Store } from './types.js';

const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

function bucketName(): string {
  return `bucket-${randomAccountId()}`;
}

function object(bucket: string, key: string, blob = 'b'): ObjectRecord {
  return {
    bucket,
    key,
    size: 1,
    etag: '"e"',
    lastModified: '2026-01-01T00:00:00.000Z',
    headers: { ContentType: 'text/plain' },
    metadata: { color: 'red' },
    tags: [],
    checksum: null,
    blobs: [{ id: blob, size: 1 }],
    data: null,
  };
}

async function blob(store: Store, ...chunks: string[]): Promise<string> {
  const writer = await store.objectBytes.create();
  for (const chunk of chunks) await writer.write(Buffer.from(chunk));
  return writer.commit();
}

describeOnBackends('S3 storage', (opened, backend) => {
  test('buckets: names are global, policies and Block Public Access are kept and announced', async () => {
    const store = opened();
    const owner = randomAccountId();
    const name = bucketName();
    const heard: string[] = [];
    const unsubscribe = store.changes.subscribe((topic, payload) => heard.push(`${topic} ${payload}`));
    await store.s3Buckets.create({ name, accountId: owner, region: 'us-east-1', publicAccessBlock: BLOCK_ALL, ownership: 'BucketOwnerEnforced' });
    await assert.rejects(
      store.s3Buckets.create({ name, accountId: randomAccountId(), region: 'us-east-1', publicAccessBlock: null, ownership: 'BucketOwnerEnforced' }),
      DuplicateError,
    );
    await store.s3Buckets.setPolicy(name, '{"Version":"2012-10-17","Statement":[]}');
    await store.s3Buckets.setPublicAccessBlock(name, null);
    await store.s3Buckets.setAccountPublicAccessBlock(owner, BLOCK_ALL);
    await store.s3Buckets.setAccountPublicAccessBlock(owner, { ...BLOCK_ALL, RestrictPublicBuckets: false });
    const got = await store.s3Buckets.get(name);
    assert.equal(got?.accountId, owner);
    assert.equal(got?.policy, '{"Version":"2012-10-17","Statement":[]}');
    assert.equal(got?.publicAccessBlock, null);
    assert.deepEqual(await store.s3Buckets.accountPublicAccessBlock(owner), { ...BLOCK_ALL, RestrictPublicBuckets: false });
    assert.equal(await store.s3Buckets.accountPublicAccessBlock(randomAccountId()), null);
    assert.deepEqual(
      (await store.s3Buckets.listForAccount(owner)).map((b) => b.name),
      [name],
    );
    assert.equal(await store.s3Buckets.delete(name), true);
    assert.equal(await store.s3Buckets.get(name), undefined);
    unsubscribe();
    assert.ok(heard.includes(`${S3_BUCKETS_TOPIC} ${name}`));
    assert.ok(heard.includes(`${S3_ACCOUNTS_TOPIC} ${owner}`));
    assert.equal(heard.filter((h) => h === `${S3_BUCKETS_TOPIC} ${name}`).length, 4, 'create, policy, block, delete');
  });

  test('objects list in UTF-8 binary order, by prefix and after a key', async () => {
    const store = opened();
    const bucket = bucketName();
    const keys = ['a', 'Z', 'b', '~', 'é', 'a/1', 'a/2', 'a0', '\u{1F600}', 'a/\u{10FFFF}x'];
    for (const key of keys) await store.s3Objects.put(object(bucket, key));
    const all = (await store.s3Objects.list(bucket, { limit: 100 })).map((o) => o.key);
    assert.deepEqual(
      all,
      [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
    );
    assert.deepEqual(all.slice(0, 3), ['Z', 'a', 'a/1']);
    assert.deepEqual(
      (await store.s3Objects.list(bucket, { prefix: 'a/', limit: 100 })).map((o) => o.key),
      ['a/1', 'a/2', 'a/\u{10FFFF}x'],
    );
    assert.deepEqual(
      (await store.s3Objects.list(bucket, { after: 'a/2', limit: 2 })).map((o) => o.key),
      ['a/\u{10FFFF}x', 'a0'],
    );
    assert.deepEqual(
      (await store.s3Objects.list(bucket, { from: prefixEnd('a/'), limit: 1 })).map((o) => o.key),
      ['a0'],
    );
    const replaced = await store.s3Objects.put({ ...object(bucket, 'a', 'second'), metadata: {} });
    assert.equal(replaced?.blobs[0]?.id, 'b');
    await store.s3Objects.put({ ...object(bucket, 'small', 'unused'), blobs: [], data: Buffer.from([0, 1, 255]) });
    assert.deepEqual([...(await store.s3Objects.get(bucket, 'small'))!.data!], [0, 1, 255]);
    assert.ok(await store.s3Objects.delete(bucket, 'small'));
    assert.deepEqual((await store.s3Objects.get(bucket, 'a'))?.metadata, {});
    await store.s3Objects.setTags(bucket, 'a', [{ Key: 'k', Value: 'v' }]);
    assert.deepEqual((await store.s3Objects.get(bucket, 'a'))?.tags, [{ Key: 'k', Value: 'v' }]);
    assert.equal(await store.s3Objects.any(bucket), true);
    for (const key of keys) assert.ok(await store.s3Objects.delete(bucket, key));
    assert.equal(await store.s3Objects.any(bucket), false);
    assert.equal(await store.s3Objects.delete(bucket, 'a'), undefined);
  });

  test('multipart uploads: listed by key then upload ID, parts replaced by number, deleted together', async () => {
    const store = opened();
    const bucket = bucketName();
    const upload = (uploadId: string, key: string) => ({
      uploadId,
      bucket,
      key,
      initiated: '2026-01-01T00:00:00.000Z',
      initiator: { id: 'arn:aws:iam::123456789012:root', displayName: 'root' },
      headers: {},
      metadata: {},
      tags: [],
      checksumAlgorithm: null,
    });
    await store.s3Uploads.create(upload('u2', 'k'));
    await store.s3Uploads.create(upload('u1', 'k'));
    await store.s3Uploads.create(upload('u3', 'j'));
    assert.deepEqual(
      (await store.s3Uploads.list(bucket, { limit: 10 })).map((u) => u.uploadId),
      ['u3', 'u1', 'u2'],
    );
    assert.deepEqual(
      (await store.s3Uploads.list(bucket, { keyMarker: 'k', uploadIdMarker: 'u1', limit: 10 })).map((u) => u.uploadId),
      ['u2'],
    );
    const part = (n: number, blobId: string) => ({
      uploadId: 'u1',
      partNumber: n,
      size: 5,
      etag: '"p"',
      lastModified: '2026-01-01T00:00:00.000Z',
      checksum: null,
      blob: blobId,
    });
    assert.equal(await store.s3Uploads.putPart(part(2, 'x')), undefined);
    await store.s3Uploads.putPart(part(1, 'y'));
    assert.equal((await store.s3Uploads.putPart(part(2, 'z')))?.blob, 'x');
    assert.deepEqual(
      (await store.s3Uploads.parts('u1', 0, 10)).map((p) => [p.partNumber, p.blob]),
      [
        [1, 'y'],
        [2, 'z'],
      ],
    );
    assert.deepEqual((await store.s3Uploads.delete('u1')).map((p) => p.blob).sort(), ['y', 'z']);
    assert.equal(await store.s3Uploads.get('u1'), undefined);
    assert.deepEqual(await store.s3Uploads.parts('u1', 0, 10), []);
  });

  test(`object bytes (${backend.name === 'sqlite' ? 'files' : 'large objects'}): committed blobs read whole or by range; discarded and deleted ones leave nothing`, async () => {
    const store = opened();
    const id = await blob(store, 'hello ', 'world');
    assert.equal((await buffer(store.objectBytes.read(id))).toString(), 'hello world');
    assert.equal((await buffer(store.objectBytes.read(id, 6))).toString(), 'world');
    assert.equal((await buffer(store.objectBytes.read(id, 2, 4))).toString(), 'llo');
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
    big[big.length - 1] = 9;
    const writer = await store.objectBytes.create();
    for (let at = 0; at < big.length; at += 65536) await writer.write(big.subarray(at, at + 65536));
    const bigId = await writer.commit();
    assert.ok(Buffer.compare(await buffer(store.objectBytes.read(bigId)), big) === 0);
    assert.deepEqual([...(await buffer(store.objectBytes.read(bigId, big.length - 2)))], [7, 9]);
    const abandoned = await store.objectBytes.create();
    await abandoned.write(Buffer.from('never'));
    await abandoned.discard();
    await store.objectBytes.delete([id, bigId, 'no-such-blob']);
    await assert.rejects(buffer(store.objectBytes.read(id)), BlobMissing);
  });
});

test('file byte store: a blob lives in tmp/ until it is committed, then under blobs/; a discarded one leaves no file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-bytes-'));
  try {
    const bytes = await openFileBytes(root);
    const writer = await bytes.create();
    await writer.write(Buffer.from('abc'));
    assert.equal((await readdir(join(root, 'tmp'))).length, 1);
    const id = await writer.commit();
    assert.deepEqual(await readdir(join(root, 'tmp')), []);
    assert.deepEqual(await readdir(join(root, 'blobs', id.slice(0, 2))), [id]);
    const dropped = await bytes.create();
    await dropped.write(Buffer.from('xyz'));
    await dropped.discard();
    assert.deepEqual(await readdir(join(root, 'tmp')), []);
    await assert.rejects(buffer(bytes.read('../../etc/passwd')), BlobMissing);
    await bytes.clear();
    await assert.rejects(buffer(bytes.read(id)), BlobMissing);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
