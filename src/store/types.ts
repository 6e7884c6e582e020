import type { AuditEventsRepository } from './repositories/auditEvents.js';
import type { AuditLastAccessedRepository } from './repositories/auditLastAccessed.js';
import type { AuditLeasesRepository } from './repositories/auditLeases.js';
import type { AuditSigningKeysRepository } from './repositories/auditSigningKeys.js';
import type { TrailsRepository } from './repositories/trails.js';
import type { SsoInstancesRepository } from './repositories/ssoInstances.js';
import type { IdentityStoreRepository } from './repositories/identityStore.js';
import type { PermissionSetsRepository } from './repositories/permissionSets.js';
import type { SsoLoginsRepository } from './repositories/ssoLogins.js';
import type { Kysely } from 'kysely';
import type { KeyRing } from './keyring.js';
import type { Database } from './schema.js';
import type { AuditBatchCodec } from './auditWriter.js';
import type { AccountAliasesRepository } from './repositories/accountAliases.js';
import type { GroupsRepository } from './repositories/groups.js';
import type { LoginProfilesRepository } from './repositories/loginProfiles.js';
import type { RootPasswordsRepository } from './repositories/rootPasswords.js';
import type { ConsoleSessionsRepository } from './repositories/consoleSessions.js';
import type { SecurityKeysRepository } from './repositories/securityKeys.js';
import type { MfaDevicesRepository } from './repositories/mfaDevices.js';
import type { ServerCertificatesRepository } from './repositories/serverCertificates.js';
import type { ServiceSpecificCredentialsRepository } from './repositories/serviceSpecificCredentials.js';
import type { SigningCertificatesRepository } from './repositories/signingCertificates.js';
import type { SshPublicKeysRepository } from './repositories/sshPublicKeys.js';
import type { ManagedPoliciesRepository } from './repositories/policies.js';
import type { PolicyAttachmentsRepository } from './repositories/attachments.js';
import type { InlinePoliciesRepository } from './repositories/inlinePolicies.js';
import type { InstanceProfilesRepository } from './repositories/instanceProfiles.js';
import type { OidcProvidersRepository } from './repositories/oidcProviders.js';
import type { RolesRepository } from './repositories/roles.js';
import type { SamlProvidersRepository } from './repositories/samlProviders.js';
import type { TagsRepository } from './repositories/tags.js';
import type { OrganizationsRepository } from './repositories/organizations.js';
import type { OrganizationPoliciesRepository } from './repositories/organizationPolicies.js';
import type { PrincipalReferencesRepository } from './repositories/principalReferences.js';
import type { OrganizationValuesRepository } from './repositories/organizationValues.js';
import type { AccountImportsRepository } from './repositories/accountImports.js';
import type { AnalyzersRepository } from './repositories/analyzers.js';
import type { AnalyzerFindingsRepository } from './repositories/analyzerFindings.js';
import type { PolicyGenerationsRepository } from './repositories/policyGenerations.js';
import type { AccessPreviewsRepository } from './repositories/accessPreviews.js';
import type { S3BucketsRepository } from './repositories/s3Buckets.js';
import type { S3ObjectsRepository } from './repositories/s3Objects.js';
import type { S3UploadsRepository } from './repositories/s3Uploads.js';
import type { ObjectBytes } from './objectBytes/index.js';
import type { RolesAnywhereRepository } from './repositories/rolesAnywhere.js';
import type { IotRepository } from './repositories/iot.js';
import type { WorkloadTokensRepository } from './repositories/workloadTokens.js';

/** Organizations' account states. */
export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

/** IAM's access key states. */
export type AccessKeyStatus = 'Active' | 'Inactive';

/** An account as stored. Timestamps are ISO-8601 UTC strings with milliseconds. */
export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly status: AccountStatus;
  readonly organizationId: string | null;
  readonly parentId: string | null;
  readonly createdAt: string;
}

/** Input of `accounts.create`; `status` defaults to `ACTIVE`, `createdAt` to now. */
export interface NewAccount {
  id: string;
  name: string;
  email?: string | null;
  status?: AccountStatus;
  organizationId?: string | null;
  parentId?: string | null;
  createdAt?: string;
}

/** An access key's metadata; `userName` is null for the account's root user. */
export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly userName: string | null;
  readonly status: AccessKeyStatus;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly lastUsedService: string | null;
  readonly lastUsedRegion: string | null;
}

/** An access key with its secret, unsealed. Never log it. */
export interface AccessKeyWithSecret extends AccessKeyRecord {
  readonly secretAccessKey: string;
}

/** Input of `accessKeys.create`: the secret arrives in plaintext and is sealed before it is written. */
export interface NewAccessKey {
  accessKeyId: string;
  accountId: string;
  userName: string | null;
  secretAccessKey: string;
  status: AccessKeyStatus;
  createdAt?: string;
}

/** Last-used data of an access key, as IAM's `GetAccessKeyLastUsed` reports it. */
export interface AccessKeyUse {
  at: string;
  service: string;
  region: string;
}

/** An IAM user as stored. */
export interface UserRecord {
  readonly accountId: string;
  readonly userId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly permissionsBoundaryArn: string | null;
  readonly passwordLastUsed: string | null;
}

/** Input of `users.create`; `path` defaults to `/`, `createdAt` to now. */
export interface NewUser {
  accountId: string;
  userId: string;
  name: string;
  arn: string;
  path?: string;
  permissionsBoundaryArn?: string | null;
  createdAt?: string;
}

/** A rename or move of a user: the new name, path and the ARN built from them. */
export interface UserChange {
  name: string;
  path: string;
  arn: string;
}

/** Options of a paginated list, in IAM's terms. `maxItems` defaults to 100. */
export interface ListOptions {
  pathPrefix?: string;
  marker?: string;
  maxItems?: number;
}

/** One page of a list; `marker` is set when `isTruncated`, and opaque to callers. */
export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

/** Accounts of the deployment. */
export interface AccountsRepository {
  /** Throws `DuplicateError` if the id exists. */
  create(account: NewAccount): Promise<AccountRecord>;
  get(id: string): Promise<AccountRecord | undefined>;
  /** Every account, by id. */
  list(): Promise<AccountRecord[]>;
}

/** Access keys of IAM users and root users. */
export interface AccessKeysRepository {
  /** Seals the secret and stores the key. Throws `DuplicateError` if the id exists. */
  create(key: NewAccessKey): Promise<AccessKeyRecord>;
  /** The key with its secret unsealed; throws `KeyRingError` if the stored secret does not open. */
  get(accessKeyId: string): Promise<AccessKeyWithSecret | undefined>;
  /** Keys of one user (`null`: the root user), oldest first, without secrets. */
  listForUser(accountId: string, userName: string | null): Promise<AccessKeyRecord[]>;
  /** Every key of the account (its users' and its root user's), oldest first, without secrets. */
  listForAccount(accountId: string): Promise<AccessKeyRecord[]>;
  /** Returns false if there is no such key. */
  updateStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean>;
  /** Returns false if there is no such key. */
  delete(accessKeyId: string): Promise<boolean>;
  recordLastUsed(accessKeyId: string, use: AccessKeyUse): Promise<void>;
  /** Follows a user's rename: the keys of `oldName` (exactly, as stored) become `newName`'s. */
  renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
  /** Re-seals every secret not sealed by the key ring's sealing key; returns how many. */
  resealAll(): Promise<number>;
}

/** IAM users. Names are unique per account, case-insensitively. */
export interface UsersRepository {
  /** Throws `DuplicateError` if the name (any case) or the user id exists. */
  create(user: NewUser): Promise<UserRecord>;
  /** Case-insensitive lookup by name. */
  get(accountId: string, name: string): Promise<UserRecord | undefined>;
  getById(userId: string): Promise<UserRecord | undefined>;
  /** Users by name (case-insensitive order), filtered by path prefix. */
  list(accountId: string, options?: ListOptions): Promise<Page<UserRecord>>;
  /** Every user of the account, by name (case-insensitive order), for account-wide reports. */
  listAll(accountId: string): Promise<UserRecord[]>;
  /** Renames or moves the user row only (case-insensitive `name`); throws `DuplicateError` if the new name is taken. */
  update(accountId: string, name: string, change: UserChange): Promise<void>;
  count(accountId: string): Promise<number>;
  /** Records a console sign-in (IAM's `PasswordLastUsed`). */
  recordPasswordUse(accountId: string, name: string, at: string): Promise<void>;
  /** Case-insensitive; returns false if there is no such user. */
  delete(accountId: string, name: string): Promise<boolean>;
}

/** A small key/value table for deployment settings and bootstrap state. */
export interface KvRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Writes only if the key is absent; returns whether it wrote. */
  setIfAbsent(key: string, value: string): Promise<boolean>;
  delete(key: string): Promise<boolean>;
}

/** Receives a change published on any node sharing the database. */
export type ChangeHandler = (topic: string, payload: string) => void;

/**
 * Change notification for cache invalidation across nodes. Published inside a transaction, a
 * change is delivered after commit and never on rollback. A handler also receives
 * {@link RESYNC_TOPIC} when changes may have been missed (the listener reconnected): drop all caches.
 */
export interface ChangeFeed {
  /** Topic and payload together must encode to at most 7999 bytes (PostgreSQL's NOTIFY limit): publish ids, not entities. */
  publish(topic: string, payload: string): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe(handler: ChangeHandler): () => void;
}

/** The topic delivered when a node may have missed changes. */
export const RESYNC_TOPIC = '*';

/** How a transaction commits. */
export interface TransactionOptions {
  /**
   * `false`: the commit does not wait for the disk (SQLite `synchronous=NORMAL`, PostgreSQL
   * `synchronous_commit=off`). It survives a process crash but a power loss may undo it until the
   * next durable commit. For data that is approximate or re-derivable by design (read-only audit
   * batches, last-used times). Default `true`: durable before it returns.
   */
  readonly durable?: boolean;
}

/** Gatehouse's persistence: one interface over SQLite and PostgreSQL. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly keyRing: KeyRing;
  readonly accounts: AccountsRepository;
  readonly accessKeys: AccessKeysRepository;
  readonly users: UsersRepository;
  readonly kv: KvRepository;
  readonly groups: GroupsRepository;
  readonly loginProfiles: LoginProfilesRepository;
  /** The root user's console password of each account. */
  readonly rootPasswords: RootPasswordsRepository;
  /** Signed-in console sessions and the failed sign-ins that rate-limit sign-in. */
  readonly consoleSessions: ConsoleSessionsRepository;
  /** FIDO2 security keys and passkeys registered as MFA devices. */
  readonly securityKeys: SecurityKeysRepository;
  readonly accountAliases: AccountAliasesRepository;
  readonly mfaDevices: MfaDevicesRepository;
  readonly sshPublicKeys: SshPublicKeysRepository;
  readonly signingCertificates: SigningCertificatesRepository;
  readonly serverCertificates: ServerCertificatesRepository;
  readonly serviceSpecificCredentials: ServiceSpecificCredentialsRepository;
  readonly managedPolicies: ManagedPoliciesRepository;
  readonly policyAttachments: PolicyAttachmentsRepository;
  readonly inlinePolicies: InlinePoliciesRepository;
  readonly roles: RolesRepository;
  readonly instanceProfiles: InstanceProfilesRepository;
  readonly samlProviders: SamlProvidersRepository;
  readonly oidcProviders: OidcProvidersRepository;
  readonly tags: TagsRepository;
  /** Which stored resource-based policies name which IAM users and roles. */
  readonly principalReferences: PrincipalReferencesRepository;
  /** The organization tree (organizations, roots, OUs, account placement, CreateAccount requests). */
  readonly organizations: OrganizationsRepository;
  /** SCPs and RCPs, their attachments, and tags of organization entities. */
  readonly organizationPolicies: OrganizationPoliciesRepository;
  /** Values kept per organization (trusted access, delegated administrators, the resource policy). */
  readonly organizationValues: OrganizationValuesRepository;
  /** IAM Identity Center instances and their SCIM tokens. */
  readonly ssoInstances: SsoInstancesRepository;
  /** IAM Identity Center's identity store: users (and what they sign in with), groups, memberships. */
  readonly identityStore: IdentityStoreRepository;
  /** Permission sets, account assignments, what is provisioned where, request statuses. */
  readonly permissionSets: PermissionSetsRepository;
  /** The login service: OAuth clients, device authorizations, sign-ins, codes, sessions, tokens. */
  readonly ssoLogins: SsoLoginsRepository;
  /** The audit trail (CloudTrail records, hash-chained). */
  readonly auditEvents: AuditEventsRepository;
  /** CloudTrail trails and their delivered log files. */
  readonly trails: TrailsRepository;
  /** Each account's digest signing keys. */
  readonly auditSigningKeys: AuditSigningKeysRepository;
  readonly auditLeases: AuditLeasesRepository;
  /** Service and action last-accessed data derived from the audit records. */
  readonly auditLastAccessed: AuditLastAccessedRepository;
  /** Accounts imported from AWS exports, and the facts their exports gave. */
  readonly accountImports: AccountImportsRepository;
  /** Access Analyzer's analyzers and archive rules. */
  readonly analyzers: AnalyzersRepository;
  /** Access Analyzer's findings, analyzed resources and recommendations. */
  readonly analyzerFindings: AnalyzerFindingsRepository;
  /** Access Analyzer's policy generation jobs. */
  readonly policyGenerations: PolicyGenerationsRepository;
  /** Access Analyzer's access previews. */
  readonly accessPreviews: AccessPreviewsRepository;
  /** S3 buckets (global names) and each account's S3 settings. */
  readonly s3Buckets: S3BucketsRepository;
  /** S3 objects' metadata. */
  readonly s3Objects: S3ObjectsRepository;
  /** S3 multipart uploads and their parts. */
  readonly s3Uploads: S3UploadsRepository;
  /**
   * Where S3 object bytes live (files, or PostgreSQL large objects). Not transactional: blobs are
   * written before the metadata that names them commits (see `ObjectBytes`).
   */
  readonly objectBytes: ObjectBytes;
  /** IAM Roles Anywhere: trust anchors, profiles, CRLs, subjects. */
  readonly rolesAnywhere: RolesAnywhereRepository;
  /** AWS IoT: certificates, role aliases, IoT policies, things. */
  readonly iot: IotRepository;
  /** Gatehouse workload tokens (the container credentials endpoint). */
  readonly workloadTokens: WorkloadTokensRepository;
  readonly changes: ChangeFeed;
  /** The Kysely handle of this store (the transaction, inside `transaction`), for repositories added later. */
  readonly db: Kysely<Database>;
  /**
   * Runs `fn` in one transaction: every repository of `tx` uses it; a throw rolls everything back.
   * Calling `transaction` on `tx` joins the same transaction. On SQLite, do not use the outer
   * store inside `fn`: it waits for the transaction to end.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Appends the records waiting in the audit inbox, then a batch of audit records (`auditFrame`s
   * joined, or text that `codec` decodes; possibly none), to the hash chain in a relaxed
   * (non-durable) commit: on SQLite by a worker thread's own connection, so the request thread
   * never runs the inserts (nor `codec`'s decoding). The inbox rows leave in the same commit, so a
   * record is chained exactly once.
   */
  appendAuditBatch(batch: string, codec?: AuditBatchCodec): Promise<void>;
  /** Deletes every row of every table (dev mode's reset), in one transaction, and announces `*` on every change topic. */
  reset(): Promise<void>;
  /** Closes connections (SQLite: checkpoints the WAL first). */
  close(): Promise<void>;
}
