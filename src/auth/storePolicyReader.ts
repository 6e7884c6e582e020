import { ORGANIZATION_POLICY_TYPES, organizationPath, organizationPolicyArn } from '../model/index.js';
import type { OrganizationPolicyType } from '../model/index.js';
import { CREDENTIALS_TOPIC, ORGANIZATIONS_TOPIC, POLICIES_TOPIC, RESYNC_TOPIC, S3_ACCOUNTS_TOPIC, S3_BUCKETS_TOPIC } from '../store/index.js';
import type { Store } from '../store/index.js';
import { PolicyGatherer } from './policies/index.js';
import type { GathererOptions, GuardrailFacts, HolderKind, OrganizationPathFacts, PolicyReader } from './policies/index.js';

/**
 * The policy reader of a running server: every fact read from the store's repositories.
 * Uncached; the gatherer over it caches what it compiles (see {@link storePolicyGatherer}).
 */
export class StorePolicyReader implements PolicyReader {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async user(accountId: string, name: string) {
    const user = await this.#store.users.get(accountId, name);
    return user === undefined
      ? undefined
      : { accountId, userId: user.userId, name: user.name, arn: user.arn, permissionsBoundaryArn: user.permissionsBoundaryArn };
  }

  async role(accountId: string, name: string) {
    const role = await this.#store.roles.get(accountId, name);
    return role === undefined
      ? undefined
      : { accountId, roleId: role.roleId, name: role.name, arn: role.arn, trustPolicy: role.trustPolicy, permissionsBoundaryArn: role.permissionsBoundaryArn };
  }

  async group(accountId: string, name: string) {
    const group = await this.#store.groups.get(accountId, name);
    return group === undefined ? undefined : { accountId, groupId: group.groupId, name: group.name, arn: group.arn };
  }

  async groupsOf(accountId: string, userName: string) {
    return (await this.#store.groups.groupsOf(accountId, userName)).map((g) => g.name);
  }

  async inlinePolicies(accountId: string, kind: HolderKind, name: string) {
    return (await this.#store.inlinePolicies.list(accountId, kind, name)).map((p) => ({ policyName: p.policyName, document: p.document }));
  }

  attachedPolicies(accountId: string, kind: HolderKind, name: string) {
    return this.#store.policyAttachments.listFor(accountId, kind, name);
  }

  async managedPolicy(arn: string) {
    const policy = await this.#store.managedPolicies.get(arn);
    if (policy === undefined) return undefined;
    const version = await this.#store.managedPolicies.version(arn, policy.defaultVersionId);
    if (version === undefined) return undefined;
    return {
      arn: policy.arn,
      policyId: policy.policyId,
      name: policy.name,
      awsManaged: policy.awsManaged,
      defaultVersionId: policy.defaultVersionId,
      document: version.document,
    };
  }

  async bucket(name: string) {
    const bucket = await this.#store.s3Buckets.get(name);
    if (bucket === undefined) return undefined;
    return {
      name: bucket.name,
      accountId: bucket.accountId,
      policy: bucket.policy,
      publicAccessBlock: bucket.publicAccessBlock,
      accountPublicAccessBlock: await this.#store.s3Buckets.accountPublicAccessBlock(bucket.accountId),
    };
  }

  async organizationPath(accountId: string): Promise<OrganizationPathFacts | null> {
    const store = this.#store;
    const account = await store.accounts.get(accountId);
    if (account?.organizationId == null || account.parentId === null) return null;
    const org = await store.organizations.get(account.organizationId);
    if (org === undefined) return null;
    const units = await store.organizations.unitPath(org.id, account.parentId);
    if (units === undefined) return null;
    const chain = units.map((u) => u.id);
    const root = units[0];
    const levels: Partial<Record<OrganizationPolicyType, GuardrailFacts[][]>> = {};
    for (const type of ORGANIZATION_POLICY_TYPES) {
      if (root === undefined || !root.policyTypes.includes(type)) continue;
      const perLevel: GuardrailFacts[][] = [];
      for (const target of [...chain, accountId]) {
        const attached = await store.organizationPolicies.attachedPolicies(org.id, target, type);
        perLevel.push(
          attached.map(({ policy }) => ({
            arn: organizationPolicyArn(org.managementAccountId, org.id, type, policy.id, policy.awsManaged),
            content: policy.content,
          })),
        );
      }
      levels[type] = perLevel;
    }
    return { organizationId: org.id, path: organizationPath(org.id, chain), isManagement: org.managementAccountId === accountId, levels };
  }
}

/**
 * The gatherer of a running server: over the store, its caches dropped when the change feed
 * announces a change — a principal's policies when its account's policies change, guardrails
 * when an organization changes, everything on a resync or a dev-mode reset — so a decision for a
 * cached principal reads nothing from the database and a change takes effect on the very next
 * request on every node.
 */
export function storePolicyGatherer(store: Store, options?: GathererOptions): PolicyGatherer & { close(): void } {
  const gatherer = new PolicyGatherer(new StorePolicyReader(store), options);
  const unsubscribe = store.changes.subscribe((topic, payload) => {
    // A `*` on the credentials or policies topic is a dev-mode reset: every entity is gone.
    if (topic === RESYNC_TOPIC || (payload === '*' && (topic === POLICIES_TOPIC || topic === CREDENTIALS_TOPIC))) gatherer.forgetAll();
    else if (topic === POLICIES_TOPIC) gatherer.forgetAccount(payload);
    else if (topic === S3_BUCKETS_TOPIC) gatherer.forgetBucket(payload);
    else if (topic === S3_ACCOUNTS_TOPIC) gatherer.forgetBucket('*');
    else if (topic === ORGANIZATIONS_TOPIC || payload === '*') gatherer.forgetGuardrails();
  });
  return Object.assign(gatherer, { close: unsubscribe });
}

/** An uncached gatherer over `store` (a transaction included), for handlers that show where policies come from. */
export function gathererOver(store: Store): PolicyGatherer {
  return new PolicyGatherer(new StorePolicyReader(store));
}
