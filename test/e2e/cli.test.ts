import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GATEHOUSE_')) env[k] = v;
  return { ...env, ...extra };
}

function spawnServe(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; output: () => string; endpoint: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const endpoint = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"endpoint":"(http:\/\/[^"]+)"/.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, endpoint, exit };
}

describe('gatehouse serve (the real CLI)', () => {
  it('bootstraps a random account, writes 0600 root credentials, serves them, and exits cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
    try {
      const run = spawnServe(['--port', '0', '--data-dir', dataDir], cleanEnv());
      const endpoint = await run.endpoint;
      const file = join(dataDir, 'root-credentials');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      const text = await readFile(file, 'utf8');
      const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)![1]!;
      const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)![1]!;
      assert.match(accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(secretAccessKey.length, 40);
      assert.ok(run.output().includes(accessKeyId), 'the key ID is printed on first start');
      assert.ok(run.output().includes(file), 'so is the path of the credentials file');
      assert.ok(!run.output().includes(secretAccessKey), 'the secret access key is written to the 0600 file only, never printed');
      const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
      const me = await sts.send(new GetCallerIdentityCommand({}));
      assert.match(me.Arn ?? '', /^arn:aws:iam::[1-9]\d{11}:root$/);
      assert.equal((await fetch(`${endpoint}/_gatehouse/reset`, { method: 'POST' })).status, 404, 'reset exists only in dev mode');
      assert.ok(!/"level":\d+.*aws_secret_access_key/.test(run.output()), 'no secret in structured logs');
      run.child.kill('SIGTERM');
      assert.equal(await run.exit, 0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses fixed root keys outside dev mode', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
    try {
      const run = spawnServe(
        ['--port', '0', '--data-dir', dataDir],
        cleanEnv({ GATEHOUSE_ROOT_ACCESS_KEY_ID: 'AKIAFIXEDKEY00000000', GATEHOUSE_ROOT_SECRET_ACCESS_KEY: 'fixed-secret-0123456789' }),
      );
      run.endpoint.catch(() => undefined);
      assert.equal(await run.exit, 2);
      assert.match(run.output(), /only in dev mode/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
