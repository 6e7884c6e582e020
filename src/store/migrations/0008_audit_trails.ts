import type { Kysely } from 'kysely';

/**
 * Trails and what the audit trail derives: CloudTrail trails with their delivery cursor and digest
 * chain state, the log files each trail delivered (for its hourly digest), each account's digest
 * signing keys (private key sealed), the delivery lease that elects one delivering node, and
 * service/action last-accessed data per IAM user and role.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trails')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('home_region', 'text', (c) => c.notNull())
    .addColumn('s3_bucket', 'text', (c) => c.notNull())
    .addColumn('s3_key_prefix', 'text')
    .addColumn('include_global', 'integer', (c) => c.notNull())
    .addColumn('multi_region', 'integer', (c) => c.notNull())
    .addColumn('log_validation', 'integer', (c) => c.notNull())
    .addColumn('event_selectors', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('is_logging', 'integer', (c) => c.notNull())
    .addColumn('start_logging_time', 'text')
    .addColumn('stop_logging_time', 'text')
    .addColumn('cursor_seq', 'integer', (c) => c.notNull())
    .addColumn('latest_delivery_time', 'text')
    .addColumn('latest_delivery_error', 'text')
    .addColumn('digest_start_time', 'text')
    .addColumn('latest_digest_time', 'text')
    .addColumn('last_digest_object', 'text')
    .addColumn('last_digest_hash', 'text')
    .addColumn('last_digest_signature', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('trails_pk', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('trail_log_files')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('trail_name', 'text', (c) => c.notNull())
    .addColumn('s3_object', 'text', (c) => c.notNull())
    .addColumn('first_seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('oldest_event_time', 'text', (c) => c.notNull())
    .addColumn('newest_event_time', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('digested', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('trail_log_files_pk', ['account_id', 'trail_name', 's3_object'])
    .execute();
  await db.schema.createIndex('trail_log_files_trail').on('trail_log_files').columns(['account_id', 'trail_name', 'digested']).execute();

  await db.schema
    .createTable('audit_signing_keys')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addPrimaryKeyConstraint('audit_signing_keys_pk', ['account_id', 'fingerprint'])
    .execute();

  await db.schema
    .createTable('audit_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_last_accessed')
    .addColumn('entity_arn', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_last_accessed_pk', ['entity_arn', 'service', 'action'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_last_accessed', 'audit_leases', 'audit_signing_keys', 'trail_log_files', 'trails']) {
    await db.schema.dropTable(table).execute();
  }
}
