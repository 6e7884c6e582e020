import type { Selectable } from 'kysely';
import type { ServiceSpecificCredentialsTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';
import { userCredentialRows, type CredentialStatus } from './userCredentials.js';

/** A service-specific credential's metadata; the password stays sealed unless asked for. */
export interface ServiceSpecificCredentialRecord {
  readonly credentialId: string;
  readonly accountId: string;
  readonly userName: string;
  readonly serviceName: string;
  readonly serviceUserName: string;
  readonly status: CredentialStatus;
  readonly createdAt: string;
}

/** Input of `create`: the password arrives in plaintext and is sealed before it is written. */
export interface NewServiceSpecificCredential extends Omit<ServiceSpecificCredentialRecord, 'createdAt'> {
  password: string;
  createdAt?: string;
}

/** Service-specific credentials (CodeCommit, Keyspaces) of IAM users. */
export interface ServiceSpecificCredentialsRepository {
  /** Seals the password; throws `DuplicateError` if the id exists. */
  create(credential: NewServiceSpecificCredential): Promise<ServiceSpecificCredentialRecord>;
  get(accountId: string, userName: string, credentialId: string): Promise<ServiceSpecificCredentialRecord | undefined>;
  /** The user's credentials, oldest first, optionally for one service. */
  listForUser(accountId: string, userName: string, serviceName?: string): Promise<ServiceSpecificCredentialRecord[]>;
  /** The password, unsealed; throws `KeyRingError` if it does not open. */
  password(credentialId: string): Promise<string | undefined>;
  setPassword(credentialId: string, password: string): Promise<void>;
  updateStatus(accountId: string, userName: string, credentialId: string, status: CredentialStatus): Promise<boolean>;
  delete(accountId: string, userName: string, credentialId: string): Promise<boolean>;
  /** Follows a user's rename (the service user name keeps the name it was made with). */
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
}

/** The AAD that binds a sealed password to its credential. */
export function servicePasswordAad(credentialId: string): string {
  return `service-specific-credential:${credentialId}`;
}

const METADATA = ['credential_id', 'account_id', 'user_name', 'service_name', 'service_user_name', 'status', 'created_at'] as const;

type MetadataRow = Pick<Selectable<ServiceSpecificCredentialsTable>, (typeof METADATA)[number]>;

function toRecord(row: MetadataRow): ServiceSpecificCredentialRecord {
  return {
    credentialId: row.credential_id,
    accountId: row.account_id,
    userName: row.user_name,
    serviceName: row.service_name,
    serviceUserName: row.service_user_name,
    status: row.status as CredentialStatus,
    createdAt: row.created_at,
  };
}

/** Service-specific credentials over one database handle. */
export function serviceSpecificCredentialsRepository({ db, keyRing, now }: RepositoryContext): ServiceSpecificCredentialsRepository {
  const rows = userCredentialRows<MetadataRow>(db, { table: 'service_specific_credentials', id: 'credential_id', time: 'created_at', columns: METADATA });
  return {
    async create(credential) {
      const row = {
        credential_id: credential.credentialId,
        account_id: credential.accountId,
        user_name: credential.userName,
        service_name: credential.serviceName,
        service_user_name: credential.serviceUserName,
        password_sealed: keyRing.seal(credential.password, servicePasswordAad(credential.credentialId)),
        status: credential.status,
        created_at: credential.createdAt ?? now(),
      };
      await insertUnique('service-specific credential', credential.credentialId, () => db.insertInto('service_specific_credentials').values(row).execute());
      return toRecord(row);
    },

    async get(accountId, userName, credentialId) {
      const row = await rows.one(accountId, userName, credentialId);
      return row === undefined ? undefined : toRecord(row);
    },

    async listForUser(accountId, userName, serviceName) {
      return (await rows.list(accountId, userName, serviceName === undefined ? {} : { service_name: serviceName })).map(toRecord);
    },

    async password(credentialId) {
      const row = await db.selectFrom('service_specific_credentials').select('password_sealed').where('credential_id', '=', credentialId).executeTakeFirst();
      return row === undefined ? undefined : keyRing.open(row.password_sealed, servicePasswordAad(credentialId));
    },

    async setPassword(credentialId, password) {
      await db
        .updateTable('service_specific_credentials')
        .set({ password_sealed: keyRing.seal(password, servicePasswordAad(credentialId)) })
        .where('credential_id', '=', credentialId)
        .execute();
    },

    updateStatus: rows.updateStatus,
    delete: rows.delete,
    renameUser: rows.renameUser,
  };
}
