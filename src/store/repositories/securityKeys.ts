import type { Selectable } from 'kysely';
import type { SecurityKeysTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';

/** A FIDO2 security key or passkey registered as an MFA device (a WebAuthn credential). */
export interface SecurityKeyRecord {
  /** The WebAuthn credential ID, base64url. */
  readonly credentialId: string;
  /** AWS: the device's ARN, `arn:aws:iam::<account>:u2f/user/<user>/<name>-<id>` (`u2f/root/…` for root). */
  readonly serialNumber: string;
  readonly accountId: string;
  /** The IAM user; null for the root user. */
  readonly userName: string | null;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  readonly signCount: number;
  readonly transports: readonly string[];
  readonly enableDate: string;
}

/** Security keys of IAM users and root users. Serial numbers are unique case-insensitively. */
export interface SecurityKeysRepository {
  /** Throws `DuplicateError` when the credential or serial number exists. */
  create(key: SecurityKeyRecord): Promise<void>;
  byCredentialId(credentialId: string): Promise<SecurityKeyRecord | undefined>;
  bySerialNumber(serialNumber: string): Promise<SecurityKeyRecord | undefined>;
  /** The keys of one user (`null`: the root user), by enable date. */
  listForOwner(accountId: string, userName: string | null): Promise<SecurityKeyRecord[]>;
  /** Records the authenticator's signature counter after a sign-in. */
  updateSignCount(credentialId: string, signCount: number): Promise<void>;
  /** Returns false when there was no such key. */
  delete(serialNumber: string): Promise<boolean>;
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
}

function toRecord(row: Selectable<SecurityKeysTable>): SecurityKeyRecord {
  return {
    credentialId: row.credential_id,
    serialNumber: row.serial_number,
    accountId: row.account_id,
    userName: row.user_name,
    publicKey: row.public_key,
    signCount: row.sign_count,
    transports: JSON.parse(row.transports) as string[],
    enableDate: row.enable_date,
  };
}

export function securityKeysRepository({ db }: RepositoryContext): SecurityKeysRepository {
  return {
    async create(key) {
      await insertUnique('security key', key.serialNumber, () =>
        db
          .insertInto('security_keys')
          .values({
            credential_id: key.credentialId,
            serial_lower: key.serialNumber.toLowerCase(),
            serial_number: key.serialNumber,
            account_id: key.accountId,
            user_name: key.userName,
            public_key: key.publicKey,
            sign_count: key.signCount,
            transports: JSON.stringify(key.transports),
            enable_date: key.enableDate,
          })
          .execute(),
      );
    },
    async byCredentialId(credentialId) {
      const row = await db.selectFrom('security_keys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async bySerialNumber(serialNumber) {
      const row = await db.selectFrom('security_keys').selectAll().where('serial_lower', '=', serialNumber.toLowerCase()).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async listForOwner(accountId, userName) {
      let query = db.selectFrom('security_keys').selectAll().where('account_id', '=', accountId);
      query = userName === null ? query.where('user_name', 'is', null) : query.where('user_name', '=', userName);
      const rows = await query.orderBy('enable_date').orderBy('serial_lower').execute();
      return rows.map(toRecord);
    },
    async updateSignCount(credentialId, signCount) {
      await db.updateTable('security_keys').set({ sign_count: signCount }).where('credential_id', '=', credentialId).execute();
    },
    async delete(serialNumber) {
      const result = await db.deleteFrom('security_keys').where('serial_lower', '=', serialNumber.toLowerCase()).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async renameUser(accountId, oldName, newName) {
      await db.updateTable('security_keys').set({ user_name: newName }).where('account_id', '=', accountId).where('user_name', '=', oldName).execute();
    },
  };
}
