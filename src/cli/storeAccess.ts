import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openStore, SQLITE_FILE, type Store } from '../store/index.js';

/** Where the offline commands find the data directory's store: flags, then the server's environment variables. */
export interface StoreFlags {
  readonly dataDir?: string | undefined;
  readonly database?: string | undefined;
}

/** A store-level problem the user can fix: printed without a stack, exit status 2. */
export class StoreAccessError extends Error {}

/**
 * Opens the data directory's store (SQLite in `--data-dir`, or `--database` PostgreSQL), runs `fn`
 * and closes it. With `create`, an empty data directory gets a new store (migrated, with its master key).
 */
export async function withStore<T>(flags: StoreFlags, fn: (store: Store) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const dataDir = resolve(flags.dataDir ?? process.env['GATEHOUSE_DATA_DIR'] ?? '.gatehouse');
  const databaseUrl = flags.database ?? process.env['GATEHOUSE_DATABASE_URL'];
  if (!databaseUrl && options.create !== true && !existsSync(join(dataDir, SQLITE_FILE))) {
    throw new StoreAccessError(`no Gatehouse database in \`${dataDir}\` (pass --data-dir or --database)`);
  }
  const store = await openStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}), masterKey: process.env['GATEHOUSE_MASTER_KEY'] || undefined });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
