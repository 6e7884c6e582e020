import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { consoleApi } from '../support/console.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const EMAIL = `root@${TEST_ACCOUNT_ID}.gatehouse.invalid`;

/** Runs the real CLI with `input` on standard input; its exit status and output. */
function gatehouse(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env['GATEHOUSE_DATA_DIR'];
  delete env['GATEHOUSE_DATABASE_URL'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('gatehouse root set-password', () => {
  let server: TestServer;
  let dataDir: string;

  before(async () => {
    server = await startTestServer();
    dataDir = server.dataDir;
    await server.stop({ keepData: true });
  });
  after(() => server.stop());

  it('refuses a password AWS would refuse for the root user, and a missing database', async () => {
    const weak = await gatehouse(['root', 'set-password', '--data-dir', dataDir], 'alllowercase\n');
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /at least three of/);
    const none = await gatehouse(['root', 'set-password', '--data-dir', `${dataDir}-missing`], 'Str0ng-Passw0rd!\n');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no Gatehouse database/);
  });

  it('sets the root password the console signs root in with', async () => {
    const set = await gatehouse(['root', 'set-password', '--data-dir', dataDir], 'Str0ng-Passw0rd!\n');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, new RegExp(`account ${TEST_ACCOUNT_ID} now signs in to the console with ${EMAIL}`));
    server = await startTestServer({ dataDir });
    const wrong = await consoleApi(server.endpoint, 'signin', { kind: 'root', email: EMAIL, password: 'Wrong-Passw0rd!' });
    assert.equal(wrong.status, 401);
    const right = await consoleApi(server.endpoint, 'signin', { kind: 'root', email: EMAIL, password: 'Str0ng-Passw0rd!' });
    assert.equal(right.status, 200, right.body);
    // AWS: the account summary says the root user has a password.
    const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials });
    assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountPasswordPresent, 1);
  });
});
