import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.js';

/**
 * Every migration, in order. Names sort lexically; a new migration is a new `NNNN_name.ts` file
 * added here. The same set runs on SQLite and PostgreSQL.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001,
};

/** A provider over {@link MIGRATIONS}: no file system scanning, so it works from a bundle too. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
