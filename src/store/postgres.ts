import { Kysely, sql } from 'kysely';
import pg from 'pg';
import type { StoreLogger } from './options.js';
import { SchemaScopedPostgresDialect } from './pgIntrospector.js';
import type { Database } from './schema.js';

/** An open PostgreSQL pool behind Kysely, bound to one schema. */
export interface PostgresBackend {
  readonly db: Kysely<Database>;
  /** The schema holding Gatehouse's tables (the connection's current schema unless one was given). */
  readonly schema: string;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Whether `url` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}

async function createSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/**
 * Opens a pool on `connectionString`. With `schema` (lowercase letters, digits, `_`), creates it
 * if absent and puts it first on every connection's `search_path`.
 */
export async function openPostgres(connectionString: string, schema: string | undefined, logger?: StoreLogger): Promise<PostgresBackend> {
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema name \`${schema}\` must match ${SCHEMA_NAME.source}`);
    await createSchema(connectionString, schema);
  }
  const pool = new pg.Pool({
    connectionString,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  pool.on('error', (error) => logger?.info({ reason: error.message }, 'idle database connection failed'));
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  try {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const current = rows[0]?.schema;
    if (current === null || current === undefined) throw new Error('the connection has no current schema');
    return { db, schema: current, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
