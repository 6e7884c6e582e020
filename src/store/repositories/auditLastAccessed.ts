import type { RepositoryContext } from './context.js';

/** One entity's most recent use of one service action. */
export interface ActionAccess {
  readonly entityArn: string;
  /** The service namespace (`iam`, `sts` …). */
  readonly service: string;
  readonly action: string;
  readonly at: string;
  readonly region: string;
}

export interface AuditLastAccessedRepository {
  /** Keeps, per entity and action, the latest of the stored and the given access. */
  record(accesses: readonly ActionAccess[]): Promise<void>;
  /** Every action access of these entities. */
  forEntities(entityArns: readonly string[]): Promise<ActionAccess[]>;
  /** Every action access of any entity of these accounts. */
  forAccounts(accountIds: readonly string[]): Promise<ActionAccess[]>;
}

/** Service and action last-accessed data (derived from the audit records) over one database handle. */
export function auditLastAccessedRepository({ db }: RepositoryContext): AuditLastAccessedRepository {
  return {
    async record(accesses) {
      for (const a of accesses) {
        await db
          .insertInto('audit_last_accessed')
          .values({ entity_arn: a.entityArn, service: a.service, action: a.action, last_at: a.at, region: a.region })
          .onConflict((oc) =>
            oc.columns(['entity_arn', 'service', 'action']).doUpdateSet({ last_at: a.at, region: a.region }).where('audit_last_accessed.last_at', '<', a.at),
          )
          .execute();
      }
    },

    async forEntities(entityArns) {
      if (entityArns.length === 0) return [];
      const rows = await db
        .selectFrom('audit_last_accessed')
        .selectAll()
        .where('entity_arn', 'in', [...entityArns])
        .execute();
      return rows.map((r) => ({ entityArn: r.entity_arn, service: r.service, action: r.action, at: r.last_at, region: r.region }));
    },

    async forAccounts(accountIds) {
      const out: ActionAccess[] = [];
      for (const accountId of accountIds) {
        // Entity ARNs are `arn:<partition>:iam::<account>:user/…` or `…:role/…`.
        const rows = await db.selectFrom('audit_last_accessed').selectAll().where('entity_arn', 'like', `arn:%:iam::${accountId}:%`).execute();
        out.push(...rows.map((r) => ({ entityArn: r.entity_arn, service: r.service, action: r.action, at: r.last_at, region: r.region })));
      }
      return out;
    },
  };
}
