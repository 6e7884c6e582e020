import type { Selectable } from 'kysely';
import type { ServerCertificatesTable } from '../schema.js';
import { DuplicateError, isUniqueViolation } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { pageByName } from './namePages.js';

/** A server certificate's public parts; the private key stays sealed and is never read back by IAM. */
export interface ServerCertificateRecord {
  readonly accountId: string;
  readonly serverCertificateId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly body: string;
  readonly chain: string | null;
  readonly expiration: string;
  readonly uploadedAt: string;
}

/** Input of `serverCertificates.create`: the private key arrives in plaintext and is sealed. */
export interface NewServerCertificate extends Omit<ServerCertificateRecord, 'uploadedAt'> {
  privateKey: string;
  uploadedAt?: string;
}

/** Server certificates. Names are unique per account, case-insensitively. */
export interface ServerCertificatesRepository {
  /** Throws `DuplicateError` if the name (any case) or the id exists. */
  create(cert: NewServerCertificate): Promise<ServerCertificateRecord>;
  /** Case-insensitive lookup by name. */
  get(accountId: string, name: string): Promise<ServerCertificateRecord | undefined>;
  count(accountId: string): Promise<number>;
  /** By name (case-insensitive order), filtered by path prefix. */
  list(accountId: string, options?: ListOptions): Promise<Page<ServerCertificateRecord>>;
  /** Renames and/or moves; throws `DuplicateError` if the new name (any case) is taken. */
  update(accountId: string, name: string, changes: { name?: string; path?: string; arn?: string }): Promise<boolean>;
  delete(accountId: string, name: string): Promise<boolean>;
}

/** The AAD that binds a sealed private key to its certificate. */
export function serverCertificateKeyAad(serverCertificateId: string): string {
  return `server-certificate-key:${serverCertificateId}`;
}

const PUBLIC_COLUMNS = ['account_id', 'server_certificate_id', 'name', 'path', 'arn', 'body', 'chain', 'expiration', 'uploaded_at'] as const;

type PublicRow = Pick<Selectable<ServerCertificatesTable>, (typeof PUBLIC_COLUMNS)[number]>;

function toRecord(row: PublicRow): ServerCertificateRecord {
  return {
    accountId: row.account_id,
    serverCertificateId: row.server_certificate_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    body: row.body,
    chain: row.chain,
    expiration: row.expiration,
    uploadedAt: row.uploaded_at,
  };
}

/** Server certificates over one database handle; private keys are sealed with the key ring. */
export function serverCertificatesRepository({ db, keyRing, now }: RepositoryContext): ServerCertificatesRepository {
  return {
    async create(cert) {
      const row = {
        account_id: cert.accountId,
        server_certificate_id: cert.serverCertificateId,
        name: cert.name,
        name_lower: cert.name.toLowerCase(),
        path: cert.path,
        arn: cert.arn,
        body: cert.body,
        chain: cert.chain,
        private_key_sealed: keyRing.seal(cert.privateKey, serverCertificateKeyAad(cert.serverCertificateId)),
        expiration: cert.expiration,
        uploaded_at: cert.uploadedAt ?? now(),
      };
      try {
        await db.insertInto('server_certificates').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('server certificate', cert.name, { cause: error });
        throw error;
      }
      return toRecord(row);
    },

    async get(accountId, name) {
      const row = await db
        .selectFrom('server_certificates')
        .select(PUBLIC_COLUMNS)
        .where('account_id', '=', accountId)
        .where('name_lower', '=', name.toLowerCase())
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async count(accountId) {
      const row = await db
        .selectFrom('server_certificates')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async list(accountId, options: ListOptions = {}) {
      return pageByName(
        db
          .selectFrom('server_certificates')
          .select([...PUBLIC_COLUMNS, 'name_lower'])
          .where('account_id', '=', accountId),
        options,
        toRecord,
      );
    },

    async update(accountId, name, changes) {
      const set: { name?: string; name_lower?: string; path?: string; arn?: string } = {};
      if (changes.name !== undefined) {
        set.name = changes.name;
        set.name_lower = changes.name.toLowerCase();
      }
      if (changes.path !== undefined) set.path = changes.path;
      if (changes.arn !== undefined) set.arn = changes.arn;
      if (Object.keys(set).length === 0) return (await this.get(accountId, name)) !== undefined;
      try {
        const result = await db
          .updateTable('server_certificates')
          .set(set)
          .where('account_id', '=', accountId)
          .where('name_lower', '=', name.toLowerCase())
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('server certificate', changes.name ?? name, { cause: error });
        throw error;
      }
    },

    async delete(accountId, name) {
      const result = await db
        .deleteFrom('server_certificates')
        .where('account_id', '=', accountId)
        .where('name_lower', '=', name.toLowerCase())
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
