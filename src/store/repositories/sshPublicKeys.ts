import type { Selectable } from 'kysely';
import type { SshPublicKeysTable } from '../schema.js';
import { insertUnique } from '../storeErrors.js';
import type { ListOptions, Page } from '../types.js';
import type { RepositoryContext } from './context.js';
import { credentialPage, userCredentialRows, type CredentialStatus } from './userCredentials.js';

/** An SSH public key of an IAM user, in both encodings IAM returns. */
export interface SshPublicKeyRecord {
  readonly sshPublicKeyId: string;
  readonly accountId: string;
  readonly userName: string;
  /** `ssh-rsa AAAA…` */
  readonly bodySsh: string;
  /** `-----BEGIN PUBLIC KEY-----…` */
  readonly bodyPem: string;
  readonly fingerprint: string;
  readonly status: CredentialStatus;
  readonly uploadedAt: string;
}

/** SSH public keys of IAM users. */
export interface SshPublicKeysRepository {
  /** Throws `DuplicateError` if the id exists. */
  create(key: Omit<SshPublicKeyRecord, 'uploadedAt'> & { uploadedAt?: string }): Promise<SshPublicKeyRecord>;
  /** The key if it belongs to the user. */
  get(accountId: string, userName: string, sshPublicKeyId: string): Promise<SshPublicKeyRecord | undefined>;
  /** Every key of the user, oldest first. */
  listForUser(accountId: string, userName: string): Promise<SshPublicKeyRecord[]>;
  /** One page of the user's keys, oldest first. */
  page(accountId: string, userName: string, options?: ListOptions): Promise<Page<SshPublicKeyRecord>>;
  updateStatus(accountId: string, userName: string, sshPublicKeyId: string, status: CredentialStatus): Promise<boolean>;
  delete(accountId: string, userName: string, sshPublicKeyId: string): Promise<boolean>;
  /** Follows a user's rename. */
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
}

function toRecord(row: Selectable<SshPublicKeysTable>): SshPublicKeyRecord {
  return {
    sshPublicKeyId: row.ssh_public_key_id,
    accountId: row.account_id,
    userName: row.user_name,
    bodySsh: row.body_ssh,
    bodyPem: row.body_pem,
    fingerprint: row.fingerprint,
    status: row.status as CredentialStatus,
    uploadedAt: row.uploaded_at,
  };
}

/** Sort key of a key within its user's list: upload time, then id. */
function sortKey(record: SshPublicKeyRecord): string {
  return `${record.uploadedAt}|${record.sshPublicKeyId}`;
}

/** SSH public keys over one database handle. */
export function sshPublicKeysRepository({ db, now }: RepositoryContext): SshPublicKeysRepository {
  const rows = userCredentialRows<Selectable<SshPublicKeysTable>>(db, { table: 'ssh_public_keys', id: 'ssh_public_key_id', time: 'uploaded_at' });
  const listForUser = async (accountId: string, userName: string) => (await rows.list(accountId, userName)).map(toRecord);
  return {
    async create(key) {
      const row = {
        ssh_public_key_id: key.sshPublicKeyId,
        account_id: key.accountId,
        user_name: key.userName,
        body_ssh: key.bodySsh,
        body_pem: key.bodyPem,
        fingerprint: key.fingerprint,
        status: key.status,
        uploaded_at: key.uploadedAt ?? now(),
      };
      await insertUnique('ssh public key', key.sshPublicKeyId, () => db.insertInto('ssh_public_keys').values(row).execute());
      return toRecord(row);
    },

    async get(accountId, userName, sshPublicKeyId) {
      const row = await rows.one(accountId, userName, sshPublicKeyId);
      return row === undefined ? undefined : toRecord(row);
    },

    listForUser,

    async page(accountId, userName, options: ListOptions = {}): Promise<Page<SshPublicKeyRecord>> {
      return credentialPage(await listForUser(accountId, userName), sortKey, options);
    },

    updateStatus: rows.updateStatus,
    delete: rows.delete,
    renameUser: rows.renameUser,
  };
}
