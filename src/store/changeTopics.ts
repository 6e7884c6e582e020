/**
 * The topics the store announces its changes on (see `ChangeFeed`). The store's repositories
 * publish them on every write that changes what a cache depends on, so that no writer can forget
 * to; caches subscribe to the topics they depend on. Each payload must stay small (PostgreSQL's
 * NOTIFY limit): ids, never entities. A payload of `*` means everything of that topic.
 */

/**
 * An access key or what is cached with it changed: its status, its deletion, its owner's name,
 * path or tags (a user's tags are its principal tags), or the state of its account. The payload is
 * the access key ID, or `*` for every key (an account closed, a dev-mode reset).
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
 * What X.509 authentication checks against changed: a Roles Anywhere trust anchor (its CA bundle,
 * whether it is enabled) or an imported CRL. The payload is the account id, or `*`.
 */
export const TRUST_ANCHORS_TOPIC = 'trust-anchors';
