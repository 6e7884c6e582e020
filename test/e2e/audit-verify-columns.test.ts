/**
 * `gatehouse audit verify` checks every column derived from a record against the chained record:
 * LookupEvents filters by these columns, so a column edited apart from its record would hide an
 * event from a filtered lookup. Each derived column is tampered on its own row, in a real SQLite
 * file written by a real server and in a PostgreSQL database written by the real recorder.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { CompiledQuery } from 'kysely';
import Database from 'better-sqlite3';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { AuditRecorder } from '../../src/audit/recorder.js';
import { formatFinding, verifyRecords } from '../../src/audit/verifyRecords.js';
import type { AuditInput } from '../../src/audit/index.js';
import type { Principal } from '../../src/model/index.js';
import { SQLITE_FILE } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { randomAccountId, testBackends } from '../support/storeBackends.js';
import { startTestServer } from '../support/gatehouse.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function gatehouseAudit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

interface Row {
  seq: number;
  event_id: string;
  event_name: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  error_code: string | null;
}

/** One tampering: which row, the SQL that changes it, and the finding `verify` must print for it. */
interface Tampering {
  readonly column: string;
  readonly row: Row;
  readonly statement: string;
  readonly params: unknown[];
  readonly detail: RegExp;
}

/**
 * One tampering of each derived column, each on a row of its own (taken from `rows` in turn, among
 * those that have what the tampering needs), as SQL both SQLite and PostgreSQL run.
 */
function tamperings(rows: Row[], resourceSeqs: Set<number>, p: (n: number) => string): Tampering[] {
  const used = new Set<number>();
  const take = (ok: (r: Row) => boolean, column: string): Row => {
    const row = rows.find((r) => !used.has(r.seq) && ok(r));
    assert.ok(row, `the trail holds a row to tamper with for ${column}`);
    used.add(row.seq);
    return row;
  };
  const set = (column: string, value: unknown, detail: RegExp, ok: (r: Row) => boolean = () => true): Tampering => {
    const row = take(ok, column);
    return { column, row, statement: `update audit_events set ${column} = ${p(1)} where seq = ${p(2)}`, params: [value, row.seq], detail };
  };
  const createUser = (r: Row) => r.event_name === 'CreateUser' && resourceSeqs.has(r.seq);
  // The rows needing resources are taken first; the column tamperings take any rows left.
  const renamed = take(createUser, 'renamed resources');
  const removed = take(createUser, 'deleted resources');
  const added = take((r) => !resourceSeqs.has(r.seq), 'inserted resources');
  const list = [
    // The issue's own case: a CreateUser record hidden from EventName=CreateUser lookups.
    set('event_name', 'DeleteUser', /its event_name column says "DeleteUser" where its record says "CreateUser"/, (r) => r.event_name === 'CreateUser'),
    set('account_id', '999999999999', /its account_id column says "999999999999" where its record says "\d{12}"/),
    set('event_time', '2001-01-01T00:00:00Z', /its event_time column says "2001-01-01T00:00:00Z" where its record says "20\d\d-/),
    set('event_source', 'sts.amazonaws.com', /its event_source column says "sts.amazonaws.com" where its record says "iam.amazonaws.com"/),
    set('read_only', 7, /its read_only column says 7 where its record says [01]/),
    set('username', 'nobody', /its username column says "nobody" where its record says /),
    set('access_key_id', null, /its access_key_id column says null where its record says "AKIA/, (r) => r.access_key_id !== null),
    set('error_code', null, /its error_code column says null where its record says "/, (r) => r.error_code !== null),
    {
      column: 'audit_event_resources (renamed)',
      row: renamed,
      statement: `update audit_event_resources set resource_name = ${p(1)} where seq = ${p(2)}`,
      params: ['someone-else', renamed.seq],
      detail: /its audit_event_resources rows say \[AWS::IAM::User someone-else\] where its record says \[AWS::IAM::User /,
    },
    {
      column: 'audit_event_resources (deleted)',
      row: removed,
      statement: `delete from audit_event_resources where seq = ${p(1)}`,
      params: [removed.seq],
      detail: /its audit_event_resources rows say \[\] where its record says \[AWS::IAM::User /,
    },
    {
      column: 'audit_event_resources (inserted)',
      row: added,
      statement: `insert into audit_event_resources (seq, resource_type, resource_name) values (${p(1)}, 'AWS::IAM::User', 'planted')`,
      params: [added.seq],
      detail: /its audit_event_resources rows say \[AWS::IAM::User planted\] where its record says \[\]/,
    },
  ];
  return list;
}

function expectFindings(lines: readonly string[], list: readonly Tampering[]): void {
  for (const t of list) {
    const prefix = `MODIFIED record seq ${t.row.seq} (eventID ${t.row.event_id}): `;
    const line = lines.find((l) => l.startsWith(prefix) && t.detail.test(l));
    assert.ok(line, `${t.column} of seq ${t.row.seq} is named:\n${lines.join('\n')}`);
  }
  assert.equal(lines.filter((l) => l.startsWith('MODIFIED record')).length, list.length, lines.join('\n'));
}

describe('gatehouse audit verify checks each derived column against its record (SQLite, through the CLI)', () => {
  let dataDir: string;
  before(async () => {
    const server = await startTestServer();
    dataDir = server.dataDir;
    const root = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi']) await root.send(new CreateUserCommand({ UserName: name }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    const alice = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
    for (let i = 0; i < 3; i++) {
      await alice.send(new ListUsersCommand({})).catch(() => undefined); // denied: an error code and an access key
      await root.send(new GetUserCommand({ UserName: `ghost-${i}` })).catch(() => undefined);
      await root.send(new ListUsersCommand({}));
    }
    await server.gatehouse.flushAudit();
    await server.stop({ keepData: true });
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it('an untouched trail verifies; every tampered column is named with its row, and nothing else', async () => {
    assert.equal((await gatehouseAudit(['verify', '--data-dir', dataDir])).code, 0);
    const db = new Database(join(dataDir, SQLITE_FILE));
    db.pragma('foreign_keys = OFF');
    const rows = db.prepare('select seq, event_id, event_name, read_only, username, access_key_id, error_code from audit_events order by seq').all() as Row[];
    const resourceSeqs = new Set((db.prepare('select distinct seq from audit_event_resources').all() as { seq: number }[]).map((r) => r.seq));
    const list = tamperings(rows, resourceSeqs, () => '?');
    for (const t of list) db.prepare(t.statement).run(...t.params);
    db.close();

    const result = await gatehouseAudit(['verify', '--data-dir', dataDir]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    expectFindings(result.stdout.split('\n'), list);
  });
});

for (const backend of testBackends().filter((b) => b.name === 'postgres')) {
  describe('audit verify checks each derived column against its record (PostgreSQL, records from the real recorder)', { skip: backend.skip }, () => {
    let store: Store;
    after(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('every tampered column is named with its row, and nothing else', async () => {
      if (backend.missing !== undefined) assert.fail(backend.missing);
      store = await backend.open();
      const accountId = randomAccountId();
      const recorder = new AuditRecorder(store, pino({ level: 'silent' }));
      const root: Principal = { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, accessKeyId: 'AKIAROOTKEY000000000' };
      const alice: Principal = {
        type: 'IAMUser',
        accountId,
        arn: `arn:aws:iam::${accountId}:user/alice`,
        userId: 'AIDAALICE2222222222222',
        userName: 'alice',
        accessKeyId: 'AKIAALICEKEY00000000',
      };
      const call = (principal: Principal, operation: string, readOnly: boolean, input: Record<string, unknown>, failure?: string): AuditInput => ({
        principal,
        service: 'iam',
        operation,
        region: 'us-east-1',
        sourceIp: '192.0.2.1',
        userAgent: 'test',
        requestId: randomUUID(),
        time: new Date(),
        readOnly,
        input,
        ...(failure !== undefined ? { errorCode: failure, errorMessage: 'denied' } : { output: {} }),
      });
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi']) {
        // A mutation's record goes through the inbox, as the pipeline writes it.
        await store.transaction((tx) => recorder.recordInTransaction(tx, call(root, 'CreateUser', false, { UserName: name })));
        recorder.committed();
      }
      for (let i = 0; i < 3; i++) {
        recorder.record(call(alice, 'ListUsers', true, {}, 'AccessDenied'));
        recorder.record(call(root, 'GetUser', true, { UserName: `ghost-${i}` }, 'NoSuchEntity'));
        recorder.record(call(root, 'ListUsers', true, {}));
      }
      await recorder.close();
      assert.deepEqual((await verifyRecords(store)).findings, []);

      const rows = (
        await store.db
          .selectFrom('audit_events')
          .select(['seq', 'event_id', 'event_name', 'read_only', 'username', 'access_key_id', 'error_code'])
          .where('account_id', '=', accountId)
          .orderBy('seq')
          .execute()
      ).map((r) => ({ ...r, seq: Number(r.seq), read_only: Number(r.read_only) }));
      const resourceSeqs = new Set((await store.db.selectFrom('audit_event_resources').select('seq').execute()).map((r) => Number(r.seq)));
      const list = tamperings(rows, resourceSeqs, (n) => `$${n}`);
      for (const t of list) await store.db.executeQuery(CompiledQuery.raw(t.statement, t.params));
      expectFindings((await verifyRecords(store)).findings.map(formatFinding), list);
    });
  });
}
