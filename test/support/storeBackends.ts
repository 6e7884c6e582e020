import { after, before, describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreOptions } from '../../src/store/options.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/types.js';

/**
 * Test support: the backends a storage test runs against. SQLite uses a fresh temp directory;
 * PostgreSQL uses `GATEHOUSE_TEST_DATABASE_URL` (see `scripts/pg-test-server.sh`) with a fresh
 * random schema, dropped by `cleanup`, so parallel runs never collide.
 */
export interface TestBackend {
  readonly name: 'sqlite' | 'postgres';
  /** Why this backend is skipped here (PostgreSQL without a URL outside CI), if it is. */
  readonly skip: string | undefined;
  /** Set when the backend is required but unavailable: the suite must fail with this message. */
  readonly missing: string | undefined;
  /** Opens a store on this backend's database; every call of one backend shares the same database. */
  open(options?: Partial<StoreOptions>): Promise<Store>;
  /** A new, empty database of the same kind, for tests that need their own. */
  fresh(): TestBackend;
  /** Closes nothing; removes the temp directory or drops the schema. */
  cleanup(): Promise<void>;
}

/** The test PostgreSQL URL variable. */
export const TEST_DATABASE_URL_VAR = 'GATEHOUSE_TEST_DATABASE_URL';

function sqliteBackend(): TestBackend {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
  return {
    name: 'sqlite',
    skip: undefined,
    missing: undefined,
    open: (options = {}) => openStore({ dataDir, ...options }),
    fresh: sqliteBackend,
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(url: string | undefined): TestBackend {
  let dataDir: string | undefined;
  const schema = `gh_test_${randomBytes(6).toString('hex')}`;
  let skip: string | undefined;
  let missing: string | undefined;
  if (url === undefined || url === '') {
    const why = `${TEST_DATABASE_URL_VAR} is not set; run \`export ${TEST_DATABASE_URL_VAR}="$(scripts/pg-test-server.sh)"\``;
    if (process.env.CI) missing = why;
    else skip = why;
  }
  return {
    name: 'postgres',
    skip,
    missing,
    open: (options = {}) => {
      dataDir ??= mkdtempSync(join(tmpdir(), 'gatehouse-store-pg-'));
      return openStore({ dataDir, databaseUrl: url, schema, ...options });
    },
    fresh: () => postgresBackend(url),
    async cleanup() {
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
      if (url === undefined || url === '') return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** SQLite and PostgreSQL, each with its own fresh database. */
export function testBackends(): TestBackend[] {
  return [sqliteBackend(), postgresBackend(process.env[TEST_DATABASE_URL_VAR])];
}

/** A 12-digit account id unlikely to collide within one test database. */
export function randomAccountId(): string {
  return String(100_000_000_000 + (randomBytes(5).readUIntBE(0, 5) % 900_000_000_000));
}

/**
 * A `describe` block per backend (`<title> on sqlite`, `… on postgres`), with one store opened
 * before its tests and closed (and the backend cleaned up) after them; `body` reads the store
 * through `store()`, and may open more on `backend`. A required backend that is missing fails the block.
 */
export function describeOnBackends(title: string, body: (store: () => Store, backend: TestBackend) => void, options?: Partial<StoreOptions>): void {
  for (const backend of testBackends()) {
    describe(`${title} on ${backend.name}`, { skip: backend.skip }, () => {
      let opened: Store | undefined;
      before(async () => {
        if (backend.missing !== undefined) throw new Error(backend.missing);
        opened = await backend.open(options);
      });
      after(async () => {
        await opened?.close();
        await backend.cleanup();
      });
      body(() => {
        if (opened === undefined) throw new Error('the store opens before the tests run');
        return opened;
      }, backend);
    });
  }
}
