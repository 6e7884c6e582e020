import { sql } from 'kysely';
import type { PrincipalKind } from '../schema.js';
import type { RepositoryContext } from './context.js';

/** One managed policy attached to one user, group or role. */
export interface AttachmentRecord {
  readonly accountId: string;
  readonly kind: PrincipalKind;
  /** The entity's name as stored on the entity. */
  readonly name: string;
  readonly policyArn: string;
}

/** An entity whose permissions boundary is a given policy. */
export interface BoundaryUse {
  readonly kind: 'user' | 'role';
  readonly name: string;
}

/**
 * Managed policy attachments and permissions boundaries (the boundary is a column of the user or
 * role). Entity names are matched case-insensitively, as IAM names are.
 */
export interface PolicyAttachmentsRepository {
  /** Returns false when the policy was already attached. */
  attach(accountId: string, kind: PrincipalKind, name: string, policyArn: string): Promise<boolean>;
  /** Returns false when the policy was not attached. */
  detach(accountId: string, kind: PrincipalKind, name: string, policyArn: string): Promise<boolean>;
  /** The policy ARNs attached to an entity, in attachment order. */
  listFor(accountId: string, kind: PrincipalKind, name: string): Promise<string[]>;
  /** Every attachment of a policy within an account. */
  listForPolicy(accountId: string, policyArn: string): Promise<AttachmentRecord[]>;
  /** Every attachment in an account. */
  listAll(accountId: string): Promise<AttachmentRecord[]>;
  /** How many attachments the account has (IAM's `PolicyVersionsInUse`). */
  count(accountId: string): Promise<number>;
  /** Sets (or with null, removes) the permissions boundary of a user or role. */
  setBoundary(accountId: string, kind: 'user' | 'role', name: string, policyArn: string | null): Promise<void>;
  /** Users and roles of an account whose boundary is this policy. */
  boundaryUses(accountId: string, policyArn: string): Promise<BoundaryUse[]>;
  /** Boundary ARN → number of users and roles using it, for an account. */
  boundaryCounts(accountId: string): Promise<Map<string, number>>;
  /** Follows a rename of a user or group: its attachments (name in any case) move to `newName`. */
  renameHolder(accountId: string, kind: PrincipalKind, oldName: string, newName: string): Promise<void>;
}

/** Attachments and boundaries over one database handle. */
export function policyAttachmentsRepository({ db, now }: RepositoryContext): PolicyAttachmentsRepository {
  const entityTable = (kind: 'user' | 'role') => (kind === 'user' ? 'users' : 'roles');
  return {
    async attach(accountId, kind, name, policyArn) {
      const existing = await db
        .selectFrom('policy_attachments')
        .select('policy_arn')
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where(sql<string>`lower(principal_name)`, '=', name.toLowerCase())
        .where('policy_arn', '=', policyArn)
        .executeTakeFirst();
      if (existing !== undefined) return false;
      await db
        .insertInto('policy_attachments')
        .values({ account_id: accountId, principal_kind: kind, principal_name: name, policy_arn: policyArn, created_at: now() })
        .execute();
      return true;
    },

    async detach(accountId, kind, name, policyArn) {
      const result = await db
        .deleteFrom('policy_attachments')
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where(sql<string>`lower(principal_name)`, '=', name.toLowerCase())
        .where('policy_arn', '=', policyArn)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async listFor(accountId, kind, name) {
      const rows = await db
        .selectFrom('policy_attachments')
        .select('policy_arn')
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where(sql<string>`lower(principal_name)`, '=', name.toLowerCase())
        .orderBy('created_at')
        .orderBy('policy_arn')
        .execute();
      return rows.map((r) => r.policy_arn);
    },

    async listForPolicy(accountId, policyArn) {
      const rows = await db.selectFrom('policy_attachments').selectAll().where('account_id', '=', accountId).where('policy_arn', '=', policyArn).execute();
      return rows.map((r) => ({ accountId: r.account_id, kind: r.principal_kind, name: r.principal_name, policyArn: r.policy_arn }));
    },

    async listAll(accountId) {
      const rows = await db.selectFrom('policy_attachments').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
      return rows.map((r) => ({ accountId: r.account_id, kind: r.principal_kind, name: r.principal_name, policyArn: r.policy_arn }));
    },

    async count(accountId) {
      const row = await db
        .selectFrom('policy_attachments')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async setBoundary(accountId, kind, name, policyArn) {
      await db
        .updateTable(entityTable(kind))
        .set({ permissions_boundary_arn: policyArn })
        .where('account_id', '=', accountId)
        .where('name_lower', '=', name.toLowerCase())
        .execute();
    },

    async boundaryUses(accountId, policyArn) {
      const users = await db.selectFrom('users').select('name').where('account_id', '=', accountId).where('permissions_boundary_arn', '=', policyArn).execute();
      const roles = await db.selectFrom('roles').select('name').where('account_id', '=', accountId).where('permissions_boundary_arn', '=', policyArn).execute();
      return [...users.map((u) => ({ kind: 'user' as const, name: u.name })), ...roles.map((r) => ({ kind: 'role' as const, name: r.name }))];
    },

    async boundaryCounts(accountId) {
      const counts = new Map<string, number>();
      for (const table of ['users', 'roles'] as const) {
        const rows = await db
          .selectFrom(table)
          .select('permissions_boundary_arn')
          .where('account_id', '=', accountId)
          .where('permissions_boundary_arn', 'is not', null)
          .execute();
        for (const r of rows) counts.set(r.permissions_boundary_arn!, (counts.get(r.permissions_boundary_arn!) ?? 0) + 1);
      }
      return counts;
    },

    async renameHolder(accountId, kind, oldName, newName) {
      await db
        .updateTable('policy_attachments')
        .set({ principal_name: newName })
        .where('account_id', '=', accountId)
        .where('principal_kind', '=', kind)
        .where(sql<string>`lower(principal_name)`, '=', oldName.toLowerCase())
        .execute();
    },
  };
}
