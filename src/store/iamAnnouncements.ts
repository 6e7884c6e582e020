import { announcing } from './announcing.js';
import { byName, pageOfNamed } from './repositories/listPages.js';
import {
  ACCOUNTS_TOPIC,
  CREDENTIALS_TOPIC,
  ORGANIZATIONS_TOPIC,
  POLICIES_TOPIC,
  RESOURCE_POLICIES_TOPIC,
  resourcePolicyChange,
  ROLES_TOPIC,
  USERS_TOPIC,
} from './changeTopics.js';
import type {
  AccountImportsRepository,
  GroupsRepository,
  InlinePoliciesRepository,
  ManagedPoliciesRepository,
  PolicyAttachmentsRepository,
  RolesRepository,
  TagsRepository,
} from './repositories/index.js';
import type { EntityReadCache } from './entityReadCache.js';
import type { RoleRecord } from './repositories/index.js';
import type { AccessKeysRepository, ChangeFeed, UserRecord, UsersRepository } from './types.js';

/**
 * The IAM repositories as the store hands them out: each write announces, on the change feed, what
 * it changed of what the caches keep (see `changeTopics.ts`), so that no writer can forget to.
 * An announcement made inside a transaction is delivered when it commits, never on rollback.
 */

/** The account that owns a customer managed policy, from its ARN (`arn:aws:iam::<account>:policy/…`). */
function policyAccount(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** Announces every access key of an IAM user (by the user's unique ID): its name, path, ARN and tags are cached with each key. */
function announceKeysOf(changes: ChangeFeed, user: UserRecord): Promise<void> {
  return changes.publish(CREDENTIALS_TOPIC, user.userId);
}

/**
 * Users: every write announces the account's users (the user cache keeps them); a rename or move
 * also announces the user's access keys and the account's policies (they are cached by user name);
 * a deletion likewise; a user created with a permissions boundary announces the account's
 * policies. Outside transactions, users are read by name through the node's user cache.
 */
export function usersAnnouncing(users: UsersRepository, changes: ChangeFeed, cache: EntityReadCache<UserRecord> | undefined): UsersRepository {
  const announceUsers = (accountId: string) => changes.publish(USERS_TOPIC, accountId);
  return {
    ...users,
    get: cache === undefined ? users.get : (accountId, name) => cache.entity(accountId, name, () => users.get(accountId, name)),
    list:
      cache === undefined
        ? users.list
        : async (accountId, options = {}) => pageOfNamed(await cache.list(accountId, async () => byName(await users.listAll(accountId))), options),
    create: announcing(users.create, async (user) => {
      await announceUsers(user.accountId);
      if (user.permissionsBoundaryArn !== null) await changes.publish(POLICIES_TOPIC, user.accountId);
    }),
    async update(accountId, name, change) {
      const before = await users.get(accountId, name);
      await users.update(accountId, name, change);
      await announceUsers(accountId);
      if (before === undefined) return;
      await announceKeysOf(changes, before);
      await changes.publish(POLICIES_TOPIC, accountId);
    },
    recordPasswordUse: announcing(users.recordPasswordUse, async (_result, accountId) => announceUsers(accountId)),
    async delete(accountId, name) {
      const before = await users.get(accountId, name);
      const deleted = await users.delete(accountId, name);
      if (deleted) await announceUsers(accountId);
      if (deleted && before !== undefined) {
        await announceKeysOf(changes, before);
        await changes.publish(POLICIES_TOPIC, accountId);
      }
      return deleted;
    },
  };
}

/** Access keys: a status change, a deletion or an owner's rename announces each key it touched. */
export function accessKeysAnnouncing(keys: AccessKeysRepository, changes: ChangeFeed): AccessKeysRepository {
  const announceKey = async (changed: boolean, accessKeyId: string) => {
    if (changed) await changes.publish(CREDENTIALS_TOPIC, accessKeyId);
  };
  return {
    ...keys,
    updateStatus: announcing(keys.updateStatus, announceKey),
    delete: announcing(keys.delete, announceKey),
    async renameUser(accountId, oldName, newName) {
      await keys.renameUser(accountId, oldName, newName);
      for (const key of await keys.listForUser(accountId, newName)) await changes.publish(CREDENTIALS_TOPIC, key.accessKeyId);
    },
  };
}

/** Groups: every change of a group or of its members announces the account's policies. */
export function groupsAnnouncing(groups: GroupsRepository, changes: ChangeFeed): GroupsRepository {
  const announce = async (_result: unknown, accountId: string) => changes.publish(POLICIES_TOPIC, accountId);
  return {
    ...groups,
    update: announcing(groups.update, announce),
    delete: announcing(groups.delete, announce),
    addMember: announcing(groups.addMember, announce),
    removeMember: announcing(groups.removeMember, announce),
    renameMember: announcing(groups.renameMember, announce),
  };
}

/** Managed policy attachments and permissions boundaries announce the account's policies; a role's boundary also its roles. */
export function policyAttachmentsAnnouncing(attachments: PolicyAttachmentsRepository, changes: ChangeFeed): PolicyAttachmentsRepository {
  const announce = async (_result: unknown, accountId: string) => changes.publish(POLICIES_TOPIC, accountId);
  return {
    ...attachments,
    attach: announcing(attachments.attach, announce),
    detach: announcing(attachments.detach, announce),
    renameHolder: announcing(attachments.renameHolder, announce),
    setBoundary: announcing(attachments.setBoundary, async (_result, accountId, kind) => {
      await changes.publish(POLICIES_TOPIC, accountId);
      // The boundary is a column of the role or user the entity caches keep.
      if (kind === 'role') await changes.publish(ROLES_TOPIC, accountId);
      if (kind === 'user') await changes.publish(USERS_TOPIC, accountId);
    }),
  };
}

/** Inline policies announce the account's policies. */
export function inlinePoliciesAnnouncing(inline: InlinePoliciesRepository, changes: ChangeFeed): InlinePoliciesRepository {
  const announce = async (_result: unknown, accountId: string) => changes.publish(POLICIES_TOPIC, accountId);
  return {
    ...inline,
    put: announcing(inline.put, announce),
    delete: announcing(inline.delete, announce),
    renameHolder: announcing(inline.renameHolder, announce),
  };
}

/**
 * Managed policies: a creation, and every change of versions that can change a default version,
 * announce the owning account's policies (a session may name a policy that did not exist when it
 * was last evaluated). A deletion announces every account's (`*`): compiled versions are cached by
 * ARN and version id, and a policy created again under the same name starts again at `v1`.
 */
export function managedPoliciesAnnouncing(policies: ManagedPoliciesRepository, changes: ChangeFeed): ManagedPoliciesRepository {
  const announce = async (_result: unknown, arn: string) => changes.publish(POLICIES_TOPIC, policyAccount(arn));
  return {
    ...policies,
    create: announcing(policies.create, async (policy) => changes.publish(POLICIES_TOPIC, policy.accountId)),
    // The account's principals lose what the policy granted; a policy created again under its ARN is
    // another policy (compiled policies are kept by the policy's unique ID).
    delete: announcing(policies.delete, announce),
    addVersion: announcing(policies.addVersion, async (version, arn) => {
      if (version.isDefault) await changes.publish(POLICIES_TOPIC, policyAccount(arn));
    }),
    deleteVersion: announcing(policies.deleteVersion, announce),
    setDefaultVersion: announcing(policies.setDefaultVersion, announce),
  };
}

/** A role's trust policy is its resource-based policy: Access Analyzer analyzes it again. */
const trustPolicyChange = (accountId: string, arn: string) => resourcePolicyChange('AWS::IAM::Role', accountId, arn);

/**
 * Roles that announce their own changes on {@link ROLES_TOPIC}, on {@link POLICIES_TOPIC} when
 * a role's trust policy or boundary changes or the role goes, and on {@link RESOURCE_POLICIES_TOPIC}
 * when its trust policy is made, changed or goes with it; and, outside transactions, read by
 * name through the node's role cache. Inside a transaction reads go to the database, which alone
 * sees the transaction's own writes.
 */
export function rolesWithChanges(roles: RolesRepository, changes: ChangeFeed, cache: EntityReadCache<RoleRecord> | undefined): RolesRepository {
  const announce = async (_result: unknown, accountId: string) => changes.publish(ROLES_TOPIC, accountId);
  return {
    ...roles,
    get: cache === undefined ? roles.get : (accountId, name) => cache.entity(accountId, name, () => roles.get(accountId, name)),
    list:
      cache === undefined
        ? roles.list
        : async (accountId, options = {}) => pageOfNamed(await cache.list(accountId, async () => byName(await roles.listAll(accountId))), options),
    create: announcing(roles.create, async (role) => {
      await changes.publish(ROLES_TOPIC, role.accountId);
      await changes.publish(RESOURCE_POLICIES_TOPIC, trustPolicyChange(role.accountId, role.arn));
      if (role.permissionsBoundaryArn !== null) await changes.publish(POLICIES_TOPIC, role.accountId);
    }),
    update: announcing(roles.update, async (role, accountId, _name, patch) => {
      await changes.publish(ROLES_TOPIC, accountId);
      if (patch.trustPolicy !== undefined || patch.permissionsBoundaryArn !== undefined) await changes.publish(POLICIES_TOPIC, accountId);
      if (patch.trustPolicy !== undefined && role !== undefined) await changes.publish(RESOURCE_POLICIES_TOPIC, trustPolicyChange(accountId, role.arn));
    }),
    async delete(accountId, name) {
      const before = await roles.get(accountId, name);
      const deleted = await roles.delete(accountId, name);
      if (!deleted) return false;
      await changes.publish(ROLES_TOPIC, accountId);
      await changes.publish(POLICIES_TOPIC, accountId);
      if (before !== undefined) await changes.publish(RESOURCE_POLICIES_TOPIC, trustPolicyChange(accountId, before.arn));
      return true;
    },
    recordLastUsed: announcing(roles.recordLastUsed, announce),
  };
}

/**
 * Tags that announce their changes where a cache keeps them: a role's on {@link ROLES_TOPIC}, a
 * user's on {@link USERS_TOPIC} and as its access keys on {@link CREDENTIALS_TOPIC} (a user's tags
 * are its principal tags, cached with each key). Outside transactions, roles' and users' tags are
 * read through the node's role and user caches.
 */
export function tagsWithChanges(
  tags: TagsRepository,
  changes: ChangeFeed,
  caches: { roles: EntityReadCache<RoleRecord>; users: EntityReadCache<UserRecord> } | undefined,
): TagsRepository {
  const announce = async (_result: unknown, accountId: string, kind: string, id: string) => {
    if (kind === 'role') await changes.publish(ROLES_TOPIC, accountId);
    if (kind === 'user') {
      await changes.publish(USERS_TOPIC, accountId);
      // The user's unique ID announces each of its access keys.
      await changes.publish(CREDENTIALS_TOPIC, id);
    }
  };
  const cacheOf = (kind: string) => (kind === 'role' ? caches?.roles : kind === 'user' ? caches?.users : undefined);
  return {
    ...tags,
    list: (accountId, kind, id) => {
      const cache = cacheOf(kind);
      return cache === undefined ? tags.list(accountId, kind, id) : cache.tags(accountId, id, () => tags.list(accountId, kind, id));
    },
    put: announcing(tags.put, announce),
    remove: announcing(tags.remove, announce),
    deleteAll: announcing(tags.deleteAll, announce),
  };
}

/**
 * An import replaces an account's whole state: its policies, roles, users and record are announced, and its
 * organization (every organization: an imported one's guardrails may change under other imported
 * accounts too). Imported accounts hold no access keys.
 */
export function accountImportsAnnouncing(imports: AccountImportsRepository, changes: ChangeFeed): AccountImportsRepository {
  return {
    ...imports,
    async replace(state, progress) {
      await imports.replace(state, progress);
      await changes.publish(POLICIES_TOPIC, state.account.id);
      await changes.publish(ROLES_TOPIC, state.account.id);
      await changes.publish(USERS_TOPIC, state.account.id);
      await changes.publish(ACCOUNTS_TOPIC, state.account.id);
      // Its roles' trust policies are new: Access Analyzer analyzes every resource again.
      await changes.publish(RESOURCE_POLICIES_TOPIC, '*');
      await changes.publish(ORGANIZATIONS_TOPIC, state.organization ? state.organization.id : '*');
    },
  };
}
