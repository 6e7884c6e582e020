import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ServiceError } from '../../errors.js';
import { parseSigV4 } from './parse.js';
import { verifySigV4 } from './verify.js';
import type { HttpRequestParts } from './types.js';

const NOW = new Date('2026-03-14T15:09:26Z');
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEBYaDH+token/with=chars';

/** RFC 3986 escaping as the SDK serialisers and signer do it. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const char = fc.constantFrom('a', 'Z', '0', '-', '_', '.', '~', ' ', '+', '%', 'ሴ', 'é', '!', '*', '(', "'", '=', '&', ':', '@', '$', ',', ';');
const text = (min: number, max: number): fc.Arbitrary<string> => fc.array(char, { minLength: min, maxLength: max }).map((a) => a.join(''));
const segment = fc.oneof({ weight: 6, arbitrary: text(1, 6) }, { weight: 1, arbitrary: fc.constantFrom('.', '..', '') });
const headerValue = fc.array(fc.constantFrom('v', 'A', '1', ' ', '  ', '"', ','), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

const requestArb = fc.record({
  s3: fc.boolean(),
  presign: fc.boolean(),
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
  segments: fc.array(segment, { maxLength: 4 }),
  trailingSlash: fc.boolean(),
  query: fc.dictionary(fc.constantFrom('a', 'B', 'x y', 'ሴ', 'k~', 'list-type', 'prefix', 'Action'), text(0, 5), { maxKeys: 4 }),
  meta: fc.dictionary(fc.constantFrom('x-amz-meta-a', 'x-amz-meta-b', 'x-custom', 'content-type'), headerValue, { maxKeys: 3 }),
  body: fc.uint8Array({ maxLength: 48 }),
  token: fc.boolean(),
  unsignedPayload: fc.boolean(),
  applyChecksum: fc.boolean(),
});

type Generated = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

async function signWithSmithy(g: Generated): Promise<HttpRequestParts> {
  const service = g.s3 ? 's3' : 'iam';
  const signer = new SignatureV4({
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, ...(g.token ? { sessionToken: TOKEN } : {}) },
    region: 'us-west-2',
    service,
    sha256: Sha256,
    uriEscapePath: !g.s3,
    applyChecksum: g.s3 || g.applyChecksum,
  });
  const path = `/${g.segments.map(escapeUri).join('/')}${g.trailingSlash && g.segments.length > 0 ? '/' : ''}`;
  const headers: Record<string, string> = { host: 'gatehouse.example:8443', ...g.meta };
  if (g.s3) headers['x-amz-content-sha256'] = g.unsignedPayload || g.presign ? 'UNSIGNED-PAYLOAD' : createHash('sha256').update(g.body).digest('hex');
  const request = { method: g.method, protocol: 'https:', hostname: 'gatehouse.example', port: 8443, path, query: { ...g.query }, headers, body: g.body };
  const signed = g.presign ? await signer.presign(request, { signingDate: NOW, expiresIn: 900 }) : await signer.sign(request, { signingDate: NOW });
  const wireQuery = Object.entries(signed.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${escapeUri(k)}=${escapeUri(String(item))}`))
    .join('&');
  const wireHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) wireHeaders[k.toLowerCase()] = String(v);
  return { method: g.method, rawPath: path, rawQuery: wireQuery, headers: wireHeaders, body: Buffer.from(g.body) };
}

describe('round trip with @smithy/signature-v4', () => {
  it('every request the SDK signer produces verifies (header and presigned, S3 and not)', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (g) => {
        const req = await signWithSmithy(g);
        const parsed = parseSigV4(req, NOW, { s3: g.s3 });
        assert.ok(parsed !== null);
        assert.equal(parsed.form, g.presign ? 'query' : 'header');
        assert.equal(parsed.accessKeyId, ACCESS_KEY);
        assert.equal(parsed.securityToken, g.token ? TOKEN : undefined);
        const { body } = verifySigV4(req, parsed, SECRET, { s3: g.s3, region: 'us-west-2', service: g.s3 ? 's3' : 'iam' });
        assert.deepEqual(body, req.body);
      }),
      { numRuns: 150, seed: 20260314 },
    );
  });

  it('any change of method, path or query after signing is refused', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, fc.constantFrom('method', 'path', 'query'), async (g, what) => {
        const req = await signWithSmithy(g);
        const tampered: HttpRequestParts =
          what === 'method'
            ? { ...req, method: req.method === 'PATCH' ? 'GET' : 'PATCH' }
            : what === 'path'
              ? { ...req, rawPath: `${req.rawPath}x` }
              : { ...req, rawQuery: req.rawQuery === '' ? 'z=1' : `${req.rawQuery}&z=1` };
        const parsed = parseSigV4(tampered, NOW, { s3: g.s3 });
        assert.ok(parsed !== null);
        assert.throws(
          () => verifySigV4(tampered, parsed, SECRET, { s3: g.s3 }),
          (e: unknown) => e instanceof ServiceError && e.code === 'SignatureDoesNotMatch',
        );
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('non-S3: a request signed with UNSIGNED-PAYLOAD is refused (the body carries the operation)', async () => {
    const signer = new SignatureV4({ credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET }, region: 'us-east-1', service: 'sts', sha256: Sha256 });
    const headers = { host: 'sts.example', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-type': 'application/x-www-form-urlencoded' };
    const body = Buffer.from('Action=GetCallerIdentity&Version=2011-06-15');
    const signed = await signer.sign(
      { method: 'POST', protocol: 'https:', hostname: 'sts.example', path: '/', query: {}, headers, body },
      { signingDate: NOW },
    );
    const wire: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) wire[k.toLowerCase()] = String(v);
    const req: HttpRequestParts = { method: 'POST', rawPath: '/', rawQuery: '', headers: wire, body };
    const parsed = parseSigV4(req, NOW)!;
    assert.equal(parsed.payloadHash, 'UNSIGNED-PAYLOAD');
    assert.throws(
      () => verifySigV4(req, parsed, SECRET),
      (e: unknown) => e instanceof ServiceError && e.code === 'SignatureDoesNotMatch',
    );
    assert.equal(verifySigV4(req, parsed, SECRET, { s3: true }).body.length, body.length);
  });

  it('S3: a body that does not match the signed x-amz-content-sha256 is XAmzContentSHA256Mismatch', async () => {
    const g: Generated = {
      s3: true,
      presign: false,
      method: 'PUT',
      segments: ['bucket', 'key'],
      trailingSlash: false,
      query: {},
      meta: {},
      body: Buffer.from('hello'),
      token: false,
      unsignedPayload: false,
      applyChecksum: true,
    };
    const req = await signWithSmithy(g);
    const tampered = { ...req, body: Buffer.from('jello') };
    const parsed = parseSigV4(tampered, NOW)!;
    assert.throws(
      () => verifySigV4(tampered, parsed, SECRET),
      (e: unknown) => {
        assert.ok(e instanceof ServiceError);
        assert.equal(e.code, 'XAmzContentSHA256Mismatch');
        assert.equal(e.fields.S3ComputedContentSHA256, createHash('sha256').update('jello').digest('hex'));
        return true;
      },
    );
  });

  it('S3: SignatureDoesNotMatch carries the canonical request and string to sign', async () => {
    const g: Generated = {
      s3: true,
      presign: false,
      method: 'GET',
      segments: ['bucket', 'a b'],
      trailingSlash: false,
      query: { prefix: 'x' },
      meta: {},
      body: new Uint8Array(),
      token: false,
      unsignedPayload: true,
      applyChecksum: true,
    };
    const req = await signWithSmithy(g);
    const parsed = parseSigV4(req, NOW)!;
    assert.throws(
      () => verifySigV4(req, parsed, 'not-the-secret'),
      (e: unknown) => {
        assert.ok(e instanceof ServiceError);
        assert.equal(e.code, 'SignatureDoesNotMatch');
        assert.equal(e.message, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
        assert.equal(e.fields.AWSAccessKeyId, ACCESS_KEY);
        assert.equal(e.fields.CanonicalRequest?.split('\n')[1], '/bucket/a%20b');
        assert.ok(e.fields.StringToSign?.startsWith('AWS4-HMAC-SHA256\n20260314T150926Z\n20260314/us-west-2/s3/aws4_request\n'));
        assert.ok(!JSON.stringify(e.fields).includes('not-the-secret'));
        return true;
      },
    );
  });
});
