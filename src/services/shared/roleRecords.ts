import type { RoleRecord, Store } from '../../store/index.js';
import { principalDeleted, unbindPolicy } from './principalBindings.js';

/**
 * Deletes a role with its tags and its trust policy's bindings, and rewrites the resource
 * policies that named it to show its unique ID (the store tells the caches). Its policies must
 * already be gone. IAM's DeleteRole and DeleteServiceLinkedRole and IAM Identity Center's
 * deprovisioning all delete roles this way.
 */
export async function deleteRoleRecord(store: Store, role: RoleRecord): Promise<void> {
  await store.tags.deleteAll(role.accountId, 'role', role.roleId);
  await unbindPolicy(store, 'role-trust', role.accountId, role.name);
  await principalDeleted(store, role.roleId);
  await store.roles.delete(role.accountId, role.name);
}
