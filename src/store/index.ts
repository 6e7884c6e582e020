export { MAX_CHANGE_BYTES } from './buildStore.js';
export { ChangeBus } from './changeBus.js';
export {
  ACCOUNTS_TOPIC,
  ANALYZERS_TOPIC,
  CREDENTIALS_TOPIC,
  FINDINGS_TOPIC,
  ORGANIZATIONS_TOPIC,
  parseResourcePolicyChange,
  POLICIES_TOPIC,
  RESOURCE_POLICIES_TOPIC,
  resourcePolicyChange,
  ROLES_TOPIC,
  S3_ACCOUNTS_TOPIC,
  S3_BUCKETS_TOPIC,
  TRUST_ANCHORS_TOPIC,
  USERS_TOPIC,
} from './changeTopics.js';
export { BlobMissing, openFileBytes, openPgLargeObjects, type BlobWriter, type ObjectBytes } from './objectBytes/index.js';
export { prefixEnd } from './repositories/index.js';
export type {
  BlobSegment,
  BucketRecord,
  ObjectRecord,
  PartRecord,
  PublicAccessBlock,
  S3Tag,
  StoredChecksum,
  UploadRecord,
} from './repositories/index.js';
export { generateMasterKey, openKeyRing, parseMasterKey } from './keyring.js';
export type { KeyRing, KeyRingOptions } from './keyring.js';
export { KEY_RING_VERIFIER } from './keyRingCheck.js';
export { migrateToLatest } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export type { StoreLogger, StoreOptions } from './options.js';
export { openStore } from './openStore.js';
export { isPostgresUrl, redactUrl } from './postgres.js';
export { accessKeyAad } from './repositories/index.js';
export type {
  CredentialStatus,
  MfaDeviceRecord,
  ServerCertificateRecord,
  ServiceSpecificCredentialRecord,
  SigningCertificateRecord,
  SshPublicKeyRecord,
} from './repositories/index.js';
export { awsManagedPolicies, awsPolicyRecord, isAwsManagedArn, AWS_MANAGED_ACCOUNT } from './repositories/index.js';
export type { ManagedPolicyRecord, PolicyVersionRecord, AttachmentRecord, InlinePolicyRecord } from './repositories/index.js';
export type { EntityTag, InstanceProfileRecord, OidcProviderRecord, RoleRecord, RolePatch, SamlProviderRecord } from './repositories/index.js';
export type { ConsoleSessionRecord, ConsoleSessionState, RootPasswordRecord, SecurityKeyRecord } from './repositories/index.js';
export type { AccountAliasesRepository, GroupRecord, GroupsRepository, LoginProfileRecord, LoginProfilesRepository } from './repositories/index.js';
export type {
  AccessPreviewRecord,
  AnalyzedResourceRecord,
  AnalyzerPatch,
  AnalyzerRecord,
  AnalyzerType,
  ArchiveRuleRecord,
  Criterion,
  FindingPatch,
  FindingRecord,
  FindingStatus,
  PolicyGenerationPatch,
  PolicyGenerationRecord,
  RecommendationRecord,
  RolesAnywhereRepository,
  TrustAnchorRecord,
  ProfileRecord,
  CrlRecord,
  SubjectRecord,
  SubjectCredentialRecord,
  SubjectInstancePropertiesRecord,
  AttributeMappingRecord,
  NotificationSettingRecord,
  TrustAnchorSource,
  IotRepository,
  IotCaCertificateRecord,
  IotCertificateRecord,
  IotRoleAliasRecord,
  IotPolicyRecord,
  IotThingRecord,
  WorkloadTokensRepository,
  WorkloadTokenRecord,
  IssuedWorkloadCredentials,
} from './repositories/index.js';
export { DATA_TABLES } from './schema.js';
export { SQLITE_FILE } from './sqlite.js';
export type { Database, PrincipalKind } from './schema.js';
export { DuplicateError, KeyRingError, isUniqueViolation } from './storeErrors.js';
export { RESYNC_TOPIC } from './types.js';
export { AccountGenerations, type ChangeStamp } from '../accountGenerations.js';
export type {
  AccessKeyRecord,
  AccessKeysRepository,
  AccessKeyStatus,
  AccessKeyUse,
  AccessKeyWithSecret,
  AccountRecord,
  AccountsRepository,
  AccountStatus,
  ChangeFeed,
  ChangeHandler,
  KvRepository,
  ListOptions,
  NewAccessKey,
  NewAccount,
  NewUser,
  UserChange,
  Page,
  Store,
  TransactionOptions,
  UserRecord,
  UsersRepository,
} from './types.js';
export { chainHash, GENESIS_HASH } from './auditChain.js';
export type { NewAuditRecord } from './auditChain.js';
export { auditFrame, decodeAuditBatch, frameField, FrameReader } from './auditWriter.js';
export type { AuditBatchCodec, AuditRecordText } from './auditWriter.js';
export type { AuditEventsRepository, AuditLookup, LookupAttributeKey, StoredAuditRecord } from './repositories/auditEvents.js';
export type {
  TrailRecord,
  TrailPatch,
  TrailLogFile,
  TrailDigestChain,
  TrailEventSelector,
  TrailInsightSelector,
  PendingRecord,
  SigningKeyRecord,
  ActionAccess,
} from './repositories/index.js';
export { currentSigningKey, fingerprintOf, publicKeyObject } from './auditSigningKeyRing.js';
export type { SigningKey } from './auditSigningKeyRing.js';
export { WriteBehind } from './writeBehind.js';
export {
  decodeMarker,
  encodeMarker,
  isMarker,
  type CreateAccountRequestRecord,
  type HandshakeRecord,
  type OrgPolicyRecord,
  type OrgUnitRecord,
  type OrganizationRecord,
} from './repositories/index.js';
export { ImportConflict, type AccountImportsRepository, type ImportedAccountRecord, type ImportedAccountState } from './repositories/index.js';
export type {
  SsoInstancesRepository,
  SsoInstanceRecord,
  NewSsoInstance,
  SsoInstancePatch,
  InstanceSettings,
  ExternalIdpSettings,
  ScimTokenRecord,
  SsoTag,
  IdentityStoreRepository,
  IdstoreUserRecord,
  NewIdstoreUser,
  IdstoreUserPatch,
  IdstoreGroupRecord,
  NewIdstoreGroup,
  IdstoreGroupPatch,
  IdstoreMembershipRecord,
  IdstoreMfaDeviceRecord,
  ExternalIdRecord,
  IdPage,
  IdPaging,
  PermissionSetsRepository,
  PermissionSetRecord,
  NewPermissionSet,
  PermissionSetPatch,
  PermissionSetBoundary,
  CustomerManagedPolicyRef,
  AccountAssignmentRecord,
  AssignmentPrincipalType,
  ProvisionedRecord,
  SsoRequestKind,
  SsoRequestRecord,
  SsoLoginsRepository,
  SsoClientRecord,
  DeviceAuthorizationRecord,
  DevicePatch,
  SignInRecord,
  SignInStage,
  SignInPatch,
  AuthorizationCodeRecord,
  SsoSessionRecord,
  SsoTokenRecord,
} from './repositories/index.js';
