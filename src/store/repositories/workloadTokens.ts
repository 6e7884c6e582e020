import type { Selectable } from 'kysely';
import type { RepositoryContext } from './context.js';
import type { WorkloadTokensTable } from './workloadIdentityTables.js';

/** A workload token as stored: never the token itself, only its SHA-256. */
export interface WorkloadTokenRecord {
  readonly tokenId: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly description: string;
  /** SHA-256 of the token, lower-case hex. */
  readonly tokenHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** Role credentials issued for a token, kept (sealed) to be handed out again until they are due for rotation. */
export interface IssuedWorkloadCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** ISO-8601. */
  readonly expiration: string;
}

/** Gatehouse workload tokens, which the container credentials endpoint exchanges for role credentials. */
export interface WorkloadTokensRepository {
  create(record: Omit<WorkloadTokenRecord, 'revokedAt' | 'lastUsedAt'>): Promise<WorkloadTokenRecord>;
  get(tokenId: string): Promise<WorkloadTokenRecord | undefined>;
  /** Every token, newest first (of one account, when given). */
  list(accountId?: string): Promise<WorkloadTokenRecord[]>;
  /** Marks the token revoked (and forgets its credentials); false when there is no such token or it was revoked already. */
  revoke(tokenId: string, at: string): Promise<boolean>;
  /** The credentials last issued for the token, unsealed; undefined when none are kept. */
  credentials(tokenId: string): Promise<IssuedWorkloadCredentials | undefined>;
  /** Keeps newly issued credentials for the token and records its use. */
  saveCredentials(tokenId: string, credentials: IssuedWorkloadCredentials, at: string): Promise<void>;
}

/** The additional authenticated data binding sealed credentials to their token. */
function credentialsAad(tokenId: string): string {
  return `workload-token:${tokenId}:credentials`;
}

function recordOf(row: Selectable<WorkloadTokensTable>): WorkloadTokenRecord {
  return {
    tokenId: row.token_id,
    accountId: row.account_id,
    roleArn: row.role_arn,
    description: row.description,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Workload tokens over one database handle; their credentials sealed with the key ring. */
export function workloadTokensRepository({ db, keyRing }: RepositoryContext): WorkloadTokensRepository {
  return {
    async create(record) {
      const full: WorkloadTokenRecord = { ...record, revokedAt: null, lastUsedAt: null };
      await db
        .insertInto('workload_tokens')
        .values({
          token_id: full.tokenId,
          account_id: full.accountId,
          role_arn: full.roleArn,
          description: full.description,
          token_hash: full.tokenHash,
          created_at: full.createdAt,
          expires_at: full.expiresAt,
          revoked_at: null,
          last_used_at: null,
          credentials_sealed: null,
          credentials_expire_at: null,
        })
        .execute();
      return full;
    },
    async get(tokenId) {
      const row = await db.selectFrom('workload_tokens').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
      return row === undefined ? undefined : recordOf(row);
    },
    async list(accountId) {
      let query = db.selectFrom('workload_tokens').selectAll();
      if (accountId !== undefined) query = query.where('account_id', '=', accountId);
      const rows = await query.orderBy('created_at', 'desc').orderBy('token_id').execute();
      return rows.map(recordOf);
    },
    async revoke(tokenId, at) {
      const result = await db
        .updateTable('workload_tokens')
        .set({ revoked_at: at, credentials_sealed: null, credentials_expire_at: null })
        .where('token_id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async credentials(tokenId) {
      const row = await db.selectFrom('workload_tokens').select('credentials_sealed').where('token_id', '=', tokenId).executeTakeFirst();
      if (row?.credentials_sealed == null) return undefined;
      return JSON.parse(keyRing.open(row.credentials_sealed, credentialsAad(tokenId))) as IssuedWorkloadCredentials;
    },
    async saveCredentials(tokenId, credentials, at) {
      await db
        .updateTable('workload_tokens')
        .set({
          credentials_sealed: keyRing.seal(JSON.stringify(credentials), credentialsAad(tokenId)),
          credentials_expire_at: credentials.expiration,
          last_used_at: at,
        })
        .where('token_id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
