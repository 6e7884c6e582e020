/**
 * Bad input never crashes Gatehouse or yields a 500: random and mutated requests, signed with
 * valid root credentials so that they reach decoding, authorization and the handlers, get AWS-shaped
 * 4xx errors (501 for operations not implemented), and the server keeps answering.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const require = createRequire(import.meta.url);
const iamOps = Object.keys((require('aws-sdk/apis/iam-2010-05-08.min.json') as { operations: object }).operations);
const stsOps = Object.keys((require('aws-sdk/apis/sts-2011-06-15.min.json') as { operations: object }).operations);
const orgOps = Object.keys((require('aws-sdk/apis/organizations-2016-11-28.min.json') as { operations: object }).operations);

describe('robustness against bad input', () => {
  let server: TestServer;
  let port: number;
  before(async () => {
    server = await startTestServer();
    port = Number(new URL(server.endpoint).port);
  });
  after(async () => {
    await server.stop();
  });

  async function send(service: string, headers: Record<string, string>, body: string): Promise<number> {
    const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service, sha256: Sha256 });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      headers: { host: `127.0.0.1:${port}`, ...headers },
      body,
    });
    const res = await fetch(`${server.endpoint}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
    await res.arrayBuffer();
    return res.status;
  }

  const value = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer().map(String),
    fc.constantFrom('', 'true', '-1', '0', '99999999999', '{"a":', '/', '*', 'arn:aws:iam::123456789012:user/x', '%00', '\u00ff'),
  );
  const paramName = fc.oneof(
    fc.constantFrom(
      'UserName',
      'RoleName',
      'GroupName',
      'PolicyArn',
      'PolicyDocument',
      'Path',
      'MaxItems',
      'Marker',
      'Tags.member.1.Key',
      'Tags.member.1.Value',
      'AssumeRolePolicyDocument',
      'DurationSeconds',
      'RoleArn',
      'RoleSessionName',
      'SerialNumber',
      'AccessKeyId',
      'Status',
      'PolicyInputList.member.1',
      'ActionNames.member.1',
    ),
    fc.string({ minLength: 1, maxLength: 12 }),
  );

  it('random query-protocol calls to IAM and STS answer 4xx or 501, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...iamOps.map((o) => ['iam', o] as const), ...stsOps.map((o) => ['sts', o] as const)),
        fc.array(fc.tuple(paramName, value), { maxLength: 6 }),
        async ([service, action], params) => {
          const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
          const body = new URLSearchParams([['Action', action], ['Version', version], ...params]).toString();
          const status = await send(service, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
          assert.ok(status < 500 || status === 501, `${service}:${action} ${body} answered ${status}`);
        },
      ),
      { numRuns: 300, seed: 20261121 },
    );
  });

  it('random JSON-protocol bodies to Organizations and CloudTrail answer 4xx or 501, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...orgOps), fc.oneof(fc.json(), fc.string({ maxLength: 60 })), async (operation, body) => {
        const status = await send(
          'organizations',
          { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSOrganizationsV20161128.${operation}` },
          body,
        );
        assert.ok(status < 500 || status === 501, `organizations:${operation} ${body} answered ${status}`);
      }),
      { numRuns: 200, seed: 20261122 },
    );
    const status = await send(
      'cloudtrail',
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' },
      '{"MaxResults": "many", "LookupAttributes": 7}',
    );
    assert.equal(status, 400);
  });

  it('a body over the 64 MiB limit is answered 413 RequestEntityTooLarge and its connection closed', async () => {
    const text = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${70 * 1024 * 1024}\r\n\r\n`,
        );
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        let sent = 0;
        const pump = (): void => {
          while (sent < 70 && !socket.destroyed && socket.write(chunk)) sent++;
          if (sent < 70 && !socket.destroyed)
            socket.once('drain', () => {
              sent++;
              pump();
            });
        };
        pump();
      });
      let received = '';
      socket.on('data', (data) => (received += data.toString()));
      socket.on('error', () => {}); // the server resets the connection once it has answered
      socket.on('close', () => resolve(received));
    });
    assert.match(text, /^HTTP\/1\.1 413 /);
    assert.match(text, /<Code>RequestEntityTooLarge<\/Code>/);
  });

  async function answer(service: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service, sha256: Sha256 });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      headers: { host: `127.0.0.1:${port}`, ...headers },
      body,
    });
    const res = await fetch(`${server.endpoint}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
    return { status: res.status, text: await res.text() };
  }
  const json = (target: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target });
  const organizations = (operation: string, input: object) => answer('organizations', json(`AWSOrganizationsV20161128.${operation}`), JSON.stringify(input));
  const cloudtrail = (operation: string, input: object) =>
    answer('cloudtrail', json(`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.${operation}`), JSON.stringify(input));
  const iam = (params: Record<string, string>) =>
    answer('iam', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, new URLSearchParams({ Version: '2010-05-08', ...params }).toString());

  it('answers what a model-driven fuzz run turned into 500s with AWS errors', async () => {
    // A null item of a JSON list: the models' lists are not sparse.
    const tags = await organizations('TagResource', { ResourceId: '123456789012', Tags: [null] });
    assert.equal(tags.status, 400);
    assert.deepEqual(JSON.parse(tags.text), {
      __type: 'InvalidInputException',
      message: 'You must specify a value for a required parameter.',
      Reason: 'INPUT_REQUIRED',
    });
    const lookup = await cloudtrail('LookupEvents', { LookupAttributes: [null] });
    assert.equal(lookup.status, 400);
    assert.match(lookup.text, /ValidationException.*Value null at 'lookupAttributes\.1\.member' failed to satisfy constraint: Member must not be null/);
    // Epoch seconds beyond any date.
    for (const reply of [await cloudtrail('LookupEvents', { StartTime: 1e13 }), await cloudtrail('ListPublicKeys', { EndTime: 1e13 })]) {
      assert.equal(reply.status, 400);
      assert.match(reply.text, /SerializationException/);
    }
    // A virtual MFA device name whose serial number would pass IAM's 256 characters (its QR code overflowed).
    const long = await iam({ Action: 'CreateVirtualMFADevice', VirtualMFADeviceName: 'm'.repeat(3000) });
    assert.equal(long.status, 400);
    assert.match(long.text, /<Code>ValidationError<\/Code>/);
    assert.match(long.text, /less than or equal to 226/);
    assert.equal((await iam({ Action: 'CreateVirtualMFADevice', VirtualMFADeviceName: 'm'.repeat(226) })).status, 200);
  });

  it("answers a header section over the limit in AWS's shape and closes the connection", async () => {
    const text = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Amz-Security-Token: ${'x'.repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`);
      });
      let received = '';
      socket.on('data', (data) => (received += data.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve(received));
    });
    assert.match(text, /^HTTP\/1\.1 400 /);
    assert.match(text, /\r\nConnection: close\r\n/i);
    assert.match(text, /<Code>RequestHeaderSectionTooLarge<\/Code>/);
  });

  it('is still healthy afterwards', async () => {
    const health = await fetch(`${server.endpoint}/_gatehouse/health`);
    assert.equal(health.status, 200);
  });
});
