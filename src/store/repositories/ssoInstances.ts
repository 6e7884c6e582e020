import type { Selectable } from 'kysely';
import type { SsoInstancesTable } from './identityCenterTables.js';
import { insertUnique } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';

/** A tag of an Identity Center resource. */
export interface SsoTag {
  readonly Key: string;
  readonly Value: string;
}

/** Who people sign in with: Identity Center's own directory, or an external SAML 2.0 identity provider. */
export interface ExternalIdpSettings {
  readonly entityId: string;
  /** The IdP's signing certificates, DER in base64. */
  readonly signingCertificates: readonly string[];
  /** Where the IdP takes SAML requests (its SingleSignOnService), and by which binding. */
  readonly ssoUrl: string;
  readonly ssoBinding: 'redirect' | 'post';
  readonly metadataDocument: string;
}

/**
 * An instance's sign-in settings. AWS: IAM Identity Center User Guide, "Configure MFA" — prompt
 * for MFA always (or when the sign-in context changes) or never; what happens to a user without
 * a device: register one at sign-in, be blocked, or sign in without; and the access portal's
 * session duration (15 minutes to 90 days, 8 hours by default).
 */
export interface InstanceSettings {
  readonly mfaMode: 'ALWAYS_ON' | 'CONTEXT_AWARE' | 'DISABLED';
  readonly noDeviceBehavior: 'REQUIRE_REGISTRATION' | 'BLOCK' | 'ALLOW';
  readonly sessionDurationSeconds: number;
  readonly externalIdp?: ExternalIdpSettings;
}

/** An IAM Identity Center instance: an organization's, or one account's. */
export interface SsoInstanceRecord {
  readonly instanceId: string;
  readonly arn: string;
  readonly identityStoreId: string;
  readonly ownerAccountId: string;
  /** The organization whose instance this is; null for an account instance. */
  readonly organizationId: string | null;
  readonly name: string | null;
  readonly status: string;
  readonly settings: InstanceSettings;
  readonly tags: readonly SsoTag[];
  /** The PEM certificate of the instance's SAML signing key (its IdP metadata names it). */
  readonly samlCertificate: string;
  readonly createdAt: string;
}

export interface NewSsoInstance extends Omit<SsoInstanceRecord, 'createdAt'> {
  /** The instance's SAML signing key (PKCS#8 PEM), sealed before it is written. */
  readonly samlPrivateKey: string;
  readonly createdAt?: string;
}

export interface SsoInstancePatch {
  name?: string | null;
  organizationId?: string | null;
  settings?: InstanceSettings;
  tags?: readonly SsoTag[];
}

/** A SCIM bearer token's metadata; the token itself is stored only as a hash. */
export interface ScimTokenRecord {
  readonly tokenId: string;
  readonly instanceId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** IAM Identity Center instances (one per account at most) and their SCIM tokens. */
export interface SsoInstancesRepository {
  /** Throws `DuplicateError` when the account already has an instance. */
  create(instance: NewSsoInstance): Promise<SsoInstanceRecord>;
  get(instanceId: string): Promise<SsoInstanceRecord | undefined>;
  byIdentityStore(identityStoreId: string): Promise<SsoInstanceRecord | undefined>;
  byOwner(accountId: string): Promise<SsoInstanceRecord | undefined>;
  byOrganization(organizationId: string): Promise<SsoInstanceRecord | undefined>;
  /** Every instance, by creation (an unknown start URL is matched against them). */
  listAll(): Promise<SsoInstanceRecord[]>;
  update(instanceId: string, patch: SsoInstancePatch): Promise<SsoInstanceRecord | undefined>;
  delete(instanceId: string): Promise<boolean>;
  /** The instance's SAML signing key (PKCS#8 PEM), unsealed. */
  samlPrivateKey(instanceId: string): Promise<string | undefined>;
  createScimToken(token: ScimTokenRecord & { readonly tokenHash: string }): Promise<void>;
  listScimTokens(instanceId: string): Promise<ScimTokenRecord[]>;
  scimTokenByHash(tokenHash: string): Promise<ScimTokenRecord | undefined>;
  deleteScimToken(instanceId: string, tokenId: string): Promise<boolean>;
}

/** The AAD that binds a sealed SAML key to its instance. */
function samlKeyAad(instanceId: string): string {
  return `sso-instance-saml-key:${instanceId}`;
}

function toRecord(row: Selectable<SsoInstancesTable>): SsoInstanceRecord {
  return {
    instanceId: row.instance_id,
    arn: row.arn,
    identityStoreId: row.identity_store_id,
    ownerAccountId: row.owner_account_id,
    organizationId: row.organization_id,
    name: row.name,
    status: row.status,
    settings: JSON.parse(row.settings) as InstanceSettings,
    tags: JSON.parse(row.tags) as SsoTag[],
    samlCertificate: row.saml_certificate,
    createdAt: row.created_at,
  };
}

/** Identity Center instances over one database handle. */
export function ssoInstancesRepository({ db, keyRing, now }: RepositoryContext): SsoInstancesRepository {
  const one = async (column: 'instance_id' | 'identity_store_id' | 'owner_account_id' | 'organization_id', value: string) => {
    const row = await db.selectFrom('sso_instances').selectAll().where(column, '=', value).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };
  return {
    async create(instance) {
      const row: Selectable<SsoInstancesTable> = {
        instance_id: instance.instanceId,
        arn: instance.arn,
        identity_store_id: instance.identityStoreId,
        owner_account_id: instance.ownerAccountId,
        organization_id: instance.organizationId,
        name: instance.name,
        status: instance.status,
        settings: JSON.stringify(instance.settings),
        tags: JSON.stringify(instance.tags),
        saml_certificate: instance.samlCertificate,
        saml_key_sealed: keyRing.seal(instance.samlPrivateKey, samlKeyAad(instance.instanceId)),
        created_at: instance.createdAt ?? now(),
      };
      await insertUnique('instance', instance.ownerAccountId, () => db.insertInto('sso_instances').values(row).execute());
      return toRecord(row);
    },
    get: (instanceId) => one('instance_id', instanceId),
    byIdentityStore: (identityStoreId) => one('identity_store_id', identityStoreId),
    byOwner: (accountId) => one('owner_account_id', accountId),
    byOrganization: (organizationId) => one('organization_id', organizationId),
    async listAll() {
      return (await db.selectFrom('sso_instances').selectAll().orderBy('created_at').orderBy('instance_id').execute()).map(toRecord);
    },
    async update(instanceId, patch) {
      const values: Partial<SsoInstancesTable> = {};
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.organizationId !== undefined) values.organization_id = patch.organizationId;
      if (patch.settings !== undefined) values.settings = JSON.stringify(patch.settings);
      if (patch.tags !== undefined) values.tags = JSON.stringify(patch.tags);
      if (Object.keys(values).length > 0) await db.updateTable('sso_instances').set(values).where('instance_id', '=', instanceId).execute();
      return one('instance_id', instanceId);
    },
    async delete(instanceId) {
      await db.deleteFrom('sso_scim_tokens').where('instance_id', '=', instanceId).execute();
      const result = await db.deleteFrom('sso_instances').where('instance_id', '=', instanceId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async samlPrivateKey(instanceId) {
      const row = await db.selectFrom('sso_instances').select('saml_key_sealed').where('instance_id', '=', instanceId).executeTakeFirst();
      return row === undefined ? undefined : keyRing.open(row.saml_key_sealed, samlKeyAad(instanceId));
    },
    async createScimToken(token) {
      await db
        .insertInto('sso_scim_tokens')
        .values({
          token_id: token.tokenId,
          instance_id: token.instanceId,
          token_hash: token.tokenHash,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
        })
        .execute();
    },
    async listScimTokens(instanceId) {
      const rows = await db.selectFrom('sso_scim_tokens').selectAll().where('instance_id', '=', instanceId).orderBy('created_at').execute();
      return rows.map((r) => ({ tokenId: r.token_id, instanceId: r.instance_id, createdAt: r.created_at, expiresAt: r.expires_at }));
    },
    async scimTokenByHash(tokenHash) {
      const r = await db.selectFrom('sso_scim_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r === undefined ? undefined : { tokenId: r.token_id, instanceId: r.instance_id, createdAt: r.created_at, expiresAt: r.expires_at };
    },
    async deleteScimToken(instanceId, tokenId) {
      const result = await db.deleteFrom('sso_scim_tokens').where('instance_id', '=', instanceId).where('token_id', '=', tokenId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
