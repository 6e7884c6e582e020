import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { test } from 'node:test';
import { KEY_RING_VERIFIER } from './keyRingCheck.js';
import { auditFrame } from './auditWriter.js';
import { migrateToLatest } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import * as accountEmails from './migrations/0014_account_emails.js';
import { DATA_TABLES } from './schema.js';
import { DuplicateError } from './storeErrors.js';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';
import type { Store } from './types.js';

async function tableNames(store: Store): Promise<string[]> {
  const schema = store.kind === 'postgres' ? await currentSchema(store) : undefined;
  const tables = await store.db.introspection.getTables();
  return tables
    .filter((t) => schema === undefined || t.schema === schema)
    .map((t) => t.name)
    .sort();
}

async function currentSchema(store: Store): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
  return rows[0]!.schema;
}

async function rowCount(store: Store, table: (typeof DATA_TABLES)[number]): Promise<number> {
  const row = await store.db.selectFrom(table).select(sql<string | number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describeOnBackends('transactions, migrations and reset', (opened, backend) => {
  test('migrations from empty create every table, and rerunning applies nothing', async () => {
    const store = opened();
    assert.deepEqual(await tableNames(store), [...DATA_TABLES].sort());
    const schema = store.kind === 'postgres' ? await currentSchema(store) : undefined;
    const applied = await sql<{
      name: string;
    }>`select name from ${sql.table(schema === undefined ? 'kysely_migration' : `${schema}.kysely_migration`)} order by name`.execute(store.db);
    assert.deepEqual(
      applied.rows.map((r) => r.name),
      Object.keys(MIGRATIONS),
    );
    assert.deepEqual(await migrateToLatest(store.db, schema), []);
    const second = await backend.open();
    await second.close();
    assert.deepEqual(await tableNames(store), [...DATA_TABLES].sort());
  });

  test('an account stored without an email address gets the default one (0014), and one with an address keeps it', async () => {
    const store = opened();
    const bare = randomAccountId(),
      named = randomAccountId();
    await store.accounts.create({ id: bare, name: 'bootstrapped before emails' });
    await store.accounts.create({ id: named, name: 'own address', email: 'ops@example.com' });
    // The migration writes beside the store: read in a transaction, past the store's account cache.
    const email = (id: string) => store.transaction(async (tx) => (await tx.accounts.get(id))?.email);
    await accountEmails.up(store.db);
    assert.equal(await email(bare), `root@${bare}.gatehouse.invalid`);
    assert.equal(await email(named), 'ops@example.com');
    await accountEmails.down(store.db);
    assert.equal(await email(bare), null);
    assert.equal(await email(named), 'ops@example.com');
  });

  test('read-check-write transactions never interleave (on PostgreSQL, across two nodes): a quota checked inside one holds', async () => {
    const store = opened();
    // Embedded SQLite serves one node; PostgreSQL is shared by several.
    const second = backend.name === 'postgres' ? await backend.open() : store;
    try {
      const id = randomAccountId();
      await store.transaction((tx) => tx.accounts.create({ id, name: 'quota' }));
      const LIMIT = 3;
      // Each transaction counts, waits (so that the others' counts overlap), and creates below the limit.
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? store : second).transaction(async (tx) => {
            const users = await tx.users.count(id);
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (users < LIMIT) await tx.users.create({ accountId: id, userId: `AIDAQUOTA${i}${id}`, name: `u${i}`, arn: `arn:aws:iam::${id}:user/u${i}` });
          }),
        ),
      );
      assert.equal(await store.users.count(id), LIMIT);
    } finally {
      if (second !== store) await second.close();
    }
  });

  test('a committed transaction keeps every write and returns its value', async () => {
    const store = opened();
    const id = randomAccountId();
    const result = await store.transaction(async (tx) => {
      await tx.accounts.create({ id, name: 'tx' });
      await tx.users.create({ accountId: id, userId: `AIDATX${id}`, name: 'u', arn: `arn:aws:iam::${id}:user/u` });
      assert.equal((await tx.users.get(id, 'U'))?.userId, `AIDATX${id}`);
      return 42;
    });
    assert.equal(result, 42);
    assert.equal((await store.accounts.get(id))?.name, 'tx');
    assert.equal((await store.users.getById(`AIDATX${id}`))?.name, 'u');
  });

  test('a throw rolls back every repository write, nested transactions included', async () => {
    const store = opened();
    const id = randomAccountId();
    const failure = new Error('boom');
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.accounts.create({ id, name: 'rolled back' });
        await tx.users.create({ accountId: id, userId: `AIDARB${id}`, name: 'u', arn: `arn:aws:iam::${id}:user/u` });
        await tx.transaction(async (inner) => {
          await inner.accessKeys.create({ accessKeyId: `AKIARB${id}`, accountId: id, userName: 'u', secretAccessKey: 's', status: 'Active' });
          await inner.kv.set(`rb.${id}`, 'v');
        });
        throw failure;
      }),
      (e: unknown) => e === failure,
    );
    assert.equal(await store.accounts.get(id), undefined);
    assert.equal(await store.users.getById(`AIDARB${id}`), undefined);
    assert.equal(await store.accessKeys.get(`AKIARB${id}`), undefined);
    assert.equal(await store.kv.get(`rb.${id}`), undefined);
  });

  test('a duplicate inside a transaction surfaces as DuplicateError and rolls back', async () => {
    const store = opened();
    const id = randomAccountId();
    await store.accounts.create({ id, name: 'dup' });
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.kv.set(`dup.${id}`, 'v');
        await tx.users.create({ accountId: id, userId: `AIDADUP1${id}`, name: 'Same', arn: 'a' });
        await tx.users.create({ accountId: id, userId: `AIDADUP2${id}`, name: 'SAME', arn: 'b' });
      }),
      DuplicateError,
    );
    assert.equal(await store.kv.get(`dup.${id}`), undefined);
    assert.equal(await store.users.get(id, 'same'), undefined);
  });

  test('reset deletes every row, keeps the schema, and the store stays usable', async () => {
    const store = opened();
    for (let i = 0; i < 50; i += 1) {
      const id = randomAccountId();
      await store.accounts.create({ id, name: `r${i}` });
      await store.users.create({ accountId: id, userId: `AIDARESET${id}`, name: 'u', arn: 'a' });
      await store.accessKeys.create({ accessKeyId: `AKIARESET${id}`, accountId: id, userName: 'u', secretAccessKey: 's', status: 'Active' });
    }
    await store.db.insertInto('tags').values({ account_id: '1', resource_kind: 'user', resource_id: 'u', key: 'k', value: 'v' }).execute();
    await store.kv.set('reset.me', 'v');

    await store.reset();

    for (const table of DATA_TABLES) {
      assert.equal(await rowCount(store, table), table === 'kv' ? 1 : 0, table);
    }
    assert.notEqual(await store.kv.get(KEY_RING_VERIFIER), undefined);
    assert.deepEqual(await tableNames(store), [...DATA_TABLES].sort());
    const id = randomAccountId();
    await store.accounts.create({ id, name: 'after reset' });
    assert.equal((await store.accounts.list()).length, 1);
  });

  test("a reset racing another node's audit group commits and mutations never fails", async () => {
    const store = opened();
    const second = backend.name === 'postgres' ? await backend.open() : store;
    const event = (id: string) => ({
      eventVersion: '1.10',
      eventTime: '2026-11-22T10:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'GetUser',
      eventID: id,
      readOnly: true,
      recipientAccountId: '123456789012',
    });
    const frame = (id: string) => auditFrame({ event: event(id), record: JSON.stringify(event(id)), decision: null, username: null, resources: [] });
    try {
      for (let round = 0; round < 15; round++) {
        await Promise.all([
          store.reset(),
          ...Array.from({ length: 4 }, async (_, i) => {
            await second.transaction((tx) => tx.auditEvents.enqueue(frame(`m-${round}-${i}`)));
            await second.appendAuditBatch(frame(`b-${round}-${i}`));
          }),
        ]);
      }
    } finally {
      if (second !== store) await second.close();
    }
  });
});
