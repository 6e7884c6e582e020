import type { Selectable } from 'kysely';
import type { SigningCertificatesTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { credentialPage, userCredentialRows, type CredentialStatus } from './userCredentials.js';

/** An X.509 signing certificate; `userName` is null for the account's root user. */
export interface SigningCertificateRecord {
  readonly certificateId: string;
  readonly accountId: string;
  readonly userName: string | null;
  readonly body: string;
  /** SHA-256 of the certificate's DER encoding, hex: the same certificate twice has the same one. */
  readonly fingerprint: string;
  readonly status: CredentialStatus;
  readonly uploadedAt: string;
}

/** Signing certificates of IAM users and root users. */
export interface SigningCertificatesRepository {
  /** Throws `DuplicateError` if the id, or the same certificate in the account, exists. */
  create(cert: Omit<SigningCertificateRecord, 'uploadedAt'> & { uploadedAt?: string }): Promise<SigningCertificateRecord>;
  /** The certificate with this fingerprint anywhere in the account. */
  findByFingerprint(accountId: string, fingerprint: string): Promise<SigningCertificateRecord | undefined>;
  get(accountId: string, userName: string | null, certificateId: string): Promise<SigningCertificateRecord | undefined>;
  listForUser(accountId: string, userName: string | null): Promise<SigningCertificateRecord[]>;
  /** Every certificate of the account (its users' and its root user's), oldest first. */
  listForAccount(accountId: string): Promise<SigningCertificateRecord[]>;
  page(accountId: string, userName: string | null, options?: ListOptions): Promise<Page<SigningCertificateRecord>>;
  updateStatus(accountId: string, userName: string | null, certificateId: string, status: CredentialStatus): Promise<boolean>;
  delete(accountId: string, userName: string | null, certificateId: string): Promise<boolean>;
  /** Follows a user's rename. */
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
}

function toRecord(row: Selectable<SigningCertificatesTable>): SigningCertificateRecord {
  return {
    certificateId: row.certificate_id,
    accountId: row.account_id,
    userName: row.user_name,
    body: row.body,
    fingerprint: row.fingerprint,
    status: row.status as CredentialStatus,
    uploadedAt: row.uploaded_at,
  };
}

function sortKey(record: SigningCertificateRecord): string {
  return `${record.uploadedAt}|${record.certificateId}`;
}

/** Signing certificates over one database handle. */
export function signingCertificatesRepository({ db, now }: RepositoryContext): SigningCertificatesRepository {
  const rows = userCredentialRows<Selectable<SigningCertificatesTable>>(db, { table: 'signing_certificates', id: 'certificate_id', time: 'uploaded_at' });
  const listForUser = async (accountId: string, userName: string | null) => (await rows.list(accountId, userName)).map(toRecord);
  return {
    async create(cert) {
      const row = {
        certificate_id: cert.certificateId,
        account_id: cert.accountId,
        user_name: cert.userName,
        body: cert.body,
        fingerprint: cert.fingerprint,
        status: cert.status,
        uploaded_at: cert.uploadedAt ?? now(),
      };
      await insertUnique('signing certificate', cert.certificateId, () => db.insertInto('signing_certificates').values(row).execute());
      return toRecord(row);
    },

    async findByFingerprint(accountId, fingerprint) {
      const row = await db
        .selectFrom('signing_certificates')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('fingerprint', '=', fingerprint)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async get(accountId, userName, certificateId) {
      const row = await rows.one(accountId, userName, certificateId);
      return row === undefined ? undefined : toRecord(row);
    },

    listForUser,

    async listForAccount(accountId) {
      const all = await db.selectFrom('signing_certificates').selectAll().where('account_id', '=', accountId).orderBy('uploaded_at').execute();
      return all.map(toRecord);
    },

    async page(accountId, userName, options: ListOptions = {}): Promise<Page<SigningCertificateRecord>> {
      return credentialPage(await listForUser(accountId, userName), sortKey, options);
    },

    updateStatus: rows.updateStatus,
    delete: rows.delete,
    renameUser: rows.renameUser,
  };
}
