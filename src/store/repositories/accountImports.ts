import type { Database } from '../schema.js';
import type { RepositoryContext } from './context.js';

/**
 * An account's state as an import writes it: rows in the store's own terms (the import service
 * maps an AWS export onto them). Timestamps are ISO 8601 UTC with milliseconds.
 */
export interface ImportedAccountState {
  readonly account: { readonly id: string; readonly name: string; readonly email: string | null; readonly createdAt: string };
  readonly users: readonly {
    readonly userId: string;
    readonly name: string;
    readonly path: string;
    readonly arn: string;
    readonly createdAt: string;
    readonly permissionsBoundaryArn: string | null;
    readonly passwordLastUsed: string | null;
  }[];
  readonly groups: readonly { readonly groupId: string; readonly name: string; readonly path: string; readonly arn: string; readonly createdAt: string }[];
  readonly memberships: readonly { readonly groupName: string; readonly userName: string }[];
  readonly roles: readonly {
    readonly roleId: string;
    readonly name: string;
    readonly path: string;
    readonly arn: string;
    readonly trustPolicy: string;
    readonly description: string | null;
    readonly maxSessionDuration: number;
    readonly permissionsBoundaryArn: string | null;
    readonly createdAt: string;
    readonly lastUsedAt: string | null;
    readonly lastUsedRegion: string | null;
  }[];
  readonly instanceProfiles: readonly {
    readonly instanceProfileId: string;
    readonly name: string;
    readonly path: string;
    readonly arn: string;
    readonly createdAt: string;
    readonly roleNames: readonly string[];
  }[];
  /** Customer managed policies with every version. */
  readonly policies: readonly {
    readonly arn: string;
    readonly policyId: string;
    readonly name: string;
    readonly path: string;
    readonly description: string | null;
    readonly defaultVersionId: string;
    readonly isAttachable: boolean;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly versions: readonly { readonly versionId: string; readonly document: string; readonly isDefault: boolean; readonly createdAt: string }[];
  }[];
  readonly attachments: readonly {
    readonly kind: 'user' | 'group' | 'role';
    readonly holder: string;
    readonly policyArn: string;
    readonly createdAt: string;
  }[];
  readonly inlinePolicies: readonly {
    readonly kind: 'user' | 'group' | 'role';
    readonly holder: string;
    readonly policyName: string;
    readonly document: string;
  }[];
  /** Tags of users and roles, by their unique ID. */
  readonly tags: readonly { readonly kind: 'user' | 'role'; readonly resourceId: string; readonly key: string; readonly value: string }[];
  /** Which users and roles of the account each role's trust policy names (`role-trust`, keyed by the role's name). */
  readonly principalReferences: readonly { readonly roleName: string; readonly principalId: string; readonly principalArn: string }[];
  /** The password policy as kept in the key/value table, null for none; undefined when the export did not say. */
  readonly passwordPolicy: string | null | undefined;
  /** The account's organization and its path in it; undefined when the export did not say, null for none. */
  readonly organization:
    | {
        readonly id: string;
        readonly managementAccountId: string;
        readonly featureSet: string;
        /** Root first, then OUs down to the account's parent. */
        readonly units: readonly {
          readonly id: string;
          readonly parentId: string | null;
          readonly kind: 'ROOT' | 'ORGANIZATIONAL_UNIT';
          readonly name: string;
          readonly policyTypes: readonly string[] | null;
        }[];
        readonly policies: readonly {
          readonly id: string;
          readonly type: string;
          readonly name: string;
          readonly description: string;
          readonly content: string;
          readonly awsManaged: boolean;
          readonly targetIds: readonly string[];
        }[];
        readonly joinedMethod: string;
        readonly joinedAt: string;
      }
    | null
    | undefined;
  /** The files read (JSON). */
  readonly sources: string;
  /** The export's facts no other table holds (JSON). */
  readonly facts: string;
}

/** An account imported from an AWS export, as recorded. */
export interface ImportedAccountRecord {
  readonly accountId: string;
  readonly importedAt: string;
  readonly organizationId: string | null;
  readonly sources: string;
  readonly facts: string;
}

/** Why an import cannot go ahead; nothing was written. */
export class ImportConflict extends Error {}

/** Imports of AWS accounts (`gatehouse import`). */
export interface AccountImportsRepository {
  /**
   * Replaces everything the store holds of the account with `state`: its IAM entities, policies,
   * credentials and settings, and its place in its (imported) organization. Run it in a
   * transaction: on any failure nothing has changed. Throws {@link ImportConflict} for an account
   * or organization of this deployment's own (not imported).
   */
  replace(state: ImportedAccountState, progress?: (phase: string, done: number, total: number) => void): Promise<void>;
  get(accountId: string): Promise<ImportedAccountRecord | undefined>;
  list(): Promise<ImportedAccountRecord[]>;
}

/** Rows per INSERT: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const CHUNK = 400;

/** The account-scoped tables an import empties, children first. */
const ACCOUNT_TABLES = [
  'group_members',
  'instance_profile_roles',
  'policy_attachments',
  'inline_policies',
  'tags',
  'login_profiles',
  'password_history',
  'access_keys',
  'mfa_devices',
  'ssh_public_keys',
  'signing_certificates',
  'server_certificates',
  'service_specific_credentials',
  'saml_providers',
  'oidc_providers',
  'account_aliases',
  'instance_profiles',
  'users',
  'groups',
  'roles',
] as const;

const passwordPolicyKey = (accountId: string) => `iam:password-policy:${accountId}`;
const credentialReportKey = (accountId: string) => `iam:credential-report:${accountId}`;

export function accountImportsRepository({ db, now }: RepositoryContext): AccountImportsRepository {
  async function insert<T extends keyof Database>(table: T, rows: readonly Record<string, unknown>[], tick?: (n: number) => void): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await db
        .insertInto(table)
        .values(chunk as never)
        .execute();
      tick?.(chunk.length);
    }
  }

  return {
    async replace(state, progress) {
      const accountId = state.account.id;
      const existing = await db.selectFrom('accounts').select(['id']).where('id', '=', accountId).executeTakeFirst();
      const previous = await db.selectFrom('imported_accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      if (existing !== undefined && previous === undefined) {
        throw new ImportConflict(
          `account ${accountId} is one of this deployment's own accounts, not an imported one; an import replaces only accounts it created`,
        );
      }
      const organization = state.organization;
      if (organization) {
        const held = await db.selectFrom('organizations').select(['id', 'management_account_id']).where('id', '=', organization.id).executeTakeFirst();
        const imported = await db.selectFrom('imported_accounts').select(['account_id']).where('organization_id', '=', organization.id).executeTakeFirst();
        if (held !== undefined && imported === undefined) {
          throw new ImportConflict(`organization ${organization.id} is this deployment's own organization, not an imported one`);
        }
        const management = await db
          .selectFrom('organizations')
          .select(['id'])
          .where('management_account_id', '=', organization.managementAccountId)
          .where('id', '!=', organization.id)
          .executeTakeFirst();
        if (management !== undefined) throw new ImportConflict(`account ${organization.managementAccountId} already manages organization ${management.id}`);
      }

      // Empty what the store holds of the account.
      progress?.('removing the previous state', 0, 1);
      const policyArns = (await db.selectFrom('managed_policies').select(['arn']).where('account_id', '=', accountId).execute()).map((r) => r.arn);
      for (let i = 0; i < policyArns.length; i += CHUNK) {
        await db
          .deleteFrom('policy_versions')
          .where('policy_arn', 'in', policyArns.slice(i, i + CHUNK))
          .execute();
      }
      await db.deleteFrom('managed_policies').where('account_id', '=', accountId).execute();
      for (const table of ACCOUNT_TABLES) await db.deleteFrom(table).where('account_id', '=', accountId).execute();
      await db.deleteFrom('principal_references').where('holder_account', '=', accountId).execute();
      await db
        .deleteFrom('kv')
        .where('key', 'in', [passwordPolicyKey(accountId), credentialReportKey(accountId)])
        .execute();
      await db.deleteFrom('org_memberships').where('account_id', '=', accountId).execute();
      if (previous?.organization_id != null) {
        await db.deleteFrom('org_policy_attachments').where('organization_id', '=', previous.organization_id).where('target_id', '=', accountId).execute();
      }
      await db.deleteFrom('imported_accounts').where('account_id', '=', accountId).execute();

      const at = now();
      if (existing === undefined) {
        await db
          .insertInto('accounts')
          .values({
            id: accountId,
            name: state.account.name,
            email: state.account.email,
            status: 'ACTIVE',
            organization_id: null,
            parent_id: null,
            created_at: state.account.createdAt,
          })
          .execute();
      } else {
        await db
          .updateTable('accounts')
          .set({ name: state.account.name, email: state.account.email, organization_id: null, parent_id: null })
          .where('id', '=', accountId)
          .execute();
      }

      const total =
        state.users.length +
        state.groups.length +
        state.roles.length +
        state.policies.length +
        state.attachments.length +
        state.inlinePolicies.length +
        state.tags.length;
      let done = 0;
      const tick = (label: string) => (n: number) => {
        done += n;
        progress?.(label, done, total);
      };
      await insert(
        'users',
        state.users.map((u) => ({
          account_id: accountId,
          user_id: u.userId,
          name: u.name,
          name_lower: u.name.toLowerCase(),
          path: u.path,
          arn: u.arn,
          created_at: u.createdAt,
          permissions_boundary_arn: u.permissionsBoundaryArn,
          password_last_used: u.passwordLastUsed,
        })),
        tick('users'),
      );
      await insert(
        'groups',
        state.groups.map((g) => ({
          account_id: accountId,
          group_id: g.groupId,
          name: g.name,
          name_lower: g.name.toLowerCase(),
          path: g.path,
          arn: g.arn,
          created_at: g.createdAt,
        })),
        tick('groups'),
      );
      await insert(
        'group_members',
        state.memberships.map((m) => ({ account_id: accountId, group_name: m.groupName, user_name: m.userName })),
      );
      await insert(
        'roles',
        state.roles.map((r) => ({
          account_id: accountId,
          role_id: r.roleId,
          name: r.name,
          name_lower: r.name.toLowerCase(),
          path: r.path,
          arn: r.arn,
          trust_policy: r.trustPolicy,
          description: r.description,
          max_session_duration: r.maxSessionDuration,
          permissions_boundary_arn: r.permissionsBoundaryArn,
          created_at: r.createdAt,
          role_last_used_at: r.lastUsedAt,
          role_last_used_region: r.lastUsedRegion,
        })),
        tick('roles'),
      );
      await insert(
        'instance_profiles',
        state.instanceProfiles.map((p) => ({
          account_id: accountId,
          instance_profile_id: p.instanceProfileId,
          name: p.name,
          name_lower: p.name.toLowerCase(),
          path: p.path,
          arn: p.arn,
          created_at: p.createdAt,
        })),
      );
      await insert(
        'instance_profile_roles',
        state.instanceProfiles.flatMap((p) => p.roleNames.map((role) => ({ account_id: accountId, instance_profile_name: p.name, role_name: role }))),
      );
      await insert(
        'managed_policies',
        state.policies.map((p) => ({
          arn: p.arn,
          account_id: accountId,
          policy_id: p.policyId,
          name: p.name,
          name_lower: p.name.toLowerCase(),
          path: p.path,
          description: p.description,
          default_version_id: p.defaultVersionId,
          is_attachable: p.isAttachable ? 1 : 0,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
          next_version: Math.max(0, ...p.versions.map((v) => Number.parseInt(v.versionId.slice(1), 10) || 0)) + 1,
        })),
        tick('managed policies'),
      );
      await insert(
        'policy_versions',
        state.policies.flatMap((p) =>
          p.versions.map((v) => ({
            policy_arn: p.arn,
            version_id: v.versionId,
            document: v.document,
            is_default: v.isDefault ? 1 : 0,
            created_at: v.createdAt,
          })),
        ),
      );
      await insert(
        'policy_attachments',
        state.attachments.map((a) => ({
          account_id: accountId,
          principal_kind: a.kind,
          principal_name: a.holder,
          policy_arn: a.policyArn,
          created_at: a.createdAt,
        })),
        tick('attachments'),
      );
      await insert(
        'inline_policies',
        state.inlinePolicies.map((p) => ({
          account_id: accountId,
          principal_kind: p.kind,
          principal_name: p.holder,
          policy_name: p.policyName,
          document: p.document,
        })),
        tick('inline policies'),
      );
      await insert(
        'tags',
        state.tags.map((t) => ({ account_id: accountId, resource_kind: t.kind, resource_id: t.resourceId, key: t.key, value: t.value })),
        tick('tags'),
      );
      const references = new Map(state.principalReferences.map((r) => [`${r.roleName}\n${r.principalId}`, r]));
      await insert(
        'principal_references',
        [...references.values()].map((r) => ({
          holder_kind: 'role-trust',
          holder_account: accountId,
          holder_key: r.roleName,
          principal_id: r.principalId,
          principal_arn: r.principalArn,
        })),
      );
      if (typeof state.passwordPolicy === 'string')
        await db
          .insertInto('kv')
          .values({ key: passwordPolicyKey(accountId), value: state.passwordPolicy })
          .execute();

      if (organization) {
        await db
          .insertInto('organizations')
          .values({ id: organization.id, management_account_id: organization.managementAccountId, feature_set: organization.featureSet, created_at: at })
          .onConflict((oc) => oc.column('id').doUpdateSet({ feature_set: organization.featureSet }))
          .execute();
        for (const unit of organization.units) {
          const row = {
            id: unit.id,
            organization_id: organization.id,
            parent_id: unit.parentId,
            kind: unit.kind,
            name: unit.name,
            name_lower: unit.name.toLowerCase(),
            policy_types: unit.policyTypes === null ? null : JSON.stringify(unit.policyTypes),
            created_at: at,
          };
          await db
            .insertInto('org_units')
            .values(row)
            .onConflict((oc) =>
              oc.column('id').doUpdateSet({ parent_id: row.parent_id, name: row.name, name_lower: row.name_lower, policy_types: row.policy_types }),
            )
            .execute();
        }
        const targets = [...organization.units.map((u) => u.id), accountId];
        await db.deleteFrom('org_policy_attachments').where('organization_id', '=', organization.id).where('target_id', 'in', targets).execute();
        for (const policy of organization.policies) {
          const row = {
            organization_id: organization.id,
            id: policy.id,
            type: policy.type,
            name: policy.name,
            name_lower: policy.name.toLowerCase(),
            description: policy.description,
            content: policy.content,
            aws_managed: policy.awsManaged ? 1 : 0,
            created_at: at,
          };
          await db
            .insertInto('org_policies')
            .values(row)
            .onConflict((oc) =>
              oc
                .columns(['organization_id', 'id'])
                .doUpdateSet({ name: row.name, name_lower: row.name_lower, description: row.description, content: row.content }),
            )
            .execute();
          for (const target of policy.targetIds) {
            await db
              .insertInto('org_policy_attachments')
              .values({ organization_id: organization.id, policy_id: policy.id, target_id: target, created_at: at })
              .execute();
          }
        }
        await db
          .insertInto('org_memberships')
          .values({ account_id: accountId, organization_id: organization.id, joined_method: organization.joinedMethod, joined_at: organization.joinedAt })
          .execute();
        const parent = organization.units[organization.units.length - 1]!.id;
        await db.updateTable('accounts').set({ organization_id: organization.id, parent_id: parent }).where('id', '=', accountId).execute();
      }
      await db
        .insertInto('imported_accounts')
        .values({ account_id: accountId, imported_at: at, organization_id: organization ? organization.id : null, sources: state.sources, facts: state.facts })
        .execute();
      progress?.('done', total, total);
    },

    async get(accountId) {
      const row = await db.selectFrom('imported_accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row === undefined ? undefined : record(row);
    },

    async list() {
      return (await db.selectFrom('imported_accounts').selectAll().orderBy('account_id').execute()).map(record);
    },
  };
}

function record(row: Database['imported_accounts']): ImportedAccountRecord {
  return { accountId: row.account_id, importedAt: row.imported_at, organizationId: row.organization_id, sources: row.sources, facts: row.facts };
}
