import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from '../../errors.js';
import { parseSigV4 } from './parse.js';
import { verifySigV4 } from './verify.js';
import type { HttpRequestParts, VerifySigV4Options } from './types.js';
import { SIGV4_CONFORMANCE_DIR, SUITE_NOW, SUITE_SECRET, parseRawRequest } from '../../../test/support/sigv4Suite.js';

function load(name: string, form: 'header' | 'query'): HttpRequestParts {
  return parseRawRequest(readFileSync(join(SIGV4_CONFORMANCE_DIR, 'aws-c-auth-v4', name, `${form}-signed-request.txt`), 'utf8'));
}

function authenticate(req: HttpRequestParts, now = SUITE_NOW, secret = SUITE_SECRET, options: VerifySigV4Options = {}): Buffer {
  const parsed = parseSigV4(req, now, { s3: options.s3 ?? false });
  assert.ok(parsed !== null);
  return verifySigV4(req, parsed, secret, options).body;
}

function rejects(fn: () => unknown, code: string, message?: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ServiceError, String(err));
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const minutes = (n: number): Date => new Date(SUITE_NOW.getTime() + n * 60_000);

describe('tampered requests are refused', () => {
  for (const form of ['header', 'query'] as const) {
    const base = (): HttpRequestParts => load('post-x-www-form-urlencoded', form);
    it(`${form}: the untampered request passes`, () => {
      assert.equal(authenticate(base()).toString(), 'Param1=value1');
    });
    const variants: Array<[string, (r: HttpRequestParts) => HttpRequestParts]> = [
      ['method', (r) => ({ ...r, method: 'PUT' })],
      ['path', (r) => ({ ...r, rawPath: '/other' })],
      ['query', (r) => ({ ...r, rawQuery: r.rawQuery === '' ? 'Extra=1' : `${r.rawQuery}&Extra=1` })],
      ['signed header value', (r) => ({ ...r, headers: { ...r.headers, 'content-type': 'text/plain' } })],
      ['body', (r) => ({ ...r, body: Buffer.from('Param1=value2') })],
    ];
    for (const [what, change] of variants) {
      it(`${form}: a changed ${what} is SignatureDoesNotMatch`, () => {
        rejects(() => authenticate(change(base())), 'SignatureDoesNotMatch', MISMATCH);
      });
    }
    it(`${form}: a wrong secret is SignatureDoesNotMatch`, () => {
      rejects(() => authenticate(base(), SUITE_NOW, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ'), 'SignatureDoesNotMatch', MISMATCH);
    });
    it(`${form}: a region other than the service's is refused`, () => {
      rejects(
        () => authenticate(base(), SUITE_NOW, SUITE_SECRET, { region: 'eu-west-1' }),
        'SignatureDoesNotMatch',
        "Credential should be scoped to a valid region, not 'us-east-1'. ",
      );
    });
    it(`${form}: a service other than the endpoint's is refused`, () => {
      rejects(
        () => authenticate(base(), SUITE_NOW, SUITE_SECRET, { service: 'sts' }),
        'SignatureDoesNotMatch',
        "Credential should be scoped to correct service: 'sts'. ",
      );
    });
    it(`${form}: the expected region and service pass`, () => {
      assert.equal(authenticate(base(), SUITE_NOW, SUITE_SECRET, { region: ['us-west-2', 'us-east-1'], service: 'service' }).length, 13);
    });
  }

  it('header: the body is checked against a signed x-amz-content-sha256 even when the signature matches', () => {
    const req = load('post-x-www-form-urlencoded', 'header');
    rejects(() => authenticate({ ...req, body: Buffer.from('Param1=value2') }), 'SignatureDoesNotMatch');
  });

  it('header: a scope date other than the X-Amz-Date date is refused', () => {
    const req = load('get-vanilla', 'header');
    req.headers.authorization = String(req.headers.authorization).replace('/20150830/', '/20150831/');
    rejects(
      () => parseSigV4(req, SUITE_NOW),
      'SignatureDoesNotMatch',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.",
    );
  });

  it('query: a scope date other than the X-Amz-Date date is refused', () => {
    const req = load('get-vanilla', 'query');
    rejects(
      () => parseSigV4({ ...req, rawQuery: req.rawQuery.replace('%2F20150830%2F', '%2F20150829%2F') }, SUITE_NOW),
      'SignatureDoesNotMatch',
      /'20150829' != '20150830'/,
    );
  });

  it('header: a request older than 15 minutes is expired, in STS/IAM wording', () => {
    const req = load('get-vanilla', 'header');
    rejects(
      () => parseSigV4(req, new Date('2015-08-30T13:00:00Z')),
      'SignatureDoesNotMatch',
      'Signature expired: 20150830T123600Z is now earlier than 20150830T124500Z (20150830T130000Z - 15 min.)',
    );
  });

  it('header: a request more than 15 minutes in the future is not yet current', () => {
    rejects(
      () => parseSigV4(load('get-vanilla', 'header'), minutes(-16)),
      'SignatureDoesNotMatch',
      'Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)',
    );
  });

  it('header: exactly 15 minutes of skew is still accepted', () => {
    assert.equal(authenticate(load('get-vanilla', 'header'), minutes(15)).length, 0);
    assert.equal(authenticate(load('get-vanilla', 'header'), minutes(-15)).length, 0);
  });

  it('query: a presigned URL is valid until X-Amz-Date + X-Amz-Expires, long after 15 minutes', () => {
    assert.equal(authenticate(load('get-vanilla', 'query'), minutes(59)).length, 0);
    rejects(() => authenticate(load('get-vanilla', 'query'), minutes(60)), 'AccessDenied', 'Request has expired');
  });

  it('query: a presigned URL dated more than 15 minutes ahead is refused', () => {
    rejects(() => parseSigV4(load('get-vanilla', 'query'), minutes(-16)), 'SignatureDoesNotMatch', /^Signature not yet current/);
  });

  it('query: a session token added after signing is refused, as is a changed signed token', () => {
    rejects(() => authenticate(load('post-sts-header-after', 'query')), 'SignatureDoesNotMatch', MISMATCH);
    assert.equal(authenticate(load('post-sts-header-before', 'query')).length, 0);
    const before = load('post-sts-header-before', 'query');
    rejects(
      () => authenticate({ ...before, rawQuery: before.rawQuery.replace('X-Amz-Security-Token=AQoD', 'X-Amz-Security-Token=BQoD') }),
      'SignatureDoesNotMatch',
    );
  });

  it('header: the session token is read from its header, and must be signed', () => {
    const parsed = parseSigV4(load('post-sts-header-before', 'header'), SUITE_NOW);
    assert.ok(parsed?.securityToken?.startsWith('AQoDYXdzEPT//////////'));
    rejects(
      () => parseSigV4(load('post-sts-header-after', 'header'), SUITE_NOW),
      'SignatureDoesNotMatch',
      "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });
});
