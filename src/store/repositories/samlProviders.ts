import type { Selectable } from 'kysely';
import type { SamlProvidersTable } from '../schema.js';
import { DuplicateError, isUniqueViolation } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';

/** A SAML identity provider as stored. */
export interface SamlProviderRecord {
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  /** The metadata document exactly as uploaded. */
  readonly metadataDocument: string;
  /** The IdP's `entityID` from the metadata. */
  readonly entityId: string;
  /** The IdP's signing certificates, DER in base64, from the metadata. */
  readonly signingCertificates: readonly string[];
  readonly validUntil: string;
  readonly createdAt: string;
}

/** Input of `samlProviders.create`; `createdAt` defaults to now. */
export interface NewSamlProvider {
  arn: string;
  accountId: string;
  name: string;
  metadataDocument: string;
  entityId: string;
  signingCertificates: readonly string[];
  validUntil: string;
  createdAt?: string;
}

/** What `samlProviders.update` replaces: the metadata and what was read from it. */
export type SamlMetadataUpdate = Pick<NewSamlProvider, 'metadataDocument' | 'entityId' | 'signingCertificates' | 'validUntil'>;

/** SAML identity providers, addressed by ARN. */
export interface SamlProvidersRepository {
  /** Throws `DuplicateError` if the name (any case) exists in the account. */
  create(provider: NewSamlProvider): Promise<SamlProviderRecord>;
  /** Exact ARN lookup. */
  get(arn: string): Promise<SamlProviderRecord | undefined>;
  /** Every provider of the account, by name. */
  list(accountId: string): Promise<SamlProviderRecord[]>;
  count(accountId: string): Promise<number>;
  /** Returns the updated provider, or undefined if there is none. */
  update(arn: string, metadata: SamlMetadataUpdate): Promise<SamlProviderRecord | undefined>;
  delete(arn: string): Promise<boolean>;
}

function toRecord(row: Selectable<SamlProvidersTable>): SamlProviderRecord {
  return {
    arn: row.arn,
    accountId: row.account_id,
    name: row.name,
    metadataDocument: row.metadata_document,
    entityId: row.entity_id,
    signingCertificates: JSON.parse(row.signing_certificates) as string[],
    validUntil: row.valid_until,
    createdAt: row.created_at,
  };
}

/** SAML providers over one database handle. */
export function samlProvidersRepository({ db, now }: RepositoryContext): SamlProvidersRepository {
  async function get(arn: string): Promise<SamlProviderRecord | undefined> {
    const row = await db.selectFrom('saml_providers').selectAll().where('arn', '=', arn).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  return {
    async create(provider) {
      const row: Selectable<SamlProvidersTable> = {
        arn: provider.arn,
        account_id: provider.accountId,
        name: provider.name,
        name_lower: provider.name.toLowerCase(),
        metadata_document: provider.metadataDocument,
        entity_id: provider.entityId,
        signing_certificates: JSON.stringify(provider.signingCertificates),
        valid_until: provider.validUntil,
        created_at: provider.createdAt ?? now(),
      };
      try {
        await db.insertInto('saml_providers').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('saml provider', provider.name, { cause: error });
        throw error;
      }
      return toRecord(row);
    },

    get,

    async list(accountId) {
      const rows = await db.selectFrom('saml_providers').selectAll().where('account_id', '=', accountId).orderBy('name_lower').execute();
      return rows.map(toRecord);
    },

    async count(accountId) {
      const row = await db
        .selectFrom('saml_providers')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async update(arn, metadata) {
      await db
        .updateTable('saml_providers')
        .set({
          metadata_document: metadata.metadataDocument,
          entity_id: metadata.entityId,
          signing_certificates: JSON.stringify(metadata.signingCertificates),
          valid_until: metadata.validUntil,
        })
        .where('arn', '=', arn)
        .execute();
      return get(arn);
    },

    async delete(arn) {
      const result = await db.deleteFrom('saml_providers').where('arn', '=', arn).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
