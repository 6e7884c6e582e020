import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { clientConfig, userWithPolicy, type Creds } from '../support/organizations.js';
import { presignedUrl, s3Client } from '../support/s3.js';

const codeOf = (text: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
const messageOf = (text: string): string | undefined =>
  /<Message>([^<]+)<\/Message>/
    .exec(text)?.[1]
    ?.replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const amzDate = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function signingKey(secret: string, date: string): Buffer {
  let key = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  for (const part of ['us-east-1', 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return key;
}

/** A browser-based POST form, signed as AWS documents it ("Creating a POST Policy"). */
function postForm(
  credentials: Creds | undefined,
  fields: Record<string, string>,
  conditions: unknown[],
  file: Buffer,
  options: { expiration?: Date; signedAt?: Date; tamper?: boolean } = {},
) {
  const now = options.signedAt ?? new Date();
  const all: Record<string, string> = { ...fields };
  if (credentials !== undefined) {
    const date = amzDate(now);
    const credential = `${credentials.accessKeyId}/${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
    const signedFields: Record<string, string> = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': credential, 'x-amz-date': date };
    if (credentials.sessionToken !== undefined) signedFields['x-amz-security-token'] = credentials.sessionToken;
    const policy = Buffer.from(
      JSON.stringify({
        expiration: (options.expiration ?? new Date(Date.now() + 600_000)).toISOString(),
        conditions: [
          ...conditions,
          ...Object.entries(signedFields)
            .filter(([k]) => k !== 'x-amz-security-token')
            .map(([k, v]) => ({ [k]: v })),
          ...(credentials.sessionToken !== undefined ? [{ 'x-amz-security-token': credentials.sessionToken }] : []),
        ],
      }),
    ).toString('base64');
    const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, date.slice(0, 8)))
      .update(policy)
      .digest('hex');
    Object.assign(all, signedFields, {
      policy,
      'x-amz-signature': options.tamper === true ? signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : signature,
    });
  }
  const boundary = '----gatehouse-form-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(all))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Presigned URLs and browser-based POST uploads, authorized exactly like header-signed requests.
 * AWS: S3 API Reference, "Authenticating Requests: Using Query Parameters" (X-Amz-Expires at most
 * a week; a URL made with temporary credentials stops working when they expire) and
 * "Browser-Based Uploads Using POST"; S3 User Guide, "Amazon S3 condition key examples"
 * (s3:signatureAge, s3:authType).
 */
describe('S3 presigned URLs and POST uploads', () => {
  let server: TestServer;
  let s3: S3Client;
  let offset = 0;
  let writer: Creds;
  const bucket = 'presigned';

  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + offset) });
    s3 = s3Client(server.endpoint, server.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'read.txt', Body: 'presigned read' }));
    const iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    writer = await userWithPolicy(iam, 'writer', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::presigned', 'arn:aws:s3:::presigned/*'],
        },
      ],
    });
  });
  after(async () => {
    s3.destroy();
    await server.stop();
  });

  it('GET, PUT, HEAD and DELETE by presigned URL, as the signer is allowed', async () => {
    const get = await fetch(await presignedUrl(server.endpoint, writer, { method: 'GET', path: `/${bucket}/read.txt` }));
    assert.equal(await get.text(), 'presigned read');
    const put = await fetch(await presignedUrl(server.endpoint, writer, { method: 'PUT', path: `/${bucket}/up.txt` }), { method: 'PUT', body: 'uploaded' });
    assert.equal(put.status, 200);
    assert.match(put.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
    const head = await fetch(await presignedUrl(server.endpoint, writer, { method: 'HEAD', path: `/${bucket}/up.txt` }), { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), '8');
    const del = await fetch(await presignedUrl(server.endpoint, writer, { method: 'DELETE', path: `/${bucket}/up.txt` }), { method: 'DELETE' });
    assert.equal(del.status, 204);
    const gone = await fetch(await presignedUrl(server.endpoint, writer, { method: 'GET', path: `/${bucket}/up.txt` }));
    assert.equal(codeOf(await gone.text()), 'NoSuchKey');
  });

  it('X-Amz-Expires above a week is refused; an expired URL is AccessDenied "Request has expired"', async () => {
    // SDK presigners refuse to make such a URL: its expiry is changed after signing (the limit is checked first).
    const signed = await presignedUrl(server.endpoint, writer, { method: 'GET', path: `/${bucket}/read.txt`, expiresIn: 3600 });
    const week = await fetch(signed.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801'));
    assert.equal(week.status, 400);
    assert.equal(codeOf(await week.text()), 'AuthorizationQueryParametersError');
    const old = await fetch(
      await presignedUrl(server.endpoint, writer, { method: 'GET', path: `/${bucket}/read.txt`, expiresIn: 60, signingDate: new Date(Date.now() - 120_000) }),
    );
    const text = await old.text();
    assert.deepEqual([old.status, codeOf(text), messageOf(text)], [403, 'AccessDenied', 'Request has expired']);
  });

  it('a URL presigned with temporary credentials stops working when they expire', async () => {
    const session = (await new STSClient(clientConfig(server.endpoint, writer)).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    const temporary = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };
    const url = await presignedUrl(server.endpoint, temporary, { method: 'GET', path: `/${bucket}/read.txt`, expiresIn: 3600 });
    assert.equal(await (await fetch(url)).text(), 'presigned read');
    offset = 16 * 60_000;
    try {
      const expired = await fetch(url);
      const text = await expired.text();
      assert.deepEqual([expired.status, codeOf(text), messageOf(text)], [400, 'ExpiredToken', 'The provided token has expired.']);
    } finally {
      offset = 0;
    }
  });

  it('a bucket policy on s3:signatureAge and s3:authType applies to presigned URLs as to any request', async () => {
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TenMinutes',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
              Condition: { NumericGreaterThan: { 's3:signatureAge': '600000' } },
            },
            {
              Sid: 'NoQueryWrites',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
              Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } },
            },
          ],
        }),
      }),
    );
    const fresh = await fetch(await presignedUrl(server.endpoint, writer, { method: 'GET', path: `/${bucket}/read.txt` }));
    assert.equal(fresh.status, 200);
    await fresh.text();
    const aged = await fetch(
      await presignedUrl(server.endpoint, writer, {
        method: 'GET',
        path: `/${bucket}/read.txt`,
        expiresIn: 3600,
        signingDate: new Date(Date.now() - 20 * 60_000),
      }),
    );
    const agedText = await aged.text();
    assert.equal(aged.status, 403);
    assert.match(messageOf(agedText) ?? '', /explicit deny in a resource-based policy/);
    const queryPut = await fetch(await presignedUrl(server.endpoint, writer, { method: 'PUT', path: `/${bucket}/q.txt` }), { method: 'PUT', body: 'x' });
    assert.equal(queryPut.status, 403);
    await s3Client(server.endpoint, writer).send(new PutObjectCommand({ Bucket: bucket, Key: 'h.txt', Body: 'header-signed' }));
  });

  it('POST upload: a signed form makes the object; success_action_status 201 answers a PostResponse', async () => {
    const form = postForm(
      writer,
      { key: 'uploads/${filename}', 'Content-Type': 'image/jpeg', 'x-amz-meta-origin': 'browser', success_action_status: '201' },
      [
        { bucket },
        ['starts-with', '$key', 'uploads/'],
        ['starts-with', '$Content-Type', 'image/'],
        { 'x-amz-meta-origin': 'browser' },
        { success_action_status: '201' },
        ['content-length-range', 1, 1024],
      ],
      Buffer.from('jpeg bytes'),
    );
    const response = await fetch(`${server.endpoint}/${bucket}`, { method: 'POST', headers: { 'content-type': form.contentType }, body: form.body });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    assert.match(
      text,
      /<PostResponse[^>]*><Location>\/presigned\/uploads\/photo\.jpg<\/Location><Bucket>presigned<\/Bucket><Key>uploads\/photo\.jpg<\/Key><ETag>&quot;[0-9a-f]{32}&quot;<\/ETag><\/PostResponse>/,
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/photo.jpg' }));
    assert.equal(await got.Body!.transformToString(), 'jpeg bytes');
    assert.equal(got.ContentType, 'image/jpeg');
    assert.deepEqual(got.Metadata, { origin: 'browser' });
  });

  it('POST upload: a failed condition, an extra field, an expired policy, a size out of range, a bad signature', async () => {
    const post = async (form: { body: Buffer; contentType: string }) => {
      const response = await fetch(`${server.endpoint}/${bucket}`, { method: 'POST', headers: { 'content-type': form.contentType }, body: form.body });
      const text = await response.text();
      return { status: response.status, code: codeOf(text), message: messageOf(text) };
    };
    const file = Buffer.from('x'.repeat(100));
    const conditions = [{ bucket }, ['starts-with', '$key', 'uploads/']];
    assert.deepEqual(await post(postForm(writer, { key: 'elsewhere/a' }, conditions, file)), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "uploads/"]',
    });
    assert.deepEqual(await post(postForm(writer, { key: 'uploads/a', acl: 'private' }, conditions, file)), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: acl',
    });
    assert.deepEqual(await post(postForm(writer, { key: 'uploads/a' }, conditions, file, { expiration: new Date(Date.now() - 1000) })), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    });
    const tooBig = await post(postForm(writer, { key: 'uploads/a' }, [...conditions, ['content-length-range', 1, 10]], file));
    assert.deepEqual([tooBig.status, tooBig.code], [400, 'EntityTooLarge']);
    const forged = await post(postForm(writer, { key: 'uploads/a' }, conditions, file, { tamper: true }));
    assert.deepEqual([forged.status, forged.code], [403, 'SignatureDoesNotMatch']);
    const left = await fetch(await presignedUrl(server.endpoint, writer, { method: 'GET', path: `/${bucket}/uploads/a` }));
    assert.equal(codeOf(await left.text()), 'NoSuchKey', 'no refused upload left an object');
  });

  it('POST upload: an anonymous form is allowed only by a bucket policy that grants Principal *', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'public-drop' }));
    const form = postForm(undefined, { key: 'drop/anon.txt' }, [], Buffer.from('anonymous'));
    const denied = await fetch(`${server.endpoint}/public-drop`, { method: 'POST', headers: { 'content-type': form.contentType }, body: form.body });
    assert.equal(codeOf(await denied.text()), 'AccessDenied');
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'public-drop' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'public-drop',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::public-drop/drop/*' }],
        }),
      }),
    );
    const allowed = await fetch(`${server.endpoint}/public-drop`, { method: 'POST', headers: { 'content-type': form.contentType }, body: form.body });
    assert.equal(allowed.status, 204);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'public-drop', Key: 'drop/anon.txt' }));
    assert.equal(await got.Body!.transformToString(), 'anonymous');
    assert.equal(TEST_ACCOUNT_ID.length, 12);
  });
});
