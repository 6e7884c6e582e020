import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeRootCredentials } from '../../src/server/index.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const run = promisify(execFile);
const AWS = process.env['GATEHOUSE_TEST_AWS_CLI'] ?? '/usr/bin/aws';
const available = existsSync(AWS);
if (!available && process.env['CI']) throw new Error(`the AWS CLI is required in CI but ${AWS} does not exist`);

/** Runs the real AWS CLI v2 against the test server with a credentials file of our making. */
async function aws(home: string, endpoint: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  try {
    const { stdout, stderr } = await run(AWS, ['--endpoint-url', endpoint, '--output', 'json', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the AWS CLI v2 against Gatehouse', { skip: available ? false : `no AWS CLI at ${AWS} (install Debian's awscli)` }, () => {
  let server: TestServer;
  let home: string;
  before(async () => {
    server = await startTestServer();
    home = await mkdtemp(join(tmpdir(), 'gatehouse-awscli-'));
    const { text } = await writeRootCredentials(home, server.gatehouse.bootstrapState, server.endpoint, 'us-east-1');
    await writeFile(
      join(home, 'credentials'),
      text +
        `\n[tampered]\naws_access_key_id = ${server.credentials.accessKeyId}\naws_secret_access_key = ${server.credentials.secretAccessKey}tampered\n` +
        `\n[unknown]\naws_access_key_id = AKIAUNKNOWNKEY000000\naws_secret_access_key = ${'u'.repeat(40)}\n`,
    );
    await writeFile(join(home, 'config'), '[default]\nregion = us-east-1\n[profile tampered]\nregion = us-east-1\n[profile unknown]\nregion = us-east-1\n');
  });
  after(async () => {
    await server.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('sts get-caller-identity with the root-credentials profile returns the root ARN', async () => {
    const out = await aws(home, server.endpoint, ['--profile', 'gatehouse-root', 'sts', 'get-caller-identity']);
    assert.equal(out.code, 0, out.stderr);
    const body = JSON.parse(out.stdout) as { Arn: string; Account: string };
    assert.equal(body.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`);
    assert.equal(body.Account, TEST_ACCOUNT_ID);
  });

  it('a tampered secret is refused with SignatureDoesNotMatch', async () => {
    const out = await aws(home, server.endpoint, ['--profile', 'tampered', 'sts', 'get-caller-identity']);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /SignatureDoesNotMatch/);
  });

  it('an unknown key is refused with InvalidClientTokenId', async () => {
    const out = await aws(home, server.endpoint, ['--profile', 'unknown', 'sts', 'get-caller-identity']);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /InvalidClientTokenId/);
  });
});
