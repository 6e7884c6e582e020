/**
 * Every response is well-formed in its protocol whatever the input, echoes of request values are
 * bounded, and bodies past their protocol's limit are refused before they are decoded.
 */
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserCommand, GetUserCommand, IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { CreatePolicyCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { JSON_BODY_LIMIT, QUERY_BODY_LIMIT } from '../../src/server/bodyLimits.js';

describe('error responses are well-formed and bounded', () => {
  let server: TestServer;
  let iam: IAMClient;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  describe('through the AWS CLI', { skip: AWS_CLI_SKIP }, () => {
    let home: AwsCliHome;
    before(async () => {
      home = await AwsCliHome.create(server.endpoint);
      await home.addProfile('root', server.credentials);
    });
    after(async () => home.remove());

    it('a user name holding a control character gets a ValidationError the CLI can read', async () => {
      const out = await home.aws(['--profile', 'root', 'iam', 'get-user', '--user-name', 'a\u0001b']);
      assert.notEqual(out.code, 0);
      assert.doesNotMatch(out.stderr, /Unable to parse response|invalid XML/);
      assert.match(out.stderr, /An error occurred \(ValidationError\) when calling the GetUser operation: The specified value for userName is invalid\./);
    });

    it('an echoed value holding a control character reaches the CLI written out', async () => {
      await home.aws(['--profile', 'root', 'iam', 'create-user', '--user-name', 'tagged']);
      const out = await home.aws(['--profile', 'root', 'iam', 'tag-user', '--user-name', 'tagged', '--tags', JSON.stringify([{ Key: 'a\u0001b', Value: 'v' }])]);
      assert.notEqual(out.code, 0);
      assert.doesNotMatch(out.stderr, /Unable to parse response|invalid XML/);
      assert.match(out.stderr, /An error occurred \(ValidationError\) when calling the TagUser operation: 1 validation error detected: Value 'a\\u0001b' at 'tags\.1\.member\.key'/);
    });
  });

  it('the SDK reads an echo of control characters, written out', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'sdk-tagged' }));
    await assert.rejects(iam.send(new TagUserCommand({ UserName: 'sdk-tagged', Tags: [{ Key: 'x\u0007\u001by', Value: 'v' }] })), (err: Error & { $metadata: { httpStatusCode: number } }) => {
      assert.equal(err.name, 'ValidationError');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, /^1 validation error detected: Value 'x\\u0007\\u001by' at 'tags\.1\.member\.key'/);
      return true;
    });
  });

  it('a 20 MB user name is not echoed whole', async () => {
    const name = 'a'.repeat(20 * 1024 * 1024);
    await assert.rejects(iam.send(new GetUserCommand({ UserName: name })), (err: Error) => {
      assert.equal(err.name, 'ValidationError');
      assert.ok(err.message.length < 2048, `a ${err.message.length}-character message`);
      assert.match(err.message, /^1 validation error detected: Value 'a{1024}…' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 128$/);
      return true;
    });
  });

  async function signedPost(service: string, headers: Record<string, string>, body: Buffer): Promise<Response> {
    const port = Number(new URL(server.endpoint).port);
    const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service, sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers: { host: `127.0.0.1:${port}`, ...headers }, body });
    return fetch(`${server.endpoint}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  }

  it('a query body past its limit is refused with 413 in the query protocol, before it is decoded', async () => {
    const body = Buffer.alloc(QUERY_BODY_LIMIT + 1, 'a');
    body.write('Action=GetUser&Version=2010-05-08&UserName=');
    const res = await signedPost('iam', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
    assert.equal(res.status, 413);
    const text = await res.text();
    assert.match(text, /^<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/">/);
    assert.match(text, /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('a JSON body past its limit is refused with 413 in the JSON protocol', async () => {
    const organizations = new OrganizationsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    try {
      const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Sid: 'x'.repeat(JSON_BODY_LIMIT) }] });
      await assert.rejects(organizations.send(new CreatePolicyCommand({ Name: 'big', Description: 'big', Type: 'SERVICE_CONTROL_POLICY', Content: content })), (err: Error & { $metadata: { httpStatusCode: number } }) => {
        assert.equal(err.name, 'RequestEntityTooLarge');
        assert.equal(err.$metadata.httpStatusCode, 413);
        return true;
      });
    } finally {
      organizations.destroy();
    }
  });
});
