/**
 * The topics of the store's change feed, each naming what a cache depends on. The payload is an
 * id (an account, an access key, an organization), or `*` for everything (a dev-mode reset).
 */

/** An access key or its owner changed; the payload is the access key id. */
export const CREDENTIALS_TOPIC = 'credentials';

/**
 * Any policy, version, attachment, inline policy, group membership or permissions boundary of an
 * account changed, or a user or role was deleted; the payload is the account id.
 */
export const POLICIES_TOPIC = 'policies';

/** An organization's structure, membership, policies, attachments or enabled policy types changed; the payload is the organization id. */
export const ORGANIZATIONS_TOPIC = 'organizations';
