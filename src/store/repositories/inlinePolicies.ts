import { sql } from 'kysely';
import type { PrincipalKind } from '../schema.js';
import type { RepositoryContext } from './context.js';

/** An inline policy embedded in a user, group or role. */
export interface InlinePolicyRecord {
  readonly policyName: string;
  readonly document: string;
}

/**
 * Inline policies. Entity names are matched case-insensitively (as IAM names are); policy names
 * exactly.
 */
export interface InlinePoliciesRepository {
  /** Creates or replaces. */
  put(accountId: string, kind: PrincipalKind, name: string, policyName: string, document: string): Promise<void>;
  get(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  /** Every inline policy of an entity, by policy name. */
  list(accountId: string, kind: PrincipalKind, name: string): Promise<InlinePolicyRecord[]>;
  delete(accountId: string, kind: PrincipalKind, name: string, policyName: string): Promise<boolean>;
  /** Follows a rename of a user or group: its inline policies (name in any case) move to `newName`. */
  renameHolder(accountId: string, kind: PrincipalKind, oldName: string, newName: string): Promise<void>;
}

/** Inline policies over one database handle. */
export function inlinePoliciesRepository({ db }: RepositoryContext): InlinePoliciesRepository {
  const owner = (accountId: string, kind: PrincipalKind, name: string) =>
    db
      .selectFrom('inline_policies')
      .select(['policy_name', 'document', 'principal_name'])
      .where('account_id', '=', accountId)
      .where('principal_kind', '=', kind)
      .where(sql<string>`lower(principal_name)`, '=', name.toLowerCase());
  const repo: InlinePoliciesRepository = {
    async put(accountId, kind, name, policyName, document) {
      await repo.delete(accountId, kind, name, policyName);
      await db
        .insertInto('inline_policies')
        .values({ account_id: accountId, principal_kind: kind, principal_name: name, policy_name: policyName, document })
        .execute();
    },

    async get(accountId, kind, name, policyName) {
      const row = await owner(accountId, kind, name).where('policy_name', '=', policyName).executeTakeFirst();
      return row === undefined ? undefined : { policyName: row.policy_name, document: row.document };
    },

    async list(accountId, kind, name) {
      const rows = await owner(accountId, kind, name).orderBy('policy_name').execute();
      return rows.map((r) => ({ policyName: r.policy_name, document: r.document }));
    },

    async delete(accountId, kind, name, policyName) {
      const result = await db
        .deleteFrom('inline_policies')
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where(sql<string>`lower(principal_name)`, '=', name.toLowerCase())
        .where('policy_name', '=', policyName)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async renameHolder(accountId, kind, oldName, newName) {
      await db
        .updateTable('inline_policies')
        .set({ principal_name: newName })
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where(sql<string>`lower(principal_name)`, '=', oldName.toLowerCase())
        .execute();
    },
  };
  return repo;
}
