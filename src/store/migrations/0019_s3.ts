import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * Amazon S3: buckets (owner, region, bucket policy, Block Public Access, tags), each account's
 * Block Public Access, objects (metadata, tags, where their bytes are — a small object's bytes in
 * its row), multipart uploads and
 * their parts, and the PostgreSQL large objects that hold bytes.
 *
 * AWS: S3 lists keys "in UTF-8 binary order" (ListObjectsV2): keys and bucket names compare
 * byte by byte. SQLite's BINARY collation does; PostgreSQL's columns take the "C" collation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const binary = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => (postgres ? c.modifyFront(sql`collate "C"`).notNull() : c.notNull());
  await db.schema
    .createTable('s3_buckets')
    .addColumn('name', 'text', (c) => binary(c).primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('policy', 'text')
    .addColumn('public_access_block', 'text')
    .addColumn('tags', 'text')
    .addColumn('ownership', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('s3_buckets_by_account').on('s3_buckets').columns(['account_id', 'name']).execute();
  await db.schema
    .createTable('s3_account_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('public_access_block', 'text')
    .execute();
  await db.schema
    .createTable('s3_objects')
    .addColumn('bucket', 'text', (c) => binary(c))
    .addColumn('object_key', 'text', (c) => binary(c))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('tags', 'text')
    .addColumn('checksum', 'text')
    .addColumn('blobs', 'text', (c) => c.notNull())
    .addColumn('data', postgres ? 'bytea' : 'blob')
    .addPrimaryKeyConstraint('s3_objects_pk', ['bucket', 'object_key'])
    .execute();
  await db.schema
    .createTable('s3_uploads')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('bucket', 'text', (c) => binary(c))
    .addColumn('object_key', 'text', (c) => binary(c))
    .addColumn('initiated', 'text', (c) => c.notNull())
    .addColumn('initiator', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('tags', 'text')
    .addColumn('checksum_algorithm', 'text')
    .execute();
  await db.schema.createIndex('s3_uploads_by_key').on('s3_uploads').columns(['bucket', 'object_key', 'upload_id']).execute();
  await db.schema
    .createTable('s3_parts')
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text')
    .addColumn('blob', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('s3_parts_pk', ['upload_id', 'part_number'])
    .execute();
  await db.schema
    .createTable('s3_blobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['s3_blobs', 's3_parts', 's3_uploads', 's3_objects', 's3_account_settings', 's3_buckets']) await db.schema.dropTable(table).execute();
}
