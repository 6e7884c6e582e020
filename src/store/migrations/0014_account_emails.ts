import { sql, type Kysely } from 'kysely';

/**
 * Every account has an email address (AWS: Organizations returns it as the account's `Email` and
 * the management account's as `MasterAccountEmail`). Management accounts bootstrapped before
 * bootstrap gave them one get the default it gives now (`defaultAccountEmail`): a reserved
 * `.invalid` domain, so it reaches nobody.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update accounts set email = 'root@' || id || '.gatehouse.invalid' where email is null`.execute(db);
}

/** The default addresses go back to none (an operator's own address stays). */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`update accounts set email = null where email = 'root@' || id || '.gatehouse.invalid'`.execute(db);
}
