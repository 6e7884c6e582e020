import { sql, type Kysely } from 'kysely';
import { DATA_TABLES, type Database } from './schema.js';

/**
 * Deletes every row of every data table on `db` (run it inside a transaction). PostgreSQL uses
 * one TRUNCATE; SQLite deletes children before parents so foreign keys hold throughout.
 * Kysely's migration bookkeeping is kept.
 */
export async function deleteAllRows(kind: 'sqlite' | 'postgres', db: Kysely<Database>): Promise<void> {
  if (kind === 'postgres') {
    await sql`truncate table ${sql.join(DATA_TABLES.map((t) => sql.table(t)))}`.execute(db);
    return;
  }
  for (const table of DATA_TABLES) await db.deleteFrom(table).execute();
}
