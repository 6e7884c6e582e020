import type { Kysely } from 'kysely';

/**
 * The audit trail: one row per API call in CloudTrail's record format, hash-chained in `seq`
 * order (each row's hash covers the previous row's hash and its own record), the resources each
 * event names (for LookupEvents' ResourceType/ResourceName), and the chain head that serializes
 * appends across nodes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('event_time', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('event_source', 'text', (c) => c.notNull())
    .addColumn('read_only', 'integer', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('access_key_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_account_seq').on('audit_events').columns(['account_id', 'seq']).execute();
  await db.schema.createIndex('audit_events_account_time').on('audit_events').columns(['account_id', 'event_time']).execute();

  await db.schema
    .createTable('audit_event_resources')
    .addColumn('seq', 'integer', (c) => c.notNull().references('audit_events.seq').onDelete('cascade'))
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_event_resources_seq').on('audit_event_resources').columns(['seq']).execute();
  await db.schema.createIndex('audit_event_resources_name').on('audit_event_resources').columns(['resource_name']).execute();

  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_chain').execute();
  await db.schema.dropTable('audit_event_resources').execute();
  await db.schema.dropTable('audit_events').execute();
}
