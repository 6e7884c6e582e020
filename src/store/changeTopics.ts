/**
 * The topics the store announces its changes on (see `ChangeFeed`). The store's repositories
 * publish them on every write that changes what a cache depends on, so that no writer can forget
 * to; caches subscribe to the topics they depend on. Each payload must stay small (PostgreSQL's
 * NOTIFY limit): ids, never entities. A payload of `*` means everything of that topic.
 */

/**
 * An access key or what is cached with it changed: its status, its deletion, its owner's name,
 * path or tags (a user's tags are its principal tags), or the state of its account. The payload is
 * the access key ID, an IAM user's unique ID (each of that user's keys), or `*` for every key (an
 * account closed, a dev-mode reset).
 */
export const CREDENTIALS_TOPIC = 'credentials';

/**
 * A policy an account's principals are evaluated with changed: a managed policy created or deleted,
 * its default version, an attachment, an inline policy, a group or its members, a permissions
 * boundary, a role's trust policy, a user renamed or moved, a user or role deleted. The payload is
 * the account id, or `*` for every account (a managed policy deleted: its ARN may come back).
 */
export const POLICIES_TOPIC = 'policies';

/**
 * An organization changed: its structure (roots, OUs, where accounts sit), its policies, their
 * attachments, enabled policy types, tags or per-organization settings. The payload is the
 * organization id, or `*` for every organization.
 */
export const ORGANIZATIONS_TOPIC = 'organizations';

/**
 * A role or a role's tags changed (created, updated, deleted, last use recorded, boundary set,
 * tagged, untagged). The payload is the account id, or `*` for every account (a dev-mode reset).
 */
export const ROLES_TOPIC = 'roles';

/**
 * A user or a user's tags changed (created, renamed or moved, deleted, boundary set, password last
 * used, tagged, untagged). The payload is the account id, or `*` for every account (a dev-mode reset).
 */
export const USERS_TOPIC = 'users';

/**
 * An account's record changed: created, closed (its state), placed in or taken out of an
 * organization. The payload is the account id, or `*` for every account (an organization deleted,
 * a dev-mode reset).
 */
export const ACCOUNTS_TOPIC = 'accounts';

/**
 * A resource-based policy changed: its resource was created, its policy set or removed, or the
 * resource deleted (a role and its trust policy; S3 adds its buckets). The payload is
 * `<AWS resource type> <owner account id> <resource ARN>` (see {@link resourcePolicyChange}), or
 * `*` for every resource (a dev-mode reset). Access Analyzer's findings engine analyzes the
 * resource again.
 */
export const RESOURCE_POLICIES_TOPIC = 'resource-policies';

/** The payload announcing that one resource's policy changed. */
export function resourcePolicyChange(resourceType: string, ownerAccount: string, arn: string): string {
  return `${resourceType} ${ownerAccount} ${arn}`;
}

/** A resource-policy change's parts, or undefined for `*` (every resource) or a payload not of that form. */
export function parseResourcePolicyChange(payload: string): { resourceType: string; ownerAccount: string; arn: string } | undefined {
  const [resourceType, ownerAccount, arn, ...rest] = payload.split(' ');
  return resourceType === undefined || ownerAccount === undefined || arn === undefined || rest.length > 0 ? undefined : { resourceType, ownerAccount, arn };
}

/**
 * An Access Analyzer analyzer changed: created, deleted, its configuration or status, or its
 * archive rules. The payload is the analyzer's ARN, or `*` for every analyzer.
 */
export const ANALYZERS_TOPIC = 'access-analyzer';

/** An analyzer's findings changed (found, resolved, archived, updated). The payload is the analyzer's ARN. */
export const FINDINGS_TOPIC = 'access-analyzer-findings';

/**
 * An S3 bucket's authorization facts changed: created, deleted, its bucket policy or its Block
 * Public Access settings. The payload is the bucket name, or `*` for every bucket.
 */
export const S3_BUCKETS_TOPIC = 's3-buckets';

/** An account's S3 Block Public Access settings changed. The payload is the account id, or `*`. */
export const S3_ACCOUNTS_TOPIC = 's3-accounts';

/**
 * What X.509 authentication checks against changed: a Roles Anywhere trust anchor (its CA bundle,
 * whether it is enabled) or an imported CRL. The payload is the account id, or `*`.
 */
export const TRUST_ANCHORS_TOPIC = 'trust-anchors';
