import type { Principal } from '../../model/index.js';
import { CREDENTIALS_TOPIC, POLICIES_TOPIC, RESYNC_TOPIC } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { AccountGenerations } from '../../accountGenerations.js';

/**
 * Whether the principal a session stands for still exists as the very entity the session was
 * issued to: its account active, and its role or IAM user (a federated user's IAM user) the one
 * with the unique ID the session carries — not another of the same name created since.
 *
 * AWS: IAM User Guide, "IAM identifiers" (unique IDs: "if you delete a user and create a new user
 * with the same name, the new user has a different unique ID" and gets nothing of the old one's
 * access); Organizations, "Closing an account" (a closed account's principals can no longer call
 * AWS). The answers are kept per account and dropped when the change feed says the account's
 * users, policies or credentials changed; a role is read through the store's role cache.
 */
export class CurrentPrincipals {
  readonly #store: Store;
  /** accountId → whether it is ACTIVE. */
  readonly #accounts = new Map<string, boolean>();
  /** accountId → lower-cased user name → the user's unique ID (only users that exist). */
  readonly #users = new Map<string, Map<string, string>>();
  readonly #generations = new AccountGenerations();
  readonly #unsubscribe: () => void;

  constructor(store: Store) {
    this.#store = store;
    this.#unsubscribe = store.changes.subscribe((topic, payload) => {
      if (topic === RESYNC_TOPIC || payload === '*') {
        this.#accounts.clear();
        this.#users.clear();
        this.#generations.changedAll();
      } else if (topic === POLICIES_TOPIC || topic === CREDENTIALS_TOPIC) {
        // A user's deletion or rename announces its account's policies.
        this.#users.delete(payload);
        this.#generations.changed(payload);
      }
    });
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

  close(): void {
    this.#unsubscribe();
  }

  async #active(accountId: string): Promise<boolean> {
    const known = this.#accounts.get(accountId);
    if (known !== undefined) return known;
    const stamp = this.#generations.stamp(accountId);
    const account = await this.#store.accounts.get(accountId);
    const active = account?.status === 'ACTIVE';
    // An account that does not exist (yet) is not remembered.
    if (account !== undefined && this.#generations.unchanged(accountId, stamp)) this.#accounts.set(accountId, active);
    return active;
  }

  async #userId(accountId: string, name: string): Promise<string | undefined> {
    const key = name.toLowerCase();
    const known = this.#users.get(accountId)?.get(key);
    if (known !== undefined) return known;
    const stamp = this.#generations.stamp(accountId);
    const user = await this.#store.users.get(accountId, name);
    if (user === undefined) return undefined;
    if (this.#generations.unchanged(accountId, stamp)) {
      let forAccount = this.#users.get(accountId);
      if (forAccount === undefined) this.#users.set(accountId, (forAccount = new Map()));
      forAccount.set(key, user.userId);
    }
    return user.userId;
  }
}
