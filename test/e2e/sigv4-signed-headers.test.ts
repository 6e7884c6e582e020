/**
 * Which headers a signature must cover, through real requests on a real socket: a captured request
 * whose X-Amz-Target, X-Amz-Date or session token is outside its signature cannot be re-aimed or
 * re-used with other values, and a presigned URL covers its session token and expires.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

describe('SigV4: every x-amz-* header a request carries must be signed', () => {
  let server: TestServer;
  let port: number;
  let session: Keys;

  before(async () => {
    server = await startTestServer();
    port = Number(new URL(server.endpoint).port);
    const organizations = new OrganizationsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    organizations.destroy();
    const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    // Root's GetSessionToken: a session whose calls carry X-Amz-Security-Token.
    const credentials = (await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    sts.destroy();
    session = { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey!, sessionToken: credentials.SessionToken! };
  });
  after(async () => server.stop());

  function signer(service: string, keys: Keys = server.credentials): SignatureV4 {
    return new SignatureV4({ credentials: keys, region: 'us-east-1', service, sha256: Sha256 });
  }

  function request(headers: Record<string, string>, body: string, query: Record<string, string> = {}) {
    return { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', query, headers: { host: `127.0.0.1:${port}`, ...headers }, body };
  }

  async function send(headers: Record<string, string>, body: string, query = ''): Promise<{ status: number; text: string }> {
    const res = await fetch(`${server.endpoint}/${query === '' ? '' : `?${query}`}`, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }

  const target = (operation: string) => `AWSOrganizationsV20161128.${operation}`;
  const json = { 'content-type': 'application/x-amz-json-1.1' };

  it('a JSON request signed without X-Amz-Target is refused, so it cannot be re-aimed at LeaveOrganization', async () => {
    const signed = await signer('organizations').sign(request({ ...json, 'x-amz-target': target('DescribeOrganization') }, '{}'), {
      unsignableHeaders: new Set(['x-amz-target']),
    });
    const headers = signed.headers as Record<string, string>;
    assert.ok(!headers['authorization']!.includes('x-amz-target'));
    for (const operation of ['DescribeOrganization', 'LeaveOrganization']) {
      const answer = await send({ ...headers, 'x-amz-target': target(operation) }, '{}');
      assert.equal(answer.status, 400, answer.text);
      assert.deepEqual(JSON.parse(answer.text), {
        __type: 'InvalidSignatureException',
        message: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
      });
    }
    // The same request with its target signed is answered (the organization exists).
    const good = await signer('organizations').sign(request({ ...json, 'x-amz-target': target('DescribeOrganization') }, '{}'));
    assert.equal((await send(good.headers as Record<string, string>, '{}')).status, 200);
  });

  it('a request whose X-Amz-Date is not signed is refused', async () => {
    const signed = await signer('organizations').sign(request({ ...json, 'x-amz-target': target('DescribeOrganization') }, '{}'), {
      unsignableHeaders: new Set(['x-amz-date']),
    });
    const answer = await send(signed.headers as Record<string, string>, '{}');
    assert.equal(answer.status, 400);
    assert.match(answer.text, /'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization\./);
  });

  it('a query request whose session token is not signed is refused (403 SignatureDoesNotMatch)', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const signed = await signer('sts', session).sign(request(form, body), { unsignableHeaders: new Set(['x-amz-security-token']) });
    const answer = await send(signed.headers as Record<string, string>, body);
    assert.equal(answer.status, 403, answer.text);
    assert.match(answer.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(answer.text.replaceAll('&apos;', "'"), /<Message>'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization\.<\/Message>/);
    const good = await signer('sts', session).sign(request(form, body));
    assert.equal((await send(good.headers as Record<string, string>, body)).status, 200);
  });

  describe('presigned URLs', () => {
    const action = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

    async function presigned(keys: Keys, options: { expiresIn?: number; signingDate?: Date } = {}): Promise<string> {
      const signed = await signer('sts', keys).presign(
        { ...request({}, '', action), method: 'GET' },
        { expiresIn: options.expiresIn ?? 300, ...(options.signingDate ? { signingDate: options.signingDate } : {}) },
      );
      return new URLSearchParams(signed.query as Record<string, string>).toString();
    }

    async function get(query: string): Promise<{ status: number; text: string }> {
      const res = await fetch(`${server.endpoint}/?${query}`);
      return { status: res.status, text: await res.text() };
    }

    it('the session token is part of what a presigned URL signs: one added after signing is refused', async () => {
      const withToken = await presigned(session);
      assert.equal((await get(withToken)).status, 200);
      const { sessionToken, ...longTerm } = session;
      const unsigned = `${await presigned(longTerm)}&${new URLSearchParams({ 'X-Amz-Security-Token': sessionToken! })}`;
      const answer = await get(unsigned);
      assert.equal(answer.status, 403, answer.text);
      assert.match(answer.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    });

    it('an expired presigned URL is 403 AccessDenied "Request has expired"', async () => {
      const url = await presigned(server.credentials, { expiresIn: 60, signingDate: new Date(Date.now() - 5 * 60_000) });
      const answer = await get(url);
      assert.equal(answer.status, 403, answer.text);
      assert.match(answer.text, /<Code>AccessDenied<\/Code>/);
      assert.match(answer.text, /<Message>Request has expired<\/Message>/);
    });
  });
});
