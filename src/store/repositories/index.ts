export { accessKeyAad, accessKeysRepository } from './accessKeys.js';
export { accountsRepository } from './accounts.js';
export type { RepositoryContext } from './context.js';
export { kvRepository } from './kv.js';
export { decodeMarker, encodeMarker, isMarker } from './marker.js';
export { usersRepository } from './users.js';
export {
  fromAws as awsPolicyRecord,
  managedPoliciesRepository,
  type ManagedPoliciesRepository,
  type ManagedPolicyRecord,
  type PolicyVersionRecord,
  type NewManagedPolicy,
} from './policies.js';
export { policyAttachmentsRepository, type PolicyAttachmentsRepository, type AttachmentRecord, type BoundaryUse } from './attachments.js';
export { inlinePoliciesRepository, type InlinePoliciesRepository, type InlinePolicyRecord } from './inlinePolicies.js';
export { awsManagedPolicies, isAwsManagedArn, AWS_MANAGED_ACCOUNT } from './awsManagedPolicies.js';
export { rolesRepository, type RoleRecord, type NewRole, type RolePatch, type RolesRepository } from './roles.js';
export {
  instanceProfilesRepository,
  type InstanceProfileRecord,
  type NewInstanceProfile,
  type InstanceProfilesRepository,
} from './instanceProfiles.js';
export { samlProvidersRepository, type SamlProviderRecord, type NewSamlProvider, type SamlProvidersRepository } from './samlProviders.js';
export { oidcProvidersRepository, type OidcProviderRecord, type NewOidcProvider, type OidcProvidersRepository } from './oidcProviders.js';
export {
  organizationsRepository,
  type OrganizationsRepository,
  type OrganizationRecord,
  type OrgUnitRecord,
  type MembershipRecord,
  type CreateAccountRequestRecord,
  type HandshakeRecord,
} from './organizations.js';
export { organizationValuesRepository, type OrganizationValuesRepository } from './organizationValues.js';
export {
  organizationPoliciesRepository,
  type OrganizationPoliciesRepository,
  type AttachedOrgPolicy,
  type OrgPolicyRecord,
  type OrgTag,
} from './organizationPolicies.js';
export { tagsRepository, type EntityTag, type TagsRepository } from './tags.js';
export { mfaDevicesRepository, mfaSeedAad, type MfaDeviceRecord, type MfaDevicesRepository, type NewMfaDevice } from './mfaDevices.js';
export { sshPublicKeysRepository, type SshPublicKeyRecord, type SshPublicKeysRepository } from './sshPublicKeys.js';
export type { CredentialStatus } from './userCredentials.js';
export { signingCertificatesRepository, type SigningCertificateRecord, type SigningCertificatesRepository } from './signingCertificates.js';
export { serverCertificatesRepository, type ServerCertificateRecord, type ServerCertificatesRepository } from './serverCertificates.js';
export {
  serviceSpecificCredentialsRepository,
  type ServiceSpecificCredentialRecord,
  type ServiceSpecificCredentialsRepository,
} from './serviceSpecificCredentials.js';
export { groupsRepository, type GroupChange, type GroupMembership, type GroupRecord, type GroupsRepository, type NewGroup } from './groups.js';
export { loginProfilesRepository, type LoginProfileRecord, type LoginProfilesRepository } from './loginProfiles.js';
export { accountAliasesRepository, type AccountAliasesRepository } from './accountAliases.js';
export { auditEventsRepository } from './auditEvents.js';
export type { AuditEventsRepository, AuditLookup, LookupAttributeKey, StoredAuditRecord } from './auditEvents.js';
export {
  trailsRepository,
  type TrailRecord,
  type TrailPatch,
  type TrailLogFile,
  type TrailDigestChain,
  type TrailEventSelector,
  type TrailInsightSelector,
  type TrailsRepository,
  type PendingRecord,
} from './trails.js';
export { auditSigningKeysRepository, type AuditSigningKeysRepository, type SigningKeyRecord, type NewSigningKey } from './auditSigningKeys.js';
export { auditLeasesRepository, type AuditLeasesRepository } from './auditLeases.js';
export { auditLastAccessedRepository, type AuditLastAccessedRepository, type ActionAccess } from './auditLastAccessed.js';
export { principalReferencesRepository, type PrincipalReference, type PrincipalReferencesRepository } from './principalReferences.js';
export { rootPasswordsRepository, type RootPasswordRecord, type RootPasswordsRepository } from './rootPasswords.js';
export {
  consoleSessionsRepository,
  type ConsoleSessionRecord,
  type ConsoleSessionState,
  type ConsoleSessionsRepository,
} from './consoleSessions.js';
export { securityKeysRepository, type SecurityKeyRecord, type SecurityKeysRepository } from './securityKeys.js';
export {
  accountImportsRepository,
  ImportConflict,
  type AccountImportsRepository,
  type ImportedAccountRecord,
  type ImportedAccountState,
} from './accountImports.js';
export {
  analyzersRepository,
  type AnalyzerPatch,
  type AnalyzerRecord,
  type AnalyzersRepository,
  type AnalyzerType,
  type ArchiveRuleRecord,
  type Criterion,
} from './analyzers.js';
export {
  analyzerFindingsRepository,
  type AnalyzedResourceRecord,
  type AnalyzerFindingsRepository,
  type FindingPatch,
  type FindingRecord,
  type FindingStatus,
  type RecommendationRecord,
} from './analyzerFindings.js';
export {
  policyGenerationsRepository,
  type PolicyGenerationPatch,
  type PolicyGenerationRecord,
  type PolicyGenerationsRepository,
} from './policyGenerations.js';
export { accessPreviewsRepository, type AccessPreviewRecord, type AccessPreviewsRepository } from './accessPreviews.js';
export { s3BucketsRepository, type BucketRecord, type NewBucket, type PublicAccessBlock, type S3BucketsRepository, type S3Tag } from './s3Buckets.js';
export {
  prefixEnd,
  s3ObjectsRepository,
  type BlobSegment,
  type ObjectListOptions,
  type ObjectRecord,
  type S3ObjectsRepository,
  type StoredChecksum,
} from './s3Objects.js';
export { s3UploadsRepository, type PartRecord, type S3UploadsRepository, type UploadListOptions, type UploadRecord } from './s3Uploads.js';
export {
  rolesAnywhereRepository,
  type RolesAnywhereRepository,
  type TrustAnchorRecord,
  type ProfileRecord,
  type CrlRecord,
  type SubjectRecord,
  type SubjectCredentialRecord,
  type SubjectInstancePropertiesRecord,
  type AttributeMappingRecord,
  type NotificationSettingRecord,
  type TrustAnchorSource,
} from './rolesAnywhere.js';
export {
  iotRepository,
  type IotRepository,
  type IotCaCertificateRecord,
  type IotCertificateRecord,
  type IotRoleAliasRecord,
  type IotPolicyRecord,
  type IotThingRecord,
} from './iot.js';
export { workloadTokensRepository, type WorkloadTokensRepository, type WorkloadTokenRecord, type IssuedWorkloadCredentials } from './workloadTokens.js';
export {
  ssoInstancesRepository,
  type SsoInstancesRepository,
  type SsoInstanceRecord,
  type NewSsoInstance,
  type SsoInstancePatch,
  type InstanceSettings,
  type ExternalIdpSettings,
  type ScimTokenRecord,
  type SsoTag,
} from './ssoInstances.js';
export {
  identityStoreRepository,
  type IdentityStoreRepository,
  type IdstoreUserRecord,
  type NewIdstoreUser,
  type IdstoreUserPatch,
  type IdstoreGroupRecord,
  type NewIdstoreGroup,
  type IdstoreGroupPatch,
  type IdstoreMembershipRecord,
  type IdstoreMfaDeviceRecord,
  type ExternalIdRecord,
  type IdPage,
  type IdPaging,
} from './identityStore.js';
export {
  permissionSetsRepository,
  type PermissionSetsRepository,
  type PermissionSetRecord,
  type NewPermissionSet,
  type PermissionSetPatch,
  type PermissionSetBoundary,
  type CustomerManagedPolicyRef,
  type AccountAssignmentRecord,
  type AssignmentPrincipalType,
  type ProvisionedRecord,
  type SsoRequestKind,
  type SsoRequestRecord,
} from './permissionSets.js';
export {
  ssoLoginsRepository,
  type SsoLoginsRepository,
  type SsoClientRecord,
  type DeviceAuthorizationRecord,
  type DevicePatch,
  type SignInRecord,
  type SignInStage,
  type SignInPatch,
  type AuthorizationCodeRecord,
  type SsoSessionRecord,
  type SsoTokenRecord,
} from './ssoLogins.js';
