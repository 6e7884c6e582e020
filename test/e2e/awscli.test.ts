import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeRootCredentials } from '../../src/server/index.js';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

describe('the AWS CLI v2 against Gatehouse', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    const { text } = await writeRootCredentials(home.dir, server.gatehouse.bootstrapState, server.endpoint, 'us-east-1');
    await home.appendCredentials(text);
    await home.addProfile('tampered', { accessKeyId: server.credentials.accessKeyId, secretAccessKey: `${server.credentials.secretAccessKey}tampered` });
    await home.addProfile('unknown', { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'u'.repeat(40) });
  });
  after(async () => {
    await server.stop();
    await home.remove();
  });

  it('sts get-caller-identity with the root-credentials profile returns the root ARN', async () => {
    const body = await home.json<{ Arn: string; Account: string }>(['--profile', 'gatehouse-root', 'sts', 'get-caller-identity']);
    assert.equal(body.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    assert.equal(body.Account, TEST_ACCOUNT_ID);
  });

  it('a tampered secret is refused with SignatureDoesNotMatch', async () => {
    const out = await home.aws(['--profile', 'tampered', 'sts', 'get-caller-identity']);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /SignatureDoesNotMatch/);
  });

  it('an unknown key is refused with InvalidClientTokenId', async () => {
    const out = await home.aws(['--profile', 'unknown', 'sts', 'get-caller-identity']);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /InvalidClientTokenId/);
  });
});
