import type { AuthorizationDetails } from '../snapshot/index.js';
import type { CredentialFacts } from './credentialReport.js';

/**
 * What one file of an export holds, recognised by its shape (`recognise.ts`). Each kind is the
 * output of one AWS CLI command; the per-parent Organizations listings and an S3 bucket policy also
 * carry the parameter they were listed for (`ParentId`, `PolicyId`, `Bucket`), which the command's
 * output alone does not say.
 */
export type ExportPiece =
  | { readonly kind: 'authorization-details'; readonly file: string; readonly details: AuthorizationDetails }
  | { readonly kind: 'credential-report'; readonly file: string; readonly rows: readonly CredentialFacts[] }
  | { readonly kind: 'password-policy'; readonly file: string; readonly policy: PasswordPolicyFacts | null }
  | { readonly kind: 'virtual-mfa-devices'; readonly file: string; readonly devices: readonly VirtualMfaDeviceFacts[] }
  | { readonly kind: 'account-summary'; readonly file: string; readonly summary: Readonly<Record<string, number>> }
  | { readonly kind: 'server-certificates'; readonly file: string; readonly certificates: readonly ServerCertificateFacts[] }
  | { readonly kind: 'organization'; readonly file: string; readonly organization: OrganizationSummary | null }
  | { readonly kind: 'organization-roots'; readonly file: string; readonly roots: readonly OrganizationRoot[] }
  | { readonly kind: 'organizational-units'; readonly file: string; readonly parentId: string; readonly units: readonly OrganizationUnit[] }
  | { readonly kind: 'organization-accounts'; readonly file: string; readonly parentId: string; readonly accounts: readonly OrganizationAccount[] }
  | { readonly kind: 'organization-policies'; readonly file: string; readonly policies: readonly OrganizationPolicySummary[] }
  | { readonly kind: 'organization-policy'; readonly file: string; readonly policy: OrganizationPolicySummary; readonly content: string }
  | { readonly kind: 'organization-policy-targets'; readonly file: string; readonly policyId: string; readonly targets: readonly PolicyTarget[] }
  | { readonly kind: 'trails'; readonly file: string; readonly trails: readonly TrailFacts[] }
  | { readonly kind: 'analyzers'; readonly file: string; readonly analyzers: readonly AnalyzerFacts[] }
  | { readonly kind: 'bucket-policy'; readonly file: string; readonly bucket: string; readonly policy: string };

export type ExportPieceKind = ExportPiece['kind'];

/** IAM's account password policy (GetAccountPasswordPolicy's `PasswordPolicy`); absent members are AWS's defaults. */
export interface PasswordPolicyFacts {
  readonly MinimumPasswordLength?: number;
  readonly RequireSymbols?: boolean;
  readonly RequireNumbers?: boolean;
  readonly RequireUppercaseCharacters?: boolean;
  readonly RequireLowercaseCharacters?: boolean;
  readonly AllowUsersToChangePassword?: boolean;
  readonly ExpirePasswords?: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry?: boolean;
}

/** A virtual MFA device and whom it is assigned to (ListVirtualMFADevices). */
export interface VirtualMfaDeviceFacts {
  readonly serialNumber: string;
  /** The ARN of the user (or `arn:aws:iam::<account>:root`) it is assigned to; undefined when unassigned. */
  readonly userArn?: string;
  readonly enableDate?: string;
}

/** A server certificate's metadata (ListServerCertificates). */
export interface ServerCertificateFacts {
  readonly name: string;
  readonly arn: string;
  readonly id: string;
  readonly path: string;
  readonly uploadDate?: string;
  /** ISO 8601; undefined when the export does not say. */
  readonly expiration?: string;
}

/** DescribeOrganization's `Organization`. */
export interface OrganizationSummary {
  readonly id: string;
  readonly arn: string;
  readonly featureSet: string;
  readonly managementAccountId: string;
}

/** ListRoots' root, with the policy types enabled in it. */
export interface OrganizationRoot {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  /** Policy types whose status is ENABLED. */
  readonly enabledPolicyTypes: readonly string[];
}

export interface OrganizationUnit {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
}

export interface OrganizationAccount {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly email: string;
  readonly status: string;
  readonly joinedMethod: string;
  readonly joinedTimestamp?: string;
}

/** ListPolicies' and DescribePolicy's `PolicySummary`. */
export interface OrganizationPolicySummary {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly type: string;
  readonly awsManaged: boolean;
}

export interface PolicyTarget {
  readonly targetId: string;
  readonly type: string;
  readonly name: string;
}

/** A CloudTrail trail (DescribeTrails). */
export interface TrailFacts {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly isMultiRegionTrail: boolean;
  readonly isOrganizationTrail: boolean;
  /** Whether the trail is logging now, when the export says (GetTrailStatus); undefined otherwise. */
  readonly isLogging?: boolean;
}

/** An IAM Access Analyzer analyzer (ListAnalyzers). */
export interface AnalyzerFacts {
  readonly name: string;
  readonly arn: string;
  readonly type: string;
  readonly status: string;
}
