import type { Selectable } from 'kysely';
import type { AccessKeysTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { AccessKeyRecord, AccessKeysRepository, AccessKeyStatus, AccessKeyUse, NewAccessKey } from '../types.js';
import type { RepositoryContext } from './context.js';
import { preparedQuery } from './prepared.js';

/** The AAD that binds a sealed secret to its access key row. */
export function accessKeyAad(accessKeyId: string): string {
  return `access-key:${accessKeyId}`;
}

const METADATA = ['access_key_id', 'account_id', 'user_name', 'status', 'created_at', 'last_used_at', 'last_used_service', 'last_used_region'] as const;

type MetadataRow = Pick<Selectable<AccessKeysTable>, (typeof METADATA)[number]>;

const keyById = preparedQuery((db, v: { accessKeyId: string }) =>
  db
    .selectFrom('access_keys')
    .select([...METADATA, 'secret_sealed'])
    .where('access_key_id', '=', v.accessKeyId),
);
const userKeys = preparedQuery((db, v: { accountId: string; userName: string }) =>
  db
    .selectFrom('access_keys')
    .select(METADATA)
    .where('account_id', '=', v.accountId)
    .where('user_name', '=', v.userName)
    .orderBy('created_at')
    .orderBy('access_key_id'),
);
const rootKeys = preparedQuery((db, v: { accountId: string }) =>
  db
    .selectFrom('access_keys')
    .select(METADATA)
    .where('account_id', '=', v.accountId)
    .where('user_name', 'is', null)
    .orderBy('created_at')
    .orderBy('access_key_id'),
);

function toRecord(row: MetadataRow): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    userName: row.user_name,
    status: row.status as AccessKeyStatus,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    lastUsedService: row.last_used_service,
    lastUsedRegion: row.last_used_region,
  };
}

/** Access keys over one database handle; secrets are sealed with the key ring before any write. */
export function accessKeysRepository({ db, keyRing, now }: RepositoryContext): AccessKeysRepository {
  return {
    async create(key: NewAccessKey) {
      const row = {
        access_key_id: key.accessKeyId,
        account_id: key.accountId,
        user_name: key.userName,
        status: key.status,
        secret_sealed: keyRing.seal(key.secretAccessKey, accessKeyAad(key.accessKeyId)),
        created_at: key.createdAt ?? now(),
        last_used_at: null,
        last_used_service: null,
        last_used_region: null,
      };
      await insertUnique('access key', key.accessKeyId, () => db.insertInto('access_keys').values(row).execute());
      return toRecord(row);
    },

    async get(accessKeyId: string) {
      const [row] = (await keyById(db, { accessKeyId })).rows;
      if (row === undefined) return undefined;
      return { ...toRecord(row), secretAccessKey: keyRing.open(row.secret_sealed, accessKeyAad(accessKeyId)) };
    },

    async listForUser(accountId: string, userName: string | null) {
      const { rows } = userName === null ? await rootKeys(db, { accountId }) : await userKeys(db, { accountId, userName });
      return rows.map(toRecord);
    },

    async listForAccount(accountId: string) {
      const rows = await db.selectFrom('access_keys').select(METADATA).where('account_id', '=', accountId).orderBy('created_at').execute();
      return rows.map(toRecord);
    },

    async updateStatus(accessKeyId: string, status: AccessKeyStatus) {
      const result = await db.updateTable('access_keys').set({ status }).where('access_key_id', '=', accessKeyId).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(accessKeyId: string) {
      const result = await db.deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async recordLastUsed(accessKeyId: string, use: AccessKeyUse) {
      await db
        .updateTable('access_keys')
        .set({ last_used_at: use.at, last_used_service: use.service, last_used_region: use.region })
        .where('access_key_id', '=', accessKeyId)
        .execute();
    },

    async renameUser(accountId: string, oldName: string, newName: string) {
      await db.updateTable('access_keys').set({ user_name: newName }).where('account_id', '=', accountId).where('user_name', '=', oldName).execute();
    },

    async resealAll() {
      const rows = await db.selectFrom('access_keys').select(['access_key_id', 'secret_sealed']).execute();
      let count = 0;
      for (const row of rows) {
        if (keyRing.isCurrent(row.secret_sealed)) continue;
        const aad = accessKeyAad(row.access_key_id);
        const resealed = keyRing.seal(keyRing.open(row.secret_sealed, aad), aad);
        await db
          .updateTable('access_keys')
          .set({ secret_sealed: resealed })
          .where('access_key_id', '=', row.access_key_id)
          .where('secret_sealed', '=', row.secret_sealed)
          .execute();
        count += 1;
      }
      return count;
    },
  };
}
