import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { DATA_TABLES } from './schema.js';
import { TEST_DATABASE_URL_VAR, testBackends, type TestBackend } from '../../test/support/storeBackends.js';

const url = process.env[TEST_DATABASE_URL_VAR];
const postgres = testBackends().find((b) => b.name === 'postgres')!;

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL introspection stays in its own schema', { skip: postgres.skip }, () => {
  const opened: TestBackend[] = [];
  after(async () => {
    for (const backend of opened) await backend.cleanup();
  });

  test("lists only the store's own tables, though other schemas hold tables too", async () => {
    if (postgres.missing !== undefined) throw new Error(postgres.missing);
    const other = `gh_other_${randomBytes(6).toString('hex')}`;
    await withClient((c) => c.query(`CREATE SCHEMA "${other}"; CREATE TABLE "${other}".users (id serial primary key, name text)`));
    const backend = postgres.fresh();
    opened.push(backend);
    const store = await backend.open();
    try {
      const tables = await store.db.introspection.getTables();
      assert.deepEqual(tables.map((t) => t.name).sort(), [...DATA_TABLES].sort());
      assert.equal(new Set(tables.map((t) => t.schema)).size, 1);
      assert.notEqual(tables[0]!.schema, other);
      const withKysely = await store.db.introspection.getTables({ withInternalKyselyTables: true });
      assert.ok(withKysely.some((t) => t.name === 'kysely_migration'));
      const users = tables.find((t) => t.name === 'users')!;
      assert.ok(users.columns.length > 0);
      assert.ok(users.columns.every((c) => typeof c.dataType === 'string' && c.dataType !== ''));
    } finally {
      await store.close();
      await withClient((c) => c.query(`DROP SCHEMA "${other}" CASCADE`));
    }
  });

  test('a node starts while other schemas on the same database are created and dropped', async () => {
    if (postgres.missing !== undefined) throw new Error(postgres.missing);
    let churning = true;
    let churned = 0;
    const churn = withClient(async (c) => {
      while (churning) {
        const name = `gh_churn_${randomBytes(6).toString('hex')}`;
        await c.query(`CREATE SCHEMA "${name}"; CREATE TABLE "${name}".t (id serial primary key, v text); CREATE TABLE "${name}".u (id serial primary key)`);
        await c.query(`DROP SCHEMA "${name}" CASCADE`);
        churned++;
      }
    });
    try {
      for (let i = 0; i < 6; i++) {
        const backend = postgres.fresh();
        opened.push(backend);
        const store = await backend.open();
        await store.close();
      }
    } finally {
      churning = false;
      await churn;
    }
    assert.ok(churned > 0, 'other schemas were created and dropped while the nodes started');
  });
});
