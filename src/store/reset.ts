import { sql, type Kysely } from 'kysely';
import { DATA_TABLES, type Database } from './schema.js';

/**
 * Deletes every row of every data table on `db` (run it inside a transaction). PostgreSQL uses
 * one TRUNCATE; SQLite deletes children before parents so foreign keys hold throughout.
 * Kysely's migration bookkeeping is kept.
 */
export async function deleteAllRows(kind: 'sqlite' | 'postgres', db: Kysely<Database>): Promise<void> {
  if (kind === 'postgres') {
    // The inbox first: an audit group commit (which takes no write lock) locks the inbox and then
    // the chain head, so truncating the chain head before the inbox could deadlock with one.
    await sql`lock table audit_inbox in access exclusive mode`.execute(db);
    await sql`truncate table ${sql.join(DATA_TABLES.map((t) => sql.table(t)))}`.execute(db);
    return;
  }
  for (const table of DATA_TABLES) await db.deleteFrom(table).execute();
}
