import type { Kysely } from 'kysely';

/**
 * Organizations handshakes (invitations to join an organization, and the requests and approvals
 * of enabling all features): one row each, with the party they were sent to (an organization, an
 * account ID or an email address; `party_id_lower` for case-insensitive lookup by the recipient),
 * the tags to attach when it is accepted, the handshake it belongs to, and its state. A handshake's
 * expiry and the 30 days a closed one stays listed are applied when it is read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_handshakes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('party_type', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('party_id_lower', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('tags', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_handshakes_organization').on('org_handshakes').columns(['organization_id', 'requested_at']).execute();
  await db.schema.createIndex('org_handshakes_party').on('org_handshakes').columns(['party_id_lower']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('org_handshakes').execute();
}
