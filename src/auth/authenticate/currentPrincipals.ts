import type { Principal } from '../../model/index.js';
import type { Store } from '../../store/index.js';

/**
 * Whether the principal a session stands for still exists as the very entity the session was
 * issued to: its account active, and its role or IAM user (a federated user's IAM user) the one
 * with the unique ID the session carries — not another of the same name created since.
 *
 * AWS: IAM User Guide, "IAM identifiers" (unique IDs: "if you delete a user and create a new user
 * with the same name, the new user has a different unique ID" and gets nothing of the old one's
 * access); Organizations, "Closing an account" (a closed account's principals can no longer call
 * AWS). Accounts, users and roles are read through the store, which keeps them between changes
 * (outside transactions), so the check costs no query on most calls.
 */
export class CurrentPrincipals {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Whether `principal`, as a session carries it, is still current. */
  async isCurrent(principal: Principal): Promise<boolean> {
    if (!(await this.#active(principal.accountId))) return false;
    const session = principal.session;
    switch (principal.type) {
      case 'AssumedRole': {
        const roleArn = principal.roleArn;
        if (roleArn === undefined) return false;
        const role = await this.#store.roles.get(principal.accountId, roleArn.slice(roleArn.lastIndexOf('/') + 1));
        return role !== undefined && role.arn.toLowerCase() === roleArn.toLowerCase() && principal.userId.startsWith(`${role.roleId}:`);
      }
      case 'IAMUser':
        return principal.userName !== undefined && (await this.#userId(principal.accountId, principal.userName)) === principal.userId;
      case 'FederatedUser': {
        const parent = session?.parentUserArn;
        if (parent === undefined || session?.parentUserId === undefined) return false;
        if (parent === `arn:aws:iam::${principal.accountId}:root`) return session.parentUserId === principal.accountId;
        return (await this.#userId(principal.accountId, parent.slice(parent.lastIndexOf('/') + 1))) === session.parentUserId;
      }
      default:
        return true;
    }
  }

  /** Whether the account is ACTIVE (the store keeps accounts read outside transactions). */
  async #active(accountId: string): Promise<boolean> {
    return (await this.#store.accounts.get(accountId))?.status === 'ACTIVE';
  }

  async #userId(accountId: string, name: string): Promise<string | undefined> {
    return (await this.#store.users.get(accountId, name))?.userId;
  }
}
