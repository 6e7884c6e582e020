import type { KvRepository } from '../types.js';
import type { RepositoryContext } from './context.js';

/** The key/value table over one database handle. */
export function kvRepository({ db }: RepositoryContext): KvRepository {
  return {
    async get(key: string) {
      const row = await db.selectFrom('kv').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },

    async set(key: string, value: string) {
      await db
        .insertInto('kv')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    async setIfAbsent(key: string, value: string) {
      const result = await db
        .insertInto('kv')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async delete(key: string) {
      const result = await db.deleteFrom('kv').where('key', '=', key).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
