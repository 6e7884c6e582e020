import type { Principal } from '../model/index.js';
import { compilePolicy, parsePolicy } from '../policy/index.js';
import type { ApplicablePolicies, CompiledPolicy } from '../policy/index.js';
import { AccountGenerations, RESYNC_TOPIC } from '../store/index.js';
import type { Store } from '../store/index.js';
import type { PolicySource } from './authorize.js';
import { CREDENTIALS_TOPIC } from './credentials.js';
import { Guardrails } from './guardrails.js';
import type { AuthorizationNeed } from './need.js';

/**
 * Topic published on the store's change feed when any policy, version, attachment, inline policy,
 * group membership or permissions boundary of an account changes; the payload is the account id.
 */
export const POLICIES_TOPIC = 'policies';

type HolderKind = 'user' | 'group' | 'role';

const NONE: ApplicablePolicies = Object.freeze({ identity: Object.freeze([]) as readonly CompiledPolicy[] });

/** Stored documents passed the grammar when written; AWS managed ones may exceed the customer quota. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The identity policies and permissions boundary of IAM users and roles, read from the store,
 * compiled once and cached per principal. A change published on {@link POLICIES_TOPIC} drops the
 * account's principals (and `*` everything), so a decision for a cached principal reads nothing
 * from the database and a change takes effect on the very next request on every node.
 */
export class StorePolicySource implements PolicySource {
  readonly #store: Store;
  /** accountId → principal key → its policies. */
  readonly #principals = new Map<string, Map<string, ApplicablePolicies>>();
  /** So that a load that raced a change is not cached. */
  readonly #generations = new AccountGenerations();
  /** `arn#version` → compiled managed policy (managed versions never change). */
  readonly #managed = new Map<string, CompiledPolicy | null>();
  readonly #maxManaged: number;
  readonly #unsubscribe: () => void;
  /** SCP and RCP levels per account (`auth/guardrails.ts`). */
  readonly #guardrails: Guardrails;

  constructor(store: Store, maxManaged = 10_000) {
    this.#store = store;
    this.#guardrails = new Guardrails(store);
    this.#maxManaged = maxManaged;
    this.#unsubscribe = store.changes.subscribe((topic, payload) => {
      // A `*` on the credentials topic is a dev-mode reset: every entity is gone.
      if (topic === RESYNC_TOPIC || (payload === '*' && (topic === POLICIES_TOPIC || topic === CREDENTIALS_TOPIC))) this.clear();
      else if (topic === POLICIES_TOPIC) {
        this.#principals.delete(payload);
        this.#generations.changed(payload);
      }
    });
  }

  /**
   * The principal's own policies plus, for a request (`need`), the SCP levels of its account, the RCP
   * levels of the resource's account and the organization condition keys of both.
   */
  async policiesFor(principal: Principal, need?: AuthorizationNeed, resourceAccountId?: string): Promise<ApplicablePolicies> {
    const own = await this.#own(principal);
    return need === undefined ? own : this.#guardrails.apply(own, principal, need.action, resourceAccountId ?? principal.accountId);
  }

  async #own(principal: Principal): Promise<ApplicablePolicies> {
    let kind: HolderKind;
    let name: string;
    if (principal.type === 'IAMUser' && principal.userName !== undefined) {
      kind = 'user';
      name = principal.userName;
    } else if (principal.type === 'AssumedRole' && principal.roleArn !== undefined) {
      kind = 'role';
      name = principal.roleArn.slice(principal.roleArn.lastIndexOf('/') + 1);
    } else {
      return NONE;
    }
    const account = principal.accountId;
    const key = `${kind}/${name.toLowerCase()}`;
    const cached = this.#principals.get(account)?.get(key);
    if (cached !== undefined) return cached;
    const stamp = this.#generations.stamp(account);
    const loaded = await this.#load(account, kind, name);
    if (this.#generations.unchanged(account, stamp)) {
      let forAccount = this.#principals.get(account);
      if (forAccount === undefined) this.#principals.set(account, (forAccount = new Map()));
      forAccount.set(key, loaded);
    }
    return loaded;
  }

  /** Drops every cached principal and compiled policy. */
  clear(): void {
    this.#principals.clear();
    this.#managed.clear();
    this.#generations.changedAll();
  }

  close(): void {
    this.#unsubscribe();
    this.#guardrails.close();
  }

  async #load(account: string, kind: HolderKind, name: string): Promise<ApplicablePolicies> {
    const store = this.#store;
    const identity: CompiledPolicy[] = [];
    await this.#collect(account, kind, name, identity);
    let boundaryArn: string | null = null;
    if (kind === 'user') {
      const user = await store.users.get(account, name);
      if (user === undefined) return NONE;
      boundaryArn = user.permissionsBoundaryArn;
      const groups = await store.db
        .selectFrom('group_members')
        .select('group_name')
        .where('account_id', '=', account)
        .where((eb) => eb(eb.fn('lower', ['user_name']), '=', user.name.toLowerCase()))
        .execute();
      for (const g of groups) await this.#collect(account, 'group', g.group_name, identity);
    } else {
      const role = await store.db
        .selectFrom('roles')
        .select('permissions_boundary_arn')
        .where('account_id', '=', account)
        .where('name_lower', '=', name.toLowerCase())
        .executeTakeFirst();
      if (role === undefined) return NONE;
      boundaryArn = role.permissions_boundary_arn;
    }
    const boundary = boundaryArn === null ? undefined : await this.#managedPolicy(boundaryArn, 'boundary');
    return boundary === undefined ? { identity } : { identity, boundary };
  }

  async #collect(account: string, kind: HolderKind, name: string, into: CompiledPolicy[]): Promise<void> {
    for (const inline of await this.#store.inlinePolicies.list(account, kind, name)) {
      const compiled = compileText(inline.document, `inline:${kind}/${name}/${inline.policyName}`, 'identity');
      if (compiled !== undefined) into.push(compiled);
    }
    for (const arn of await this.#store.policyAttachments.listFor(account, kind, name)) {
      const compiled = await this.#managedPolicy(arn, 'identity');
      if (compiled !== undefined) into.push(compiled);
    }
  }

  async #managedPolicy(arn: string, type: 'identity' | 'boundary'): Promise<CompiledPolicy | undefined> {
    const policy = await this.#store.managedPolicies.get(arn);
    if (policy === undefined) return undefined;
    const key = `${type}#${arn}#${policy.defaultVersionId}`;
    const hit = this.#managed.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const version = await this.#store.managedPolicies.version(arn, policy.defaultVersionId);
    const compiled = version === undefined ? undefined : compileText(version.document, arn, type);
    if (this.#managed.size >= this.#maxManaged) this.#managed.clear();
    this.#managed.set(key, compiled ?? null);
    return compiled;
  }
}

/** Compiles a stored document; one that no longer parses grants nothing (undefined). */
function compileText(document: string, id: string, type: 'identity' | 'boundary'): CompiledPolicy | undefined {
  const parsed = parsePolicy(document, 'identity', { maxLength: NO_SIZE_LIMIT });
  return parsed.ok ? compilePolicy(parsed.policy, { id, type }) : undefined;
}
