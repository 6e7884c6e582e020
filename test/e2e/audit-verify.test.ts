import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { SQLITE_FILE } from '../../src/store/index.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Runs `gatehouse audit …` as a real child process. */
function gatehouse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, 'audit', ...args],
      { env: { ...process.env, GATEHOUSE_LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
      },
    );
  });
}

async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isoSecond = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('gatehouse audit verify names every tampered log file, digest and record', () => {
  let server: TestServer;
  let dataDir: string;
  let firstHourEnd: Date;
  let firstRecordsEnd: Date;
  let logDir: string;
  let laterFiles: string[];

  before(async () => {
    server = await startTestServer();
    dataDir = server.dataDir;
    const client = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    const cloudtrail = new CloudTrailClient(client);
    const iam = new IAMClient(client);
    const deliverer = server.gatehouse.audit.deliverer;
    const deliver = async () => {
      await server.gatehouse.flushAudit();
      await deliverer.deliverNow();
    };
    await cloudtrail.send(new CreateTrailCommand({ Name: 'sealed', S3BucketName: 'vault', EnableLogFileValidation: true }));
    await cloudtrail.send(new StartLoggingCommand({ Name: 'sealed' }));
    for (let i = 0; i < 2; i++) {
      await iam.send(new CreateUserCommand({ UserName: `early-${i}` }));
      await deliver();
    }
    firstHourEnd = new Date(Date.now() + 3_600_000);
    await deliverer.digestNow(firstHourEnd);
    await server.gatehouse.flushAudit();
    firstRecordsEnd = new Date();
    await sleep(1100);
    logDir = join(dataDir, 'trails', 'vault', 'AWSLogs', TEST_ACCOUNT_ID, 'CloudTrail');
    const early = new Set(await filesBelow(logDir));
    for (let i = 0; i < 5; i++) {
      await iam.send(new CreateUserCommand({ UserName: `late-${i}` }));
      await iam.send(new ListUsersCommand({}));
      await deliver();
    }
    await deliverer.digestNow(new Date(Date.now() + 7_200_000));
    laterFiles = (await filesBelow(logDir)).filter((f) => !early.has(f));
    assert.equal(laterFiles.length, 5);
    await server.stop({ keepData: true });
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('verifies an untouched trail and record chain (exit 0)', async () => {
    const result = await gatehouse(['verify', '--data-dir', dataDir]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^OK: \d+ records, 1 trails, 2 digest files, 7 log files verified/m);
  });

  it('refuses a directory without a database and a bad time (exit 2), creating nothing', async () => {
    const missing = join(dataDir, 'not-a-data-dir');
    const result = await gatehouse(['verify', '--data-dir', missing]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no Gatehouse database in/);
    assert.equal(existsSync(missing), false);
    const badTime = await gatehouse(['export', '--data-dir', dataDir, '--start', 'yesterday']);
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /--start `yesterday` is not an ISO-8601 time/);
  });

  it('exports every record as one JSON line', async () => {
    const out = join(dataDir, 'export.jsonl');
    const result = await gatehouse(['export', '--data-dir', dataDir, '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.length >= 12);
    assert.ok(lines.some((r) => r.eventName === 'CreateUser' && r.requestParameters.userName === 'late-4'));
    assert.ok(lines.every((r) => typeof r.eventID === 'string' && r.eventVersion === '1.10'));
  });

  it('says on stderr when records wait in the audit inbox, which neither verify nor export reads', async () => {
    // As a crash leaves it: a mutation's record committed to the inbox, not yet chained.
    const db = new Database(join(dataDir, SQLITE_FILE));
    try {
      db.prepare('insert into audit_inbox (frame) values (?)').run('waiting');
      for (const args of [['verify'], ['export', '--out', join(dataDir, 'inbox-export.jsonl')]]) {
        const result = await gatehouse([...args, '--data-dir', dataDir]);
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.match(result.stderr, /1 records wait in the audit inbox and are not yet chained/);
      }
    } finally {
      db.prepare('delete from audit_inbox').run();
      db.close();
    }
    assert.equal((await gatehouse(['verify', '--data-dir', dataDir])).stderr, '');
  });

  it('names a modified, a deleted, two reordered and an inserted log file; the untouched hour still verifies', async () => {
    const [modified, deleted, swapA, swapB] = laterFiles as [string, string, string, string];
    const bytes = await readFile(modified);
    bytes[bytes.length - 12] = bytes[bytes.length - 12]! ^ 0x01;
    await writeFile(modified, bytes);
    await rm(deleted);
    await rename(swapA, `${swapA}.tmp`);
    await rename(swapB, swapA);
    await rename(`${swapA}.tmp`, swapB);
    const inserted = laterFiles[4]!.replace(/_[A-Za-z0-9]{16}\.json\.gz$/, '_AAAAAAAAAAAAAAAA.json.gz');
    await copyFile(laterFiles[4]!, inserted);

    const result = await gatehouse(['verify', '--data-dir', dataDir]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.includes(`MODIFIED log file ${modified}: its SHA-256 differs from its digest`), result.stdout);
    assert.ok(
      lines.some((l) => l.startsWith(`DELETED log file ${deleted}:`)),
      result.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`REORDERED log file ${swapA}: it holds the content delivered as ${swapB}`)),
      result.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`REORDERED log file ${swapB}: it holds the content delivered as ${swapA}`)),
      result.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`INSERTED log file ${inserted}:`)),
      result.stdout,
    );
    assert.equal(lines.filter((l) => / (log|digest) file /.test(l)).length, 5, result.stdout);

    const firstHour = await gatehouse([
      'verify',
      '--data-dir',
      dataDir,
      '--start',
      isoSecond(new Date(firstHourEnd.getTime() - 60_000)),
      '--end',
      isoSecond(new Date(firstHourEnd.getTime() + 1000)),
    ]);
    assert.equal(firstHour.code, 0, firstHour.stdout + firstHour.stderr);
    assert.match(firstHour.stdout, /1 digest files, 2 log files verified/);
    await rm(inserted);
  });

  it('names a tampered digest file', async () => {
    const digests = await filesBelow(join(dataDir, 'trails', 'vault', 'AWSLogs', TEST_ACCOUNT_ID, 'CloudTrail-Digest'));
    const first = digests[0]!;
    await writeFile(first, gzipSync(gzipSync(await readFile(first))));
    const result = await gatehouse(['verify', '--data-dir', dataDir, '--trail', 'sealed']);
    assert.equal(result.code, 1);
    assert.ok(
      result.stdout.split('\n').some((l) => l.startsWith(`MODIFIED digest file ${first}:`)),
      result.stdout,
    );
  });

  it('names a modified, a deleted and two reordered stored records; the untouched range verifies', async () => {
    const db = new Database(join(dataDir, SQLITE_FILE));
    db.pragma('foreign_keys = OFF');
    const seqOf = (user: string) =>
      db.prepare(`select seq, event_id from audit_events where event_name = 'CreateUser' and record like ?`).get(`%"userName":"${user}"%`) as {
        seq: number;
        event_id: string;
      };
    const modified = seqOf('late-0');
    const deleted = seqOf('late-1');
    const swapA = seqOf('late-3');
    const swapB = {
      seq: swapA.seq + 1,
      event_id: (db.prepare('select event_id from audit_events where seq = ?').get(swapA.seq + 1) as { event_id: string }).event_id,
    };
    db.prepare(`update audit_events set record = replace(record, '"late-0"', '"innocent"') where seq = ?`).run(modified.seq);
    db.prepare('delete from audit_event_resources where seq = ?').run(deleted.seq);
    db.prepare('delete from audit_events where seq = ?').run(deleted.seq);
    // The two records trade places with their resource rows, as a careful forger would move them.
    for (const table of ['audit_events', 'audit_event_resources']) {
      db.prepare(`update ${table} set seq = -1 where seq = ?`).run(swapA.seq);
      db.prepare(`update ${table} set seq = ? where seq = ?`).run(swapA.seq, swapB.seq);
      db.prepare(`update ${table} set seq = ? where seq = -1`).run(swapB.seq);
    }
    db.close();

    const result = await gatehouse(['verify', '--data-dir', dataDir, '--trail', 'sealed']);
    assert.equal(result.code, 1);
    const lines = result.stdout.split('\n');
    assert.ok(lines.includes(`MODIFIED record seq ${modified.seq} (eventID ${modified.event_id}): its content does not match its chain hash`), result.stdout);
    assert.ok(lines.includes(`DELETED record seq ${deleted.seq}: missing before seq ${deleted.seq + 1}`), result.stdout);
    assert.ok(
      lines.some((l) => l.startsWith(`REORDERED record seq ${swapA.seq} (eventID ${swapB.event_id})`)),
      result.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`REORDERED record seq ${swapB.seq} (eventID ${swapA.event_id})`)),
      result.stdout,
    );
    assert.equal(lines.filter((l) => / record /.test(l)).length, 4, result.stdout);

    const untouched = await gatehouse([
      'verify',
      '--data-dir',
      dataDir,
      '--trail',
      'sealed',
      '--end',
      isoSecond(firstRecordsEnd),
      '--start',
      '2000-01-01T00:00:00Z',
    ]);
    assert.ok(!/ record /.test(untouched.stdout), untouched.stdout);
    assert.match(untouched.stdout, /\(([1-9]\d*) records, /, 'the untouched range holds records and they verify');
  });
});
