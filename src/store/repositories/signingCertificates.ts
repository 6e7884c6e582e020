import type { Selectable } from 'kysely';
import type { SigningCertificatesTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { decodeMarker, encodeMarker } from './marker.js';
import type { CredentialStatus } from './sshPublicKeys.js';

const DEFAULT_MAX_ITEMS = 100;

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
  const ofOwner = (accountId: string, userName: string | null) => {
    const query = db.selectFrom('signing_certificates').selectAll().where('account_id', '=', accountId);
    return userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
  };
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
      const row = await ofOwner(accountId, userName).where('certificate_id', '=', certificateId).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async listForUser(accountId, userName) {
      const rows = await ofOwner(accountId, userName).orderBy('uploaded_at').orderBy('certificate_id').execute();
      return rows.map(toRecord);
    },

    async listForAccount(accountId) {
      const rows = await db.selectFrom('signing_certificates').selectAll().where('account_id', '=', accountId).orderBy('uploaded_at').execute();
      return rows.map(toRecord);
    },

    async page(accountId, userName, options: ListOptions = {}) {
      const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
      const all = (await this.listForUser(accountId, userName)).filter(
        (record) => options.marker === undefined || sortKey(record) > decodeMarker(options.marker),
      );
      const items = all.slice(0, maxItems);
      if (all.length <= maxItems) return { items, isTruncated: false };
      return { items, isTruncated: true, marker: encodeMarker(sortKey(items[items.length - 1]!)) };
    },

    async updateStatus(accountId, userName, certificateId, status) {
      let query = db.updateTable('signing_certificates').set({ status }).where('account_id', '=', accountId).where('certificate_id', '=', certificateId);
      query = userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
      const result = await query.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(accountId, userName, certificateId) {
      let query = db.deleteFrom('signing_certificates').where('account_id', '=', accountId).where('certificate_id', '=', certificateId);
      query = userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
      const result = await query.executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async renameUser(accountId, oldName, newName) {
      await db
        .updateTable('signing_certificates')
        .set({ user_name: newName })
        .where('account_id', '=', accountId)
        .where('user_name', '=', oldName)
        .execute();
    },
  };
}
