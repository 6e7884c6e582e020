import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../errors.js';
import { parseSigV4 } from './parse.js';
import { verifySigV4 } from './verify.js';
import type { HttpRequestParts } from './types.js';

const NOW = new Date('2015-08-30T12:36:00Z');
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const AUTH = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/SERVICE/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`;

function request(headers: HttpRequestParts['headers'], rawQuery = ''): HttpRequestParts {
  return { method: 'GET', rawPath: '/', rawQuery, headers: { host: 'example.amazonaws.com', ...headers }, body: Buffer.alloc(0) };
}

function rejects(fn: () => unknown, code: string, message?: string | RegExp, fields?: Record<string, string>): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ServiceError, String(err));
    assert.equal(err.code, code);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message !== undefined) assert.match(err.message, message);
    for (const [k, v] of Object.entries(fields ?? {})) assert.equal(err.fields[k], v);
    return true;
  });
}

const header = (service: string, extra: HttpRequestParts['headers'] = {}): HttpRequestParts =>
  request({ authorization: AUTH.replace('SERVICE', service), 'x-amz-date': '20150830T123600Z', 'x-amz-content-sha256': EMPTY_SHA256, ...extra });

describe('parseSigV4: what is not SigV4', () => {
  it('returns null for an unsigned request', () => {
    assert.equal(parseSigV4(request({}), NOW), null);
    assert.equal(parseSigV4(request({}, 'Action=GetCallerIdentity&X-Amz-Foo=1'), NOW), null);
  });
  it('non-S3: a foreign Authorization scheme lists every missing part and names the scheme, never its credential', () => {
    // AWS echoes the whole header; a foreign scheme's value may be a password or a bearer token, kept in the audit trail.
    rejects(
      () => parseSigV4(request({ authorization: 'Basic dXNlcjpwYXNz' }), NOW),
      'IncompleteSignature',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Basic (not shown: not a Signature Version 4 header)",
    );
  });
  it('S3: Signature Version 2 is not supported', () => {
    rejects(
      () => parseSigV4(request({ authorization: 'AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=' }), NOW, { s3: true }),
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  });
});

describe('parseSigV4: malformed header envelopes', () => {
  it('non-S3: a missing Signature is named', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date';
    rejects(
      () => parseSigV4(request({ authorization: auth, 'x-amz-date': '20150830T123600Z' }), NOW),
      'IncompleteSignature',
      `Authorization header requires 'Signature' parameter. Authorization=${auth}`,
    );
  });
  it('non-S3: no X-Amz-Date and no Date header', () => {
    rejects(
      () => parseSigV4(request({ authorization: AUTH.replace('SERVICE', 'sts') }), NOW),
      'IncompleteSignature',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  });
  it('reads the parts however they are spaced, ignores a part with no name and lets the last of a name win', () => {
    const signature = 'a'.repeat(64);
    const auth = `AWS4-HMAC-SHA256   Credential = AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request ,=ignored,  Signature=${'0'.repeat(64)},SignedHeaders=host;x-amz-date,Signature= ${signature} ,`;
    const parsed = parseSigV4(request({ authorization: auth, 'x-amz-date': '20150830T123600Z' }), NOW);
    assert.equal(parsed?.accessKeyId, 'AKIDEXAMPLE');
    assert.equal(parsed?.service, 'sts');
    assert.deepEqual(parsed?.signedHeaders, ['host', 'x-amz-date']);
    assert.equal(parsed?.signature, signature);
    const unnamed = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, =${signature}`;
    rejects(
      () => parseSigV4(request({ authorization: unnamed, 'x-amz-date': '20150830T123600Z' }), NOW),
      'IncompleteSignature',
      /requires 'Signature' parameter/,
    );
  });
  it('the Date header stands in for X-Amz-Date', () => {
    const parsed = parseSigV4(request({ authorization: AUTH.replace('SERVICE', 'sts'), date: 'Sun, 30 Aug 2015 12:36:00 GMT' }), NOW);
    assert.equal(parsed?.amzDate, '20150830T123600Z');
  });
  it('non-S3: a credential without five elements', () => {
    rejects(
      () => parseSigV4(header('sts', { authorization: AUTH.replace('/SERVICE/aws4_request', '/aws4_request') }), NOW),
      'IncompleteSignature',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/aws4_request'",
    );
  });
  it('non-S3: a bad terminator', () => {
    rejects(
      () => parseSigV4(header('sts', { authorization: AUTH.replace('SERVICE/aws4_request', 'sts/aws5_request') }), NOW),
      'IncompleteSignature',
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
    );
  });
  it('non-S3: a malformed X-Amz-Date', () => {
    rejects(
      () => parseSigV4(header('sts', { 'x-amz-date': '2015-08-30T12:36:00Z' }), NOW),
      'IncompleteSignature',
      "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });
  it('non-S3: host must be signed', () => {
    rejects(
      () => parseSigV4(header('sts', { authorization: AUTH.replace('SERVICE', 'sts').replace('host;', '') }), NOW),
      'SignatureDoesNotMatch',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });
  it('non-S3: X-Amz-Date, X-Amz-Target, X-Amz-Security-Token and any other x-amz-* header present must be signed', () => {
    const unsigned = (extra: HttpRequestParts['headers'], signed: string) =>
      header('organizations', { authorization: AUTH.replace('SERVICE', 'organizations').replace('host;x-amz-content-sha256;x-amz-date', signed), ...extra });
    const must = (name: string) => `'${name}' must be a 'SignedHeader' in the AWS Authorization.`;
    rejects(() => parseSigV4(unsigned({}, 'host'), NOW), 'SignatureDoesNotMatch', must('X-Amz-Date'));
    const target = { 'x-amz-target': 'AWSOrganizationsV20161128.LeaveOrganization' };
    rejects(() => parseSigV4(unsigned(target, 'host;x-amz-date'), NOW), 'SignatureDoesNotMatch', must('X-Amz-Target'));
    rejects(() => parseSigV4(unsigned({ 'x-amz-security-token': 't' }, 'host;x-amz-date'), NOW), 'SignatureDoesNotMatch', must('X-Amz-Security-Token'));
    rejects(() => parseSigV4(unsigned({ 'x-amz-user-agent': 'x' }, 'host;x-amz-date'), NOW), 'SignatureDoesNotMatch', must('X-Amz-User-Agent'));
    // The first of several is named, the ones every client sends first.
    rejects(() => parseSigV4(unsigned({ ...target, 'x-amz-security-token': 't' }, 'host'), NOW), 'SignatureDoesNotMatch', must('X-Amz-Date'));
    // x-amz-content-sha256 is the canonical request's payload line, signed whether listed or not.
    assert.ok(parseSigV4(unsigned(target, 'host;x-amz-date;x-amz-target'), NOW) !== null);
  });
  it('non-S3: the body hash is computed when x-amz-content-sha256 is absent', () => {
    const req = { ...request({ authorization: AUTH.replace('SERVICE', 'sts'), 'x-amz-date': '20150830T123600Z' }), body: Buffer.from('Param1=value1') };
    assert.equal(parseSigV4(req, NOW)?.payloadHash, '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e');
  });
});

describe('parseSigV4: S3 envelopes', () => {
  it('a malformed Authorization', () => {
    rejects(
      () => parseSigV4(header('s3', { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request' }), NOW, { s3: true }),
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    );
  });
  it('a mal-formed credential', () => {
    rejects(
      () => parseSigV4(header('s3', { authorization: AUTH.replace('/SERVICE/', '/') }), NOW, { s3: true }),
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  });
  it('a credential date other than X-Amz-Date', () => {
    rejects(
      () => parseSigV4(header('s3', { authorization: AUTH.replace('SERVICE', 's3').replace('20150830', '20150831') }), NOW),
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; Invalid credential date "20150831". This date is not the same as X-Amz-Date: "20150830".',
    );
  });
  it('a wrong region names the expected one', () => {
    const req = header('s3');
    const parsed = parseSigV4(req, NOW)!;
    rejects(
      () => verifySigV4(req, parsed, 'secret', { region: 'eu-west-1' }),
      'AuthorizationHeaderMalformed',
      "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      { Region: 'eu-west-1' },
    );
  });
  it('a skewed request is RequestTimeTooSkewed', () => {
    rejects(
      () => parseSigV4(header('s3'), new Date('2015-08-30T13:00:00Z')),
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      { RequestTime: '20150830T123600Z', ServerTime: '2015-08-30T13:00:00Z', MaxAllowedSkewMilliseconds: '900000' },
    );
  });
  it('x-amz-content-sha256 is required and must be a mode or a SHA-256', () => {
    rejects(
      () => parseSigV4(header('s3', { 'x-amz-content-sha256': undefined }), NOW),
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256',
    );
    rejects(() => parseSigV4(header('s3', { 'x-amz-content-sha256': 'abc' }), NOW), 'InvalidArgument', /^x-amz-content-sha256 must be UNSIGNED-PAYLOAD/, {
      ArgumentName: 'x-amz-content-sha256',
      ArgumentValue: 'abc',
    });
  });
  it('x-amz-* headers must be signed, the session token too', () => {
    rejects(
      () => parseSigV4(header('s3', { 'x-amz-acl': 'public-read' }), NOW),
      'AccessDenied',
      'There were headers present in the request which were not signed',
      { HeadersNotSigned: 'x-amz-acl' },
    );
    rejects(
      () => parseSigV4(header('s3', { 'x-amz-security-token': 't', 'x-amz-acl': 'public-read' }), NOW),
      'AccessDenied',
      'There were headers present in the request which were not signed',
      { HeadersNotSigned: 'x-amz-security-token, x-amz-acl' },
    );
  });
  it('missing x-amz-date and Date', () => {
    rejects(() => parseSigV4(header('s3', { 'x-amz-date': undefined }), NOW), 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  });
  it('one auth mechanism per request', () => {
    const req = header('s3');
    rejects(
      () => parseSigV4({ ...req, rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' }, NOW, { s3: true }),
      'InvalidArgument',
      /^Only one auth mechanism allowed/,
    );
  });
});

describe('parseSigV4: presigned query envelopes', () => {
  const query = (service: string, overrides: Record<string, string | undefined> = {}): string => {
    const params: Record<string, string | undefined> = {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `AKIDEXAMPLE%2F20150830%2Fus-east-1%2F${service}%2Faws4_request`,
      'X-Amz-Date': '20150830T123600Z',
      'X-Amz-Expires': '3600',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': '0'.repeat(64),
      ...overrides,
    };
    return Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
  };
  it('S3: every parameter is required', () => {
    rejects(
      () => parseSigV4(request({}, query('s3', { 'X-Amz-Expires': undefined })), NOW),
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  });
  it('non-S3: missing parameters are named', () => {
    rejects(
      () => parseSigV4(request({}, query('sts', { 'X-Amz-Date': undefined, 'X-Amz-SignedHeaders': undefined })), NOW),
      'IncompleteSignature',
      "AWS query-string parameters must include 'X-Amz-Date'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    );
  });
  it('S3: X-Amz-Expires is at most a week', () => {
    assert.equal(parseSigV4(request({}, query('s3', { 'X-Amz-Expires': '604800' })), NOW)?.expiresSeconds, 604800);
    rejects(
      () => parseSigV4(request({}, query('s3', { 'X-Amz-Expires': '604801' })), NOW),
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
    rejects(
      () => parseSigV4(request({}, query('s3', { 'X-Amz-Expires': '-1' })), NOW),
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be non-negative',
    );
  });
  it('S3: only AWS4-HMAC-SHA256', () => {
    rejects(
      () => parseSigV4(request({}, query('s3', { 'X-Amz-Algorithm': 'AWS4-ECDSA-P256-SHA256' })), NOW),
      'AuthorizationQueryParametersError',
      'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
    );
  });
  it('S3: expired and not-yet-valid URLs are AccessDenied', () => {
    rejects(() => parseSigV4(request({}, query('s3')), new Date('2015-08-30T13:36:00Z')), 'AccessDenied', 'Request has expired', {
      'X-Amz-Expires': '3600',
      Expires: '2015-08-30T13:36:00Z',
      ServerTime: '2015-08-30T13:36:00Z',
    });
    rejects(() => parseSigV4(request({}, query('s3')), new Date('2015-08-30T12:20:00Z')), 'AccessDenied', 'Request is not valid yet');
  });
  it('S3: the payload of a presigned URL is UNSIGNED-PAYLOAD unless X-Amz-Content-Sha256 says otherwise', () => {
    assert.equal(parseSigV4(request({}, query('s3')), NOW)?.payloadHash, 'UNSIGNED-PAYLOAD');
    assert.equal(parseSigV4(request({}, `${query('s3')}&X-Amz-Content-Sha256=${EMPTY_SHA256}`), NOW)?.payloadHash, EMPTY_SHA256);
  });
  it('S3: x-amz-* headers sent with a presigned URL must be among its signed headers', () => {
    rejects(
      () => parseSigV4(request({ 'x-amz-acl': 'public-read' }, query('s3')), NOW),
      'AccessDenied',
      'There were headers present in the request which were not signed',
      { HeadersNotSigned: 'x-amz-acl' },
    );
  });
  it('non-S3: headers sent with a presigned URL must be among its signed headers', () => {
    rejects(
      () => parseSigV4(request({ 'x-amz-target': 'AWSOrganizationsV20161128.LeaveOrganization' }, query('organizations')), NOW),
      'SignatureDoesNotMatch',
      "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });
  it('non-S3: an expired presigned URL is 403 AccessDenied', () => {
    rejects(() => parseSigV4(request({}, query('sts')), new Date('2015-08-30T13:36:00Z')), 'AccessDenied', 'Request has expired');
  });
  it('the security token comes from the query', () => {
    assert.equal(parseSigV4(request({}, `${query('sts')}&X-Amz-Security-Token=a%2Bb%2F`), NOW)?.securityToken, 'a+b/');
  });
});
