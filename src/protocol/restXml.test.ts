import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../errors.js';
import { decodeRequest, encodeError, encodeResponse } from './protocol.js';

describe('rest-xml (S3): decode', () => {
  test('PutObject: streaming body as the raw Buffer, x-amz-meta-* as Metadata, typed headers', () => {
    const body = Buffer.from('hello');
    const d = decodeRequest('s3', {
      method: 'PUT',
      rawPath: '/b/k.txt',
      rawQuery: '',
      headers: { 'content-type': 'text/plain', 'content-length': '5', 'x-amz-meta-color': 'red', 'X-Amz-Meta-Size': 'L', 'x-amz-acl': 'private' },
      body,
    });
    assert.equal(d.error, undefined, d.error?.message);
    assert.deepEqual(d.input, {
      Bucket: 'b',
      Key: 'k.txt',
      Body: body,
      ContentType: 'text/plain',
      ContentLength: 5,
      Metadata: { color: 'red', size: 'L' },
      ACL: 'private',
    });
  });

  test('PutBucketTagging: XML payload with a nested list', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>' +
      '<Tag><Key>a</Key><Value>1 &amp; 2</Value></Tag><Tag><Key>b</Key><Value></Value></Tag></TagSet></Tagging>';
    const d = decodeRequest('s3', { method: 'PUT', rawPath: '/b', rawQuery: 'tagging', headers: {}, body: Buffer.from(xml) });
    assert.equal(d.operation, 'PutBucketTagging');
    assert.deepEqual(d.input, {
      Bucket: 'b',
      Tagging: {
        TagSet: [
          { Key: 'a', Value: '1 & 2' },
          { Key: 'b', Value: '' },
        ],
      },
    });
  });

  test('malformed XML is MalformedXML', () => {
    const d = decodeRequest('s3', { method: 'PUT', rawPath: '/b', rawQuery: 'tagging', headers: {}, body: Buffer.from('<Tagging><TagSet>') });
    assert.equal(d.operation, 'PutBucketTagging');
    assert.equal(d.error?.code, 'MalformedXML');
  });

  test('a header integer that does not parse is a validation failure', () => {
    const d = decodeRequest('s3', { method: 'GET', rawPath: '/b', rawQuery: 'list-type=2&max-keys=lots', headers: {}, body: Buffer.alloc(0) });
    assert.equal(d.error?.code, 'InvalidArgument');
    assert.match(d.error!.message, /Value 'lots' at 'maxKeys'/);
  });
});

describe('rest-xml (S3): encode', () => {
  test('ListBuckets: root element with the S3 namespace, millisecond timestamps', () => {
    const res = encodeResponse(
      's3',
      'ListBuckets',
      { Buckets: [{ Name: 'b', CreationDate: new Date('2026-01-02T03:04:05Z') }], Owner: { ID: 'abc', DisplayName: 'me' } },
      'RID',
    );
    assert.equal(
      res.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Buckets><Bucket><Name>b</Name><CreationDate>2026-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets>' +
        '<Owner><DisplayName>me</DisplayName><ID>abc</ID></Owner></ListAllMyBucketsResult>',
    );
    assert.equal(res.headers['x-amz-request-id'], 'RID');
    assert.ok(res.headers['x-amz-id-2']);
    assert.equal(res.headers['Content-Type'], 'application/xml');
  });

  test('header-only output has an empty body and header members', () => {
    const res = encodeResponse('s3', 'PutObject', { ETag: '"e"', VersionId: 'v1' }, 'RID');
    assert.equal(res.body, '');
    assert.equal(res.headers.ETag, '"e"');
    assert.equal(res.headers['x-amz-version-id'], 'v1');
    assert.equal(res.status, 200);
  });

  test('HeadObject keeps the ContentLength header of the object', () => {
    const res = encodeResponse('s3', 'HeadObject', { ContentLength: 42, LastModified: new Date('2026-01-02T03:04:05Z') }, 'RID');
    assert.equal(res.headers['Content-Length'], '42');
    assert.equal(res.headers['Last-Modified'], 'Fri, 02 Jan 2026 03:04:05 GMT');
  });

  test('error document in S3 layout', () => {
    const res = encodeError('s3', new ServiceError('NoSuchKey', 'The specified key does not exist.', { Key: 'a<b' }), 'RID');
    assert.equal(res.status, 404);
    assert.equal(
      res.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
        `<Key>a&lt;b</Key><RequestId>RID</RequestId><HostId>${res.headers['x-amz-id-2']}</HostId></Error>`,
    );
  });
});
