import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { openStore } from '../../src/store/index.js';
import { TEST_ACCOUNT_ID, TEST_ROOT } from '../support/gatehouse.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const BURST = 400;
const CONCURRENCY = 32;
const KILL_AFTER = 120;

/** `gatehouse serve --dev` as a real child process; resolves with its endpoint once it listens. */
function serve(dataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--dev', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      GATEHOUSE_ACCOUNT_ID: TEST_ACCOUNT_ID,
      GATEHOUSE_ROOT_ACCESS_KEY_ID: TEST_ROOT.accessKeyId,
      GATEHOUSE_ROOT_SECRET_ACCESS_KEY: TEST_ROOT.secretAccessKey,
    },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"endpoint":"(http:\/\/[^"]+)"/.exec(out);
      if (m) resolve({ child, endpoint: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`gatehouse exited with ${code} before listening:\n${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('kill -9 during a burst of mutations', () => {
  let dataDir: string;
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves every committed mutation with its record and no record without its mutation', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-crash-'));
    const first = await serve(dataDir);
    const iam = new IAMClient({ endpoint: first.endpoint, region: 'us-east-1', credentials: TEST_ROOT, maxAttempts: 1 });
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < BURST) {
        const name = `burst-${next++}`;
        try {
          await iam.send(new CreateUserCommand({ UserName: name }));
          acknowledged.push(name);
          if (acknowledged.length >= KILL_AFTER && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          if (!killed) throw new Error(`CreateUser ${name} failed before the kill`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await exited(first.child);
    assert.ok(killed, 'the server was killed mid-burst');
    assert.ok(next > KILL_AFTER && acknowledged.length < BURST, `killed mid-burst (${acknowledged.length} acknowledged of ${next} sent)`);

    const second = await serve(dataDir);
    second.child.kill('SIGTERM');
    await exited(second.child);

    const store = await openStore({ dataDir });
    try {
      const users = new Set(
        (await store.db.selectFrom('users').select('name').where('account_id', '=', TEST_ACCOUNT_ID).where('name', 'like', 'burst-%').execute()).map(
          (u) => u.name,
        ),
      );
      const records = await store.db.selectFrom('audit_events').select(['record', 'error_code']).where('event_name', '=', 'CreateUser').execute();
      const recorded = new Set(
        records
          .filter((r) => r.error_code === null)
          .map((r) => (JSON.parse(r.record) as { requestParameters: { userName: string } }).requestParameters.userName),
      );
      for (const name of acknowledged) assert.ok(users.has(name), `acknowledged user ${name} exists after the restart`);
      for (const name of users) assert.ok(recorded.has(name), `user ${name} has its CreateUser record`);
      for (const name of recorded) assert.ok(users.has(name), `the CreateUser record of ${name} has its user`);
    } finally {
      await store.close();
    }
  });
});
