import type { RepositoryContext } from './context.js';

/** A stored resource-based policy that names an IAM user or role. */
export interface PrincipalReference {
  /** What holds the policy, e.g. `role-trust` (a role's trust policy). */
  readonly holderKind: string;
  readonly holderAccount: string;
  /** Which one of its kind, e.g. the role's name. */
  readonly holderKey: string;
  /** The unique ID (`AIDA…`, `AROA…`) of the principal the policy names. */
  readonly principalId: string;
  /** The principal's ARN as the policy names it. */
  readonly principalArn: string;
}

/**
 * Which stored resource-based policies name which IAM users and roles, so that deleting a
 * principal can find the policies bound to it. AWS: IAM User Guide, "IAM identifiers".
 */
export interface PrincipalReferencesRepository {
  /** Replaces every reference of one holder's policy with `references` (none: it names no principal). */
  replace(holderKind: string, holderAccount: string, holderKey: string, references: readonly { principalId: string; principalArn: string }[]): Promise<void>;
  /** The policies that name the principal with this unique ID. */
  toPrincipal(principalId: string): Promise<PrincipalReference[]>;
  /** Forgets that any policy names the principal (it was deleted, and the policies rewritten). */
  forgetPrincipal(principalId: string): Promise<void>;
  /** The principal is named by a new ARN (a renamed user) in every policy that names it. */
  renamePrincipal(principalId: string, principalArn: string): Promise<void>;
}

/** Principal references over one database handle. */
export function principalReferencesRepository({ db }: RepositoryContext): PrincipalReferencesRepository {
  return {
    async replace(holderKind, holderAccount, holderKey, references) {
      await db
        .deleteFrom('principal_references')
        .where('holder_kind', '=', holderKind)
        .where('holder_account', '=', holderAccount)
        .where('holder_key', '=', holderKey)
        .execute();
      const unique = new Map(references.map((r) => [r.principalId, r]));
      if (unique.size === 0) return;
      await db
        .insertInto('principal_references')
        .values(
          [...unique.values()].map((r) => ({
            holder_kind: holderKind,
            holder_account: holderAccount,
            holder_key: holderKey,
            principal_id: r.principalId,
            principal_arn: r.principalArn,
          })),
        )
        .execute();
    },

    async toPrincipal(principalId) {
      const rows = await db
        .selectFrom('principal_references')
        .selectAll()
        .where('principal_id', '=', principalId)
        .orderBy('holder_kind')
        .orderBy('holder_account')
        .orderBy('holder_key')
        .execute();
      return rows.map((r) => ({
        holderKind: r.holder_kind,
        holderAccount: r.holder_account,
        holderKey: r.holder_key,
        principalId: r.principal_id,
        principalArn: r.principal_arn,
      }));
    },

    async renamePrincipal(principalId, principalArn) {
      await db.updateTable('principal_references').set({ principal_arn: principalArn }).where('principal_id', '=', principalId).execute();
    },

    async forgetPrincipal(principalId) {
      await db.deleteFrom('principal_references').where('principal_id', '=', principalId).execute();
    },
  };
}
