import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { LookupEventsCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { AWS_CLI, AWS_CLI_SKIP } from '../support/awscli.js';

/**
 * The container credentials endpoint: a workload token issued by `gatehouse workload issue`, a
 * Node process with nothing but AWS_CONTAINER_CREDENTIALS_FULL_URI and the token calling STS with
 * the SDK's default credential chain, the same credentials until they near expiry, and
 * `gatehouse workload revoke` stopping new ones.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `gatehouse <args>` from the checkout. */
const gatehouse = (args: string[], env: NodeJS.ProcessEnv = {}) => run(['--import', 'tsx', 'src/cli/main.ts', ...args], { PATH: process.env['PATH'], ...env });

const TRUST_ECS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('the container credentials endpoint with workload tokens', () => {
  let server: TestServer;
  let now = new Date();
  let home: string;
  let roleArn: string;

  before(async () => {
    server = await startTestServer({ clock: () => now });
    home = await mkdtemp(join(tmpdir(), 'gatehouse-workload-home-'));
    const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify(TRUST_ECS) }))).Role!.Arn!;
  });
  after(async () => {
    await server.stop();
    await rm(home, { recursive: true, force: true });
  });

  async function issue(): Promise<{ tokenId: string; uri: string; token: string }> {
    const out = await gatehouse([
      'workload',
      'issue',
      '--role-arn',
      roleArn,
      '--expires',
      '12h',
      '--description',
      'batch job',
      '--data-dir',
      server.dataDir,
      '--endpoint',
      server.endpoint,
    ]);
    assert.equal(out.code, 0, out.stderr);
    const tokenId = /workload token (wkt-[0-9a-f]+)/.exec(out.stdout)![1]!;
    const uri = /^AWS_CONTAINER_CREDENTIALS_FULL_URI=(.+)$/m.exec(out.stdout)![1]!;
    const token = /^AWS_CONTAINER_AUTHORIZATION_TOKEN=(.+)$/m.exec(out.stdout)![1]!;
    return { tokenId, uri, token };
  }

  /** A Node process that knows nothing but the two variables, calling STS with the default chain. */
  async function whoAmI(uri: string, token: string) {
    const script = join(home, 'whoami.mjs');
    await writeFile(
      script,
      `import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';\n` +
        `const sts = new STSClient({ endpoint: process.argv[2], region: 'us-east-1', maxAttempts: 1 });\n` +
        `try { console.log((await sts.send(new GetCallerIdentityCommand({}))).Arn); } catch (err) { console.error(err.name, err.message); process.exit(3); }\n`,
    );
    return run([script, server.endpoint], {
      PATH: process.env['PATH'],
      HOME: home,
      NODE_PATH: join(ROOT, 'node_modules'),
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
    });
  }

  it('a process with only the URI and the token calls AWS with the default credential chain; revoking the token stops it', async () => {
    const { tokenId, uri, token } = await issue();
    assert.equal(uri, `${server.endpoint}/workload/credentials`);
    // The script resolves @aws-sdk from the checkout: it lives in a temporary directory.
    await writeFile(join(home, 'package.json'), '{"type":"module"}');
    const { symlink } = await import('node:fs/promises');
    await symlink(join(ROOT, 'node_modules'), join(home, 'node_modules')).catch(() => undefined);
    const first = await whoAmI(uri, token);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/app/${tokenId}`);

    const revoked = await gatehouse(['workload', 'revoke', tokenId, '--data-dir', server.dataDir]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const after = await whoAmI(uri, token);
    assert.equal(after.code, 3, 'the SDK finds no credentials');
    assert.match(after.stderr, /CredentialsProviderError|Could not load credentials/);
    const list = await gatehouse(['workload', 'list', '--data-dir', server.dataDir]);
    assert.match(list.stdout, new RegExp(`^${tokenId}\\t${roleArn.replace(/[/]/g, '\\/')}\\trevoked `, 'm'));
  });

  it('the AWS CLI reads the endpoint too', { skip: AWS_CLI_SKIP }, async () => {
    const { tokenId, uri, token } = await issue();
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(AWS_CLI, ['--endpoint-url', server.endpoint, '--region', 'us-east-1', '--output', 'json', 'sts', 'get-caller-identity'], {
        env: {
          PATH: process.env['PATH'],
          HOME: home,
          AWS_CONFIG_FILE: join(home, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(out.code, 0, out.stderr);
    assert.equal((JSON.parse(out.stdout) as { Arn: string }).Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/app/${tokenId}`);
  });

  it('hands out the same credentials until they near expiry, then new ones; an unknown token gets none', async () => {
    const { token, tokenId } = await issue();
    const get = async (authorization: string) => {
      const response = await fetch(`${server.endpoint}/workload/credentials`, { headers: { authorization } });
      return { status: response.status, json: (await response.json()) as Record<string, string> };
    };
    const a = await get(token);
    assert.equal(a.status, 200, JSON.stringify(a.json));
    assert.equal(a.json['RoleArn'], roleArn);
    assert.ok(typeof a.json['Token'] === 'string' && typeof a.json['Expiration'] === 'string');
    const b = await get(token);
    assert.equal(b.json['AccessKeyId'], a.json['AccessKeyId'], 'the same credentials');
    now = new Date(Date.parse(a.json['Expiration']!) - 10 * 60_000);
    const c = await get(token);
    assert.notEqual(c.json['AccessKeyId'], a.json['AccessKeyId'], 'rotated ten minutes before expiry');
    assert.ok(Date.parse(c.json['Expiration']!) > Date.parse(a.json['Expiration']!));
    now = new Date();
    const forged = `${token.slice(0, -4)}AAAA`;
    assert.equal((await get(forged)).status, 400, 'a token whose secret does not match');
    const trail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await server.gatehouse.flushAudit();
    const events = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetWorkloadCredentials' }] }));
    const records = events.Events!.map((e) => JSON.parse(e.CloudTrailEvent!)).filter((e) => e.userIdentity.principalId === tokenId);
    assert.equal(records.length, 3, 'every fetch with the token is recorded under its ID');
    for (const event of records) {
      assert.deepEqual(event.userIdentity, {
        type: 'Unknown',
        principalId: tokenId,
        userName: 'batch job',
        identityProvider: 'gatehouse',
        accountId: TEST_ACCOUNT_ID,
      });
    }
    assert.deepEqual(
      records.filter((e) => e.errorCode === undefined).map((e) => e.responseElements.accessKeyId),
      [c.json['AccessKeyId'], a.json['AccessKeyId'], a.json['AccessKeyId']],
    );
    const text = JSON.stringify(records);
    for (const secret of [a.json['SecretAccessKey']!, a.json['Token']!, c.json['SecretAccessKey']!, c.json['Token']!])
      assert.ok(!text.includes(secret), 'no secret in the records');
  });
});
