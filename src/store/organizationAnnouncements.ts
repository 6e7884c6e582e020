import { ACCOUNTS_TOPIC, CREDENTIALS_TOPIC, ORGANIZATIONS_TOPIC } from './changeTopics.js';
import type { EntityReadCache } from './entityReadCache.js';
import { announcing } from './announcing.js';
import type { OrganizationPoliciesRepository, OrganizationsRepository, OrganizationValuesRepository } from './repositories/index.js';
import type { AccountRecord, AccountsRepository, ChangeFeed } from './types.js';

/**
 * The Organizations repositories as the store hands them out: every write to an organization's
 * structure, policies, attachments, policy types, tags or settings announces the organization on
 * {@link ORGANIZATIONS_TOPIC} (guardrails and organization condition keys are cached per account);
 * an account's change of state announces every credential. Handshakes and CreateAccount requests
 * are no cache's business and announce nothing.
 */

/**
 * Accounts: every one created announces itself on {@link ACCOUNTS_TOPIC}, and one created in an
 * organization announces the organization. Outside transactions an account is read through
 * `cache` (every call reads its account's state), which those announcements keep current.
 */
export function accountsAnnouncing(accounts: AccountsRepository, changes: ChangeFeed, cache: EntityReadCache<AccountRecord> | undefined): AccountsRepository {
  return {
    ...accounts,
    create: announcing(accounts.create, async (account) => {
      await changes.publish(ACCOUNTS_TOPIC, account.id);
      if (account.organizationId !== null) await changes.publish(ORGANIZATIONS_TOPIC, account.organizationId);
    }),
    ...(cache === undefined ? {} : { get: (id: string) => cache.entity(id, id, () => accounts.get(id)) }),
  };
}

/**
 * The organization tree: creating or deleting an organization, its feature set, its units, where
 * accounts sit and memberships announce the organization; an account's state (closing it)
 * announces its organization and every credential (the principals of a closed account may no longer
 * sign in, and credentials are cached with their account's state). Every write to an account's
 * record (its organization, its place, its state) announces the account on {@link ACCOUNTS_TOPIC}.
 */
export function organizationsAnnouncing(organizations: OrganizationsRepository, accounts: AccountsRepository, changes: ChangeFeed): OrganizationsRepository {
  const announce = (organizationId: string | null | undefined) =>
    organizationId === null || organizationId === undefined ? Promise.resolve() : changes.publish(ORGANIZATIONS_TOPIC, organizationId);
  /** The organization the account is in before a write that may take it out. */
  const organizationOf = async (accountId: string) => (await accounts.get(accountId))?.organizationId;
  const byOrganization = async (_result: unknown, organizationId: string) => announce(organizationId);
  return {
    ...organizations,
    create: announcing(organizations.create, async (_result, org) => announce(org.id)),
    setFeatureSet: announcing(organizations.setFeatureSet, byOrganization),
    delete: announcing(organizations.delete, async (_result, organizationId) => {
      await announce(organizationId);
      await changes.publish(ACCOUNTS_TOPIC, '*');
    }),
    createUnit: announcing(organizations.createUnit, async (unit) => announce(unit.organizationId)),
    renameUnit: announcing(organizations.renameUnit, byOrganization),
    setPolicyTypes: announcing(organizations.setPolicyTypes, byOrganization),
    deleteUnit: announcing(organizations.deleteUnit, byOrganization),
    join: announcing(organizations.join, async (_result, membership) => announce(membership.organizationId)),
    async placeAccount(accountId, organizationId, parentId) {
      const before = await organizationOf(accountId);
      await organizations.placeAccount(accountId, organizationId, parentId);
      await changes.publish(ACCOUNTS_TOPIC, accountId);
      await announce(before);
      await announce(organizationId);
    },
    async leave(accountId) {
      const before = await organizationOf(accountId);
      await organizations.leave(accountId);
      await changes.publish(ACCOUNTS_TOPIC, accountId);
      await announce(before);
    },
    async setAccountStatus(accountId, status) {
      const before = await organizationOf(accountId);
      await organizations.setAccountStatus(accountId, status);
      await changes.publish(ACCOUNTS_TOPIC, accountId);
      await announce(before);
      await changes.publish(CREDENTIALS_TOPIC, '*');
    },
  };
}

/** Organization policies, their attachments and the tags of organization entities announce the organization. */
export function organizationPoliciesAnnouncing(policies: OrganizationPoliciesRepository, changes: ChangeFeed): OrganizationPoliciesRepository {
  const byOrganization = async (_result: unknown, organizationId: string) => changes.publish(ORGANIZATIONS_TOPIC, organizationId);
  return {
    ...policies,
    create: announcing(policies.create, async (_result, policy) => changes.publish(ORGANIZATIONS_TOPIC, policy.organizationId)),
    update: announcing(policies.update, byOrganization),
    delete: announcing(policies.delete, byOrganization),
    attach: announcing(policies.attach, byOrganization),
    detach: announcing(policies.detach, byOrganization),
    detachAllFrom: announcing(policies.detachAllFrom, byOrganization),
    putTags: announcing(policies.putTags, byOrganization),
    removeTags: announcing(policies.removeTags, byOrganization),
    deleteTags: announcing(policies.deleteTags, byOrganization),
  };
}

/** Per-organization values (trusted access, delegated administrators, the resource policy) announce the organization. */
export function organizationValuesAnnouncing(values: OrganizationValuesRepository, changes: ChangeFeed): OrganizationValuesRepository {
  const byOrganization = async (_result: unknown, organizationId: string) => changes.publish(ORGANIZATIONS_TOPIC, organizationId);
  return {
    ...values,
    set: announcing(values.set, byOrganization),
    delete: announcing(values.delete, byOrganization),
  };
}
