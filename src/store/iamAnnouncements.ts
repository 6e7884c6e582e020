import { announcing } from './announcing.js';
import { CREDENTIALS_TOPIC, POLICIES_TOPIC, RESOURCE_POLICIES_TOPIC, resourcePolicyChange, ROLES_TOPIC } from './changeTopics.js';
import type {
  GroupsRepository,
  InlinePoliciesRepository,
  ManagedPoliciesRepository,
  PolicyAttachmentsRepository,
  RolesRepository,
  TagsRepository,
} from './repositories/index.js';
import type { RoleReadCache } from './roleCache.js';
import type { AccessKeysRepository, ChangeFeed, Store, UsersRepository } from './types.js';

/**
 * The IAM repositories as the store hands them out: each write announces, on the change feed, what
 * it changed of what the caches keep (see `changeTopics.ts`), so that no writer can forget to.
 * An announcement made inside a transaction is delivered when it commits, never on rollback.
 */

/** The account that owns a customer managed policy, from its ARN (`arn:aws:iam::<account>:policy/…`). */
function policyAccount(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** Announces every access key of an IAM user: its name, path, ARN and tags are cached with each key. */
async function announceKeysOf(store: Store, changes: ChangeFeed, accountId: string, userName: string): Promise<void> {
  for (const key of await store.accessKeys.listForUser(accountId, userName)) await changes.publish(CREDENTIALS_TOPIC, key.accessKeyId);
}

/**
 * Users: a rename or move announces the user's access keys and the account's policies (they are
 * cached by user name); a deletion likewise; a user created with a permissions boundary announces
 * the account's policies.
 */
export function usersAnnouncing(users: UsersRepository, changes: ChangeFeed, store: Store): UsersRepository {
  return {
    ...users,
    create: announcing(users.create, async (user) => {
      if (user.permissionsBoundaryArn !== null) await changes.publish(POLICIES_TOPIC, user.accountId);
    }),
    async update(accountId, name, change) {
      const before = await users.get(accountId, name);
      await users.update(accountId, name, change);
      if (before === undefined) return;
      await announceKeysOf(store, changes, accountId, before.name);
      await changes.publish(POLICIES_TOPIC, accountId);
    },
    async delete(accountId, name) {
      const before = await users.get(accountId, name);
      const deleted = await users.delete(accountId, name);
      if (deleted && before !== undefined) {
        await announceKeysOf(store, changes, accountId, before.name);
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
      // The boundary is a column of the role the role cache keeps.
      if (kind === 'role') await changes.publish(ROLES_TOPIC, accountId);
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
export function rolesWithChanges(roles: RolesRepository, changes: ChangeFeed, cache: RoleReadCache | undefined): RolesRepository {
  const announce = async (_result: unknown, accountId: string) => changes.publish(ROLES_TOPIC, accountId);
  return {
    ...roles,
    get: cache === undefined ? roles.get : (accountId, name) => cache.role(accountId, name, () => roles.get(accountId, name)),
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
 * Tags that announce their changes where a cache keeps them: a role's on {@link ROLES_TOPIC} (and,
 * outside transactions, they are read through the role cache), a user's as its access keys on
 * {@link CREDENTIALS_TOPIC} (a user's tags are its principal tags, cached with each key).
 */
export function tagsWithChanges(tags: TagsRepository, changes: ChangeFeed, cache: RoleReadCache | undefined, store: Store): TagsRepository {
  const announce = async (_result: unknown, accountId: string, kind: string, id: string) => {
    if (kind === 'role') await changes.publish(ROLES_TOPIC, accountId);
    if (kind === 'user') {
      const user = await store.users.getById(id);
      if (user !== undefined) await announceKeysOf(store, changes, user.accountId, user.name);
    }
  };
  return {
    ...tags,
    list:
      cache === undefined
        ? tags.list
        : (accountId, kind, id) => (kind === 'role' ? cache.tags(accountId, id, () => tags.list(accountId, kind, id)) : tags.list(accountId, kind, id)),
    put: announcing(tags.put, announce),
    remove: announcing(tags.remove, announce),
    deleteAll: announcing(tags.deleteAll, announce),
  };
}
