import type { RepositoryContext } from './context.js';

export interface AuditLeasesRepository {
  /**
   * Takes or renews the lease `name` for `holder` until `expiresAt` when it is free, expired or
   * already the holder's. Returns whether `holder` holds it. Call it inside a transaction.
   */
  acquire(name: string, holder: string, now: string, expiresAt: string): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}

/** Leases that elect one node for a background duty (trail delivery, pruning). */
export function auditLeasesRepository({ db }: RepositoryContext): AuditLeasesRepository {
  return {
    async acquire(name, holder, now, expiresAt) {
      await db
        .insertInto('audit_leases')
        .values({ name, holder, expires_at: expiresAt })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const result = await db
        .updateTable('audit_leases')
        .set({ holder, expires_at: expiresAt })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async release(name, holder) {
      await db.deleteFrom('audit_leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
