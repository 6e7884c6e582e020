import type { Store, UserRecord } from '../../../store/index.js';
import { iamErrors } from '../iamErrors.js';

/**
 * What ties other IAM data to a user by name: DeleteUser refuses while any of it remains, and
 * UpdateUser carries all of it over to a new name.
 */

/**
 * AWS: DeleteUser fails while the user has a password, access keys, signing certificates, SSH
 * public keys, service-specific credentials, MFA devices, inline or attached policies, or group
 * memberships (IAM API reference, DeleteUser: "you must delete the items attached to the user
 * manually"), with `DeleteConflict` "Cannot delete entity, must … first.". Checked in the order
 * the API reference lists them.
 */
const DEPENDENTS: readonly { what: string; present(store: Store, user: UserRecord): Promise<boolean> }[] = [
  { what: 'delete login profile', present: async (s, u) => (await s.loginProfiles.get(u.accountId, u.name)) !== undefined },
  { what: 'delete access keys', present: async (s, u) => (await s.accessKeys.listForUser(u.accountId, u.name)).length > 0 },
  { what: 'delete signing certificates', present: async (s, u) => (await s.signingCertificates.listForUser(u.accountId, u.name)).length > 0 },
  { what: 'delete SSH public keys', present: async (s, u) => (await s.sshPublicKeys.listForUser(u.accountId, u.name)).length > 0 },
  {
    // AWS (recorded DeleteUser response): "Cannot delete entity, must remove referenced objects first."
    what: 'remove referenced objects',
    present: async (s, u) => (await s.serviceSpecificCredentials.listForUser(u.accountId, u.name)).length > 0,
  },
  {
    what: 'delete MFA device',
    present: async (s, u) =>
      (await s.mfaDevices.listForOwner(u.accountId, u.name)).length > 0 || (await s.securityKeys.listForOwner(u.accountId, u.name)).length > 0,
  },
  { what: 'delete policies', present: async (s, u) => (await s.inlinePolicies.list(u.accountId, 'user', u.name)).length > 0 },
  { what: 'detach all policies', present: async (s, u) => (await s.policyAttachments.listFor(u.accountId, 'user', u.name)).length > 0 },
  { what: 'remove users from group', present: async (s, u) => (await s.groups.groupsOf(u.accountId, u.name)).length > 0 },
];

/** Throws IAM's `DeleteConflict` for the first thing still attached to the user. */
export async function assertUserDeletable(store: Store, user: UserRecord): Promise<void> {
  for (const dependent of DEPENDENTS) {
    if (await dependent.present(store, user)) throw iamErrors.deleteConflict(dependent.what);
  }
}

/**
 * Moves everything stored under a user's old name to the new one, inside the caller's
 * transaction: access keys, memberships, policies, passwords and other credentials. Tags are
 * keyed by the user's unique ID and need no change.
 */
export async function renameUserLinks(store: Store, accountId: string, oldName: string, newName: string): Promise<void> {
  await store.accessKeys.renameUser(accountId, oldName, newName);
  await store.groups.renameMember(accountId, oldName, newName);
  await store.policyAttachments.renameHolder(accountId, 'user', oldName, newName);
  await store.inlinePolicies.renameHolder(accountId, 'user', oldName, newName);
  await store.loginProfiles.renameUser(accountId, oldName, newName);
  await store.mfaDevices.renameUser(accountId, oldName, newName);
  await store.securityKeys.renameUser(accountId, oldName, newName);
  await store.sshPublicKeys.renameUser(accountId, oldName, newName);
  await store.signingCertificates.renameUser(accountId, oldName, newName);
  await store.serviceSpecificCredentials.renameUser(accountId, oldName, newName);
}
