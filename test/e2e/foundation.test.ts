import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateUserCommand, IAMClient, ListUsersCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AccessAnalyzerClient, CreateServiceLinkedAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

function sts(
  server: TestServer,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = server.credentials,
  extra: Record<string, unknown> = {},
): STSClient {
  return new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; requestId?: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, requestId: e.$metadata?.requestId };
  }
  assert.fail('expected the call to fail');
}

describe('server foundation over a real socket', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
  });

  it('GetCallerIdentity returns the root ARN for root credentials, with a request ID', async () => {
    const out = await sts(server).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    assert.equal(out.Account, TEST_ACCOUNT_ID);
    assert.equal(out.UserId, TEST_ACCOUNT_ID);
    assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('many concurrent callers, allowed and refused, each get their own answer', async () => {
    const bad = { ...server.credentials, secretAccessKey: `${server.credentials.secretAccessKey.slice(0, -1)}X` };
    const calls = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 2
        ? rejection(sts(server, bad).send(new GetCallerIdentityCommand({}))).then((e) => e.name)
        : sts(server)
            .send(new GetCallerIdentityCommand({}))
            .then((out) => out.Arn),
    );
    const answers = await Promise.all(calls);
    for (const [i, answer] of answers.entries()) assert.equal(answer, i % 3 === 2 ? 'SignatureDoesNotMatch' : `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
  });

  it('requests pipelined on one connection are answered in order', async () => {
    const { hostname: host, port } = new URL(server.endpoint);
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const request = (authorization?: string) =>
      `POST / HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n` +
      `${authorization === undefined ? '' : `Authorization: ${authorization}\r\nX-Amz-Date: ${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z\r\n`}\r\n${body}`;
    const unknownKey = `AWS4-HMAC-SHA256 Credential=AKIAUNKNOWNKEY000000/${new Date().toISOString().slice(0, 10).replace(/-/g, '')}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), host, () => socket.end(request() + request(unknownKey) + request()));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    const codes = [...text.matchAll(/<Code>(\w+)<\/Code>/g)].map((m) => m[1]);
    assert.deepEqual(codes, ['MissingAuthenticationToken', 'InvalidClientTokenId', 'MissingAuthenticationToken']);
    assert.equal([...text.matchAll(/^HTTP\/1\.1 /gm)].length, 3);
  });

  it('keeps an idle keep-alive connection open for a minute, so an SDK reusing it after a pause is answered', async () => {
    // Node's default of 5 s closed connections that clients still held, and the next request on
    // one was reset (ECONNRESET).
    const { hostname: host, port } = new URL(server.endpoint);
    const request = `POST / HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 43\r\n\r\nAction=GetCallerIdentity&Version=2011-06-15`;
    const socket = connect(Number(port), host);
    const answers: string[] = [];
    socket.on('data', (chunk) => answers.push(chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 7_500));
    assert.equal(socket.destroyed, false, 'the server kept the idle connection');
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.end();
    await closed;
    assert.equal([...answers.join('').matchAll(/^HTTP\/1\.1 403 /gm)].length, 2);
  });

  it('a tampered secret gives SignatureDoesNotMatch (403)', async () => {
    const bad = { ...server.credentials, secretAccessKey: `${server.credentials.secretAccessKey.slice(0, -1)}X` };
    const err = await rejection(sts(server, bad).send(new GetCallerIdentityCommand({})));
    assert.equal(err.name, 'SignatureDoesNotMatch');
    assert.equal(err.status, 403);
  });

  it('an unknown access key gives InvalidClientTokenId (403)', async () => {
    const err = await rejection(sts(server, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})));
    assert.equal(err.name, 'InvalidClientTokenId');
    assert.equal(err.status, 403);
    assert.equal(err.message, 'The security token included in the request is invalid.');
  });

  it('a long-term key presented with a session token is refused', async () => {
    const err = await rejection(sts(server, { ...server.credentials, sessionToken: 'not-a-token' }).send(new GetCallerIdentityCommand({})));
    assert.equal(err.name, 'InvalidClientTokenId');
  });

  it('a request signed 20 minutes ago is rejected', async () => {
    const err = await rejection(sts(server, server.credentials, { systemClockOffset: -20 * 60 * 1000 }).send(new GetCallerIdentityCommand({})));
    assert.equal(err.status, 403);
    assert.equal(err.name, 'SignatureDoesNotMatch');
    assert.match(err.message, /Signature expired/);
  });

  it("a refused signature is answered in the service's own protocol and family (JSON: InvalidSignatureException)", async () => {
    const old = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1, systemClockOffset: -20 * 60 * 1000 };
    const forged = { endpoint: server.endpoint, region: 'us-east-1', credentials: { ...server.credentials, secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 };
    for (const [send, message] of [
      [() => new OrganizationsClient(old).send(new DescribeOrganizationCommand({})), /^Signature expired/],
      [() => new CloudTrailClient(old).send(new LookupEventsCommand({})), /^Signature expired/],
      [() => new OrganizationsClient(forged).send(new DescribeOrganizationCommand({})), /^The request signature we calculated does not match/],
    ] as const) {
      // The SDK reads the JSON error; an error in another protocol's shape would fail to parse.
      await assert.rejects(send(), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'InvalidSignatureException', err.message);
        assert.equal(err.$metadata?.httpStatusCode, 400);
        assert.match(err.message, message);
        return true;
      });
    }
  });

  it('an unsigned request gives MissingAuthenticationToken', async () => {
    const res = await fetch(`${server.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /<Code>MissingAuthenticationToken<\/Code>/);
    assert.ok(res.headers.get('x-amzn-requestid'));
  });

  it('an unsigned request no service claims gets MissingAuthenticationToken, not an S3 answer', async () => {
    for (const [method, headers, body] of [
      ['POST', { 'content-type': 'application/json' }, '{}'],
      ['PUT', {}, 'x'],
      ['DELETE', {}, undefined],
    ] as const) {
      const res = await fetch(`${server.endpoint}/`, { method, headers, ...(body !== undefined ? { body } : {}) });
      assert.equal(res.status, 403, method);
      assert.match(await res.text(), /<Code>MissingAuthenticationToken<\/Code>/, method);
    }
  });

  it('a credential scoped to a service Gatehouse does not serve is refused in the words of the service the request is for', async () => {
    const url = new URL(server.endpoint);
    const send = async (headers: Record<string, string>, body: string) => {
      const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service: 'ec2', sha256: Sha256 });
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, ...headers },
        body,
      });
      const res = await fetch(`${server.endpoint}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
      return { status: res.status, text: await res.text() };
    };
    const query = await send({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListUsers&Version=2010-05-08');
    assert.equal(query.status, 403);
    assert.match(query.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(query.text, /<Message>Credential should be scoped to correct service: &apos;iam&apos;\. <\/Message>/);
    const json = await send({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.DescribeOrganization' }, '{}');
    assert.equal(json.status, 400);
    assert.deepEqual(JSON.parse(json.text), {
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'organizations'. ",
    });
  });

  it('an operation Gatehouse does not implement yet is refused with NotImplemented, not a crash', async () => {
    const s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, forcePathStyle: true, maxAttempts: 1 });
    const err = await rejection(s3.send(new GetBucketVersioningCommand({ Bucket: 'any-bucket' })));
    assert.equal(err.status, 501);
    assert.equal(err.name, 'NotImplemented');
  });

  it('REST-JSON services are routed by method and path and answer in JSON', async () => {
    const analyzer = new AccessAnalyzerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    // An operation of the model Gatehouse does not implement (the service-linked analyzers).
    const err = await rejection(analyzer.send(new CreateServiceLinkedAnalyzerCommand({ type: 'ACCOUNT_UNUSED_ACCESS' })));
    assert.equal(err.status, 501);
    assert.equal(err.name, 'NotImplemented');
  });

  it('serves health and Prometheus metrics', async () => {
    const health = await fetch(`${server.endpoint}/_gatehouse/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', storage: 'sqlite', accountId: TEST_ACCOUNT_ID });
    const scrape = async () => {
      const text = await (await fetch(`${server.endpoint}/_gatehouse/metrics`)).text();
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
      return {
        ok: value(/gatehouse_requests_total\{service="sts",operation="GetCallerIdentity",status="200"\} (\d+)/),
        forged: value(/gatehouse_requests_total\{service="sts",operation="GetCallerIdentity",status="403"\} (\d+)/),
        timed: value(/gatehouse_request_duration_seconds_count\{service="sts"\} (\d+)/),
      };
    };
    const before = await scrape();
    for (let i = 0; i < 3; i++) await sts(server).send(new GetCallerIdentityCommand({}));
    const forger = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { ...server.credentials, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    await rejection(forger.send(new GetCallerIdentityCommand({})));
    const after = await scrape();
    // Each call is counted once, in its own series, and timed.
    assert.deepEqual({ ok: after.ok - before.ok, forged: after.forged - before.forged, timed: after.timed - before.timed }, { ok: 3, forged: 1, timed: 4 });
  });

  it('dev-mode reset restores the bootstrapped state with the same account and root keys', async () => {
    const started = performance.now();
    const res = await fetch(`${server.endpoint}/_gatehouse/reset`, { method: 'POST' });
    const elapsed = performance.now() - started;
    assert.equal(res.status, 200);
    assert.ok(elapsed < 1000, `reset took ${elapsed} ms`);
    const out = await sts(server).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
  });

  it('a reset while writes are in flight waits for them: no request fails with a 500, and the reset state is clean', async () => {
    const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const statuses: number[] = [];
    const write = async (i: number) => {
      try {
        await iam.send(new CreateUserCommand({ UserName: `racer-${i}`, Tags: [{ Key: 'n', Value: String(i) }] }));
        await iam.send(new TagUserCommand({ UserName: `racer-${i}`, Tags: [{ Key: 'm', Value: String(i) }] }));
        statuses.push(200);
      } catch (err) {
        statuses.push((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0);
      }
    };
    for (let round = 0; round < 5; round++) {
      const writes = Array.from({ length: 40 }, (_, i) => write(round * 40 + i));
      const reset = fetch(`${server.endpoint}/_gatehouse/reset`, { method: 'POST' });
      await Promise.all([...writes, reset.then((r) => assert.equal(r.status, 200))]);
    }
    // A write may find its user gone after a reset (404) or already made (409); none fails inside.
    assert.deepEqual(
      statuses.filter((s) => s >= 500),
      [],
    );
    await fetch(`${server.endpoint}/_gatehouse/reset`, { method: 'POST' });
    assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users, []);
  });
});

describe('restart and non-dev mode', () => {
  it('keeps the account and keys across a restart', async () => {
    const first = await startTestServer();
    const before = await sts(first).send(new GetCallerIdentityCommand({}));
    await first.stop({ keepData: true });
    const second = await startTestServer({ dataDir: first.dataDir, env: { GATEHOUSE_ACCOUNT_ID: '999999999999' } });
    try {
      const again = await sts(second).send(new GetCallerIdentityCommand({}));
      assert.equal(again.Arn, before.Arn);
      assert.equal(second.gatehouse.bootstrapState.created, false);
    } finally {
      await second.stop();
    }
  });
});

describe('the server clock', () => {
  // Gatehouse's clock one hour ahead of this machine's, as a server whose clock differs would be.
  const AHEAD_MS = 60 * 60 * 1000;
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + AHEAD_MS) });
  });
  after(async () => {
    await server.stop();
  });

  it('every response carries the server clock in its Date header', async () => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(response.status, 403);
    const date = Date.parse(response.headers.get('date') ?? '');
    assert.ok(Math.abs(date - (Date.now() + AHEAD_MS)) < 5000, `Date ${response.headers.get('date')} is not the server clock`);
  });

  it('an SDK whose clock is an hour off is refused once, corrects its clock from the Date header, and succeeds', async () => {
    const client = sts(server, server.credentials, { maxAttempts: 3 });
    const identity = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    const offset = client.config.systemClockOffset ?? 0;
    assert.ok(Math.abs(offset - AHEAD_MS) < 5000, `the SDK's clock offset is ${offset} ms`);
    // With one attempt and the corrected clock, the next call succeeds at once.
    const again = sts(server, server.credentials, { systemClockOffset: offset });
    assert.equal((await again.send(new GetCallerIdentityCommand({}))).Account, TEST_ACCOUNT_ID);
  });
});
