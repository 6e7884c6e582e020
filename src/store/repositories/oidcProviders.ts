import type { Selectable } from 'kysely';
import type { OidcProvidersTable } from '../schema.js';
import { DuplicateError, isUniqueViolation } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';

/** An OpenID Connect identity provider as stored. */
export interface OidcProviderRecord {
  readonly arn: string;
  readonly accountId: string;
  /** The issuer without its scheme (`host[/path]`), as IAM returns `Url`. */
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
  readonly createdAt: string;
}

/** Input of `oidcProviders.create`; `createdAt` defaults to now. */
export interface NewOidcProvider {
  arn: string;
  accountId: string;
  url: string;
  clientIds: readonly string[];
  thumbprints: readonly string[];
  createdAt?: string;
}

/** OpenID Connect providers, addressed by ARN (which embeds the URL, so the ARN is unique). */
export interface OidcProvidersRepository {
  /** Throws `DuplicateError` if the ARN exists. */
  create(provider: NewOidcProvider): Promise<OidcProviderRecord>;
  get(arn: string): Promise<OidcProviderRecord | undefined>;
  /** Every provider of the account, by ARN. */
  list(accountId: string): Promise<OidcProviderRecord[]>;
  count(accountId: string): Promise<number>;
  /** Replaces the lists given; returns false if there is no such provider. */
  update(arn: string, lists: { clientIds?: readonly string[]; thumbprints?: readonly string[] }): Promise<boolean>;
  delete(arn: string): Promise<boolean>;
}

function toRecord(row: Selectable<OidcProvidersTable>): OidcProviderRecord {
  return {
    arn: row.arn,
    accountId: row.account_id,
    url: row.url,
    clientIds: JSON.parse(row.client_ids) as string[],
    thumbprints: JSON.parse(row.thumbprints) as string[],
    createdAt: row.created_at,
  };
}

/** OIDC providers over one database handle. */
export function oidcProvidersRepository({ db, now }: RepositoryContext): OidcProvidersRepository {
  return {
    async create(provider) {
      const row: Selectable<OidcProvidersTable> = {
        arn: provider.arn,
        account_id: provider.accountId,
        url: provider.url,
        client_ids: JSON.stringify(provider.clientIds),
        thumbprints: JSON.stringify(provider.thumbprints),
        created_at: provider.createdAt ?? now(),
      };
      try {
        await db.insertInto('oidc_providers').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('oidc provider', provider.url, { cause: error });
        throw error;
      }
      return toRecord(row);
    },

    async get(arn) {
      const row = await db.selectFrom('oidc_providers').selectAll().where('arn', '=', arn).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async list(accountId) {
      const rows = await db.selectFrom('oidc_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();
      return rows.map(toRecord);
    },

    async count(accountId) {
      const row = await db
        .selectFrom('oidc_providers')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async update(arn, lists) {
      const values: Partial<OidcProvidersTable> = {};
      if (lists.clientIds !== undefined) values.client_ids = JSON.stringify(lists.clientIds);
      if (lists.thumbprints !== undefined) values.thumbprints = JSON.stringify(lists.thumbprints);
      if (Object.keys(values).length === 0) return (await this.get(arn)) !== undefined;
      const result = await db.updateTable('oidc_providers').set(values).where('arn', '=', arn).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(arn) {
      const result = await db.deleteFrom('oidc_providers').where('arn', '=', arn).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
