import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRequest } from './protocol.js';
import type { ServiceName } from './types.js';

function route(service: ServiceName, method: string, url: string, headers: Record<string, string> = {}) {
  const q = url.indexOf('?');
  return decodeRequest(service, {
    method,
    rawPath: q === -1 ? url : url.slice(0, q),
    rawQuery: q === -1 ? '' : url.slice(q + 1),
    headers,
    body: Buffer.alloc(0),
  });
}

// AWS: Amazon S3 API Reference, each operation's request syntax (method, path, sub-resource).
const S3_ROUTES: Array<[string, string, string, Record<string, string>?]> = [
  ['GET', '/', 'ListBuckets'],
  ['PUT', '/bkt', 'CreateBucket'],
  ['HEAD', '/bkt', 'HeadBucket'],
  ['GET', '/bkt', 'ListObjects'],
  ['GET', '/bkt/', 'ListObjects'],
  ['GET', '/bkt?list-type=2&prefix=a', 'ListObjectsV2'],
  ['GET', '/bkt?policy', 'GetBucketPolicy'],
  ['GET', '/bkt?policy=', 'GetBucketPolicy'],
  ['PUT', '/bkt?policy', 'PutBucketPolicy'],
  ['DELETE', '/bkt?policy', 'DeleteBucketPolicy'],
  ['GET', '/bkt?policyStatus', 'GetBucketPolicyStatus'],
  ['GET', '/bkt?tagging', 'GetBucketTagging'],
  ['GET', '/bkt?lifecycle', 'GetBucketLifecycleConfiguration'],
  ['GET', '/bkt?location', 'GetBucketLocation'],
  ['GET', '/bkt?uploads', 'ListMultipartUploads'],
  ['GET', '/bkt?analytics', 'ListBucketAnalyticsConfigurations'],
  ['GET', '/bkt?analytics&id=x', 'GetBucketAnalyticsConfiguration'],
  ['POST', '/bkt?delete', 'DeleteObjects'],
  ['PUT', '/bkt/a/b.txt', 'PutObject'],
  ['PUT', '/bkt/a/b.txt', 'CopyObject', { 'x-amz-copy-source': '/src/k' }],
  ['PUT', '/bkt/a/b.txt?partNumber=1&uploadId=u', 'UploadPart'],
  ['PUT', '/bkt/a/b.txt?partNumber=1&uploadId=u', 'UploadPartCopy', { 'x-amz-copy-source': '/src/k' }],
  ['GET', '/bkt/a/b.txt', 'GetObject'],
  ['GET', '/bkt/a/b.txt?uploadId=u', 'ListParts'],
  ['GET', '/bkt/a/b.txt?tagging', 'GetObjectTagging'],
  ['GET', '/bkt/a/b.txt?acl', 'GetObjectAcl'],
  ['HEAD', '/bkt/a/b.txt', 'HeadObject'],
  ['DELETE', '/bkt/a/b.txt', 'DeleteObject'],
  ['DELETE', '/bkt/a/b.txt?uploadId=u', 'AbortMultipartUpload'],
  ['POST', '/bkt/a/b.txt?uploads', 'CreateMultipartUpload'],
  ['POST', '/bkt/a/b.txt?uploadId=u', 'CompleteMultipartUpload'],
];

describe('rest routing: S3 (path style)', () => {
  for (const [method, url, operation, headers] of S3_ROUTES) {
    test(`${method} ${url}${headers ? ' + copy source' : ''} → ${operation}`, () => {
      assert.equal(route('s3', method, url, headers).operation, operation);
    });
  }

  test('labels are percent-decoded and the greedy key keeps its slashes', () => {
    const d = route('s3', 'GET', '/my-bucket/dir%20one/sub/file%2Bx.txt');
    assert.deepEqual(d.input, { Bucket: 'my-bucket', Key: 'dir one/sub/file+x.txt' });
  });

  test('virtual-hosted style moves the bucket from the Host header into the path', () => {
    const cases: Array<[string, string, string, Record<string, unknown>]> = [
      ['my-bucket.s3.amazonaws.com', '/a/b.txt', 'GetObject', { Bucket: 'my-bucket', Key: 'a/b.txt' }],
      ['my.bucket.s3.eu-west-1.amazonaws.com', '/', 'ListObjects', { Bucket: 'my.bucket' }],
      ['bkt.s3-us-west-2.amazonaws.com', '/k', 'GetObject', { Bucket: 'bkt', Key: 'k' }],
      ['bkt.localhost:4566', '/k', 'GetObject', { Bucket: 'bkt', Key: 'k' }],
      ['bkt.s3.localhost:4747', '/k', 'GetObject', { Bucket: 'bkt', Key: 'k' }],
      ['my.dotted.bucket.s3.localhost', '/', 'ListObjects', { Bucket: 'my.dotted.bucket' }],
      ['127.0.0.1:4566', '/bkt/k', 'GetObject', { Bucket: 'bkt', Key: 'k' }],
    ];
    for (const [host, path, operation, input] of cases) {
      const d = route('s3', 'GET', path, { host });
      assert.equal(d.operation, operation, host);
      assert.deepEqual(d.input, input, host);
    }
  });

  test('no matching template is MethodNotAllowed', () => {
    const d = route('s3', 'PATCH', '/bkt');
    assert.equal(d.error?.code, 'MethodNotAllowed');
    assert.equal(d.error?.status, 405);
  });
});

describe('rest routing: rest-json services', () => {
  const cases: Array<[ServiceName, string, string, string]> = [
    ['access-analyzer', 'GET', '/analyzer', 'ListAnalyzers'],
    ['access-analyzer', 'GET', '/analyzer/main', 'GetAnalyzer'],
    ['access-analyzer', 'DELETE', '/analyzer/main', 'DeleteAnalyzer'],
    ['access-analyzer', 'GET', '/analyzer/main/archive-rule/r1', 'GetArchiveRule'],
    ['access-analyzer', 'POST', '/policy/validation', 'ValidatePolicy'],
    ['rolesanywhere', 'GET', '/trustanchor/ta-1', 'GetTrustAnchor'],
    ['rolesanywhere', 'POST', '/trustanchor/ta-1/enable', 'EnableTrustAnchor'],
    ['rolesanywhere', 'GET', '/trustanchors', 'ListTrustAnchors'],
  ];
  for (const [service, method, url, operation] of cases) {
    test(`${service} ${method} ${url} → ${operation}`, () => {
      assert.equal(route(service, method, url).operation, operation);
    });
  }

  test('an unknown path is UnknownOperationException', () => {
    assert.equal(route('access-analyzer', 'GET', '/nothing/here').error?.code, 'UnknownOperationException');
  });

  test('a missing required query member still routes and fails validation', () => {
    const d = route('access-analyzer', 'GET', '/analyzed-resource');
    assert.equal(d.operation, 'GetAnalyzedResource');
    assert.equal(d.error?.code, 'ValidationException');
    assert.match(
      d.error!.message,
      /^2 validation errors detected: Value null at 'analyzerArn' failed to satisfy constraint: Member must not be null; Value null at 'resourceArn'/,
    );
  });
});
