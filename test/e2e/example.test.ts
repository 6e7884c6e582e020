import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeRootCredentials } from '../../src/server/index.js';
import { AWS_CLI, AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { gatehouseCli } from '../support/gatehouseCli.js';
import { startTestServer, type TestServer } from '../support/gatehouse.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The run-specific parts of an analysis' text: account IDs (in order of appearance) and dates. */
export function normalized(text: string): string {
  const accounts = new Map<string, string>();
  return text
    .replace(/\b\d{12}\b/g, (id) => {
      if (!accounts.has(id)) accounts.set(id, `<account ${accounts.size + 1}>`);
      return accounts.get(id)!;
    })
    .replace(/\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2} UTC)?/g, '<date>')
    .trimEnd();
}

/**
 * examples/flawed-account/run.sh builds a flawed account through the AWS CLI against a fresh
 * Gatehouse, exports it and analyses the export; its output is the README's, run-specific IDs and
 * dates aside, so neither can go stale.
 */
describe('the flawed-account example', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  let out: string;
  let stdout: string;

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    const { text } = await writeRootCredentials(home.dir, server.gatehouse.bootstrapState, server.endpoint, 'us-east-1');
    await home.appendCredentials(text);
    await home.appendConfig('\n[profile gatehouse-root]\nregion = us-east-1\n');
    out = await mkdtemp(join(tmpdir(), 'gatehouse-example-'));
    const result = await run('bash', [join(ROOT, 'examples/flawed-account/run.sh'), out], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      env: {
        PATH: `${dirname(AWS_CLI)}:${dirname(process.execPath)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
        HOME: home.dir,
        AWS_SHARED_CREDENTIALS_FILE: join(home.dir, 'credentials'),
        AWS_CONFIG_FILE: join(home.dir, 'config'),
        AWS_EC2_METADATA_DISABLED: 'true',
        GATEHOUSE_ENDPOINT: server.endpoint,
        GATEHOUSE: `${process.execPath} --import tsx ${join(ROOT, 'src/cli/main.ts')}`,
        NO_COLOR: '1',
      },
    });
    stdout = result.stdout;
  });
  after(async () => {
    await server?.stop();
    await home?.remove();
    if (out !== undefined) await rm(out, { recursive: true, force: true });
  });

  it('reports each planted flaw', () => {
    for (const line of [
      /^HIGH {6}iam_administrator_access_with_mfa +user\/alice$/m,
      /^MEDIUM {4}iam_rotate_access_key_90_days +user\/build-bot$/m,
      /^HIGH {6}iam_role_cross_account_readonlyaccess_policy +role\/partner-audit$/m,
      /^HIGH {6}gatehouse_role_trusts_account_without_condition +role\/partner-audit$/m,
      /^HIGH {6}iam-001 +user\/dev$/m,
    ]) {
      assert.match(stdout, line);
    }
  });

  it('does not report the path the SCP blocks, which the same export without its organization shows', async () => {
    assert.doesNotMatch(stdout, /^\S+ +(iam|sts)-\d{3} +user\/ci$/m);
    const iamOnly = await mkdtemp(join(tmpdir(), 'gatehouse-example-iam-'));
    try {
      for (const name of await readdir(out)) {
        if (/^(authorization-details|credential-report|password-policy|virtual-mfa-devices|account-summary|trails)\.json$/.test(name))
          await copyFile(join(out, name), join(iamOnly, name));
      }
      const unguarded = await gatehouseCli(['analyze', '--fail-on', 'none', iamOnly]);
      assert.match(unguarded.stdout, /^HIGH {6}iam-002 +user\/ci$/m);
    } finally {
      await rm(iamOnly, { recursive: true, force: true });
    }
  });

  it('is what the README shows', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- example-output -->\n```text\n([\s\S]*?)```/.exec(readme);
    assert.ok(block !== null, 'the README has the example output block');
    assert.equal(normalized(block[1]!), normalized(stdout));
  });
});
