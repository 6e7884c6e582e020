/**
 * The shape of IAM's `GetAccountAuthorizationDetails` output as exports hold it: the AWS CLI's
 * JSON (`aws iam get-account-authorization-details`, documents decoded into objects) or an SDK's
 * (documents URL-encoded), one page or several. Only the members the snapshot reads are typed;
 * everything else is kept as it came.
 *
 * AWS: IAM API reference, GetAccountAuthorizationDetails, UserDetail, GroupDetail, RoleDetail,
 * ManagedPolicyDetail, PolicyVersion.
 */

/** A policy document as an export holds it: URL-encoded JSON text, JSON text, or a decoded object. */
export type ExportedDocument = string | Record<string, unknown>;

export interface ExportedInlinePolicy {
  readonly PolicyName: string;
  readonly PolicyDocument: ExportedDocument;
}

export interface ExportedAttachedPolicy {
  readonly PolicyName?: string;
  readonly PolicyArn: string;
}

export interface ExportedBoundary {
  readonly PermissionsBoundaryType?: string;
  readonly PermissionsBoundaryArn: string;
}

export interface ExportedTag {
  readonly Key: string;
  readonly Value: string;
}

export interface ExportedUser {
  readonly Path?: string;
  readonly UserName: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate?: string;
  readonly UserPolicyList?: readonly ExportedInlinePolicy[];
  readonly GroupList?: readonly string[];
  readonly AttachedManagedPolicies?: readonly ExportedAttachedPolicy[];
  readonly PermissionsBoundary?: ExportedBoundary;
  readonly Tags?: readonly ExportedTag[];
}

export interface ExportedGroup {
  readonly Path?: string;
  readonly GroupName: string;
  readonly GroupId: string;
  readonly Arn: string;
  readonly CreateDate?: string;
  readonly GroupPolicyList?: readonly ExportedInlinePolicy[];
  readonly AttachedManagedPolicies?: readonly ExportedAttachedPolicy[];
}

export interface ExportedRole {
  readonly Path?: string;
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate?: string;
  readonly AssumeRolePolicyDocument?: ExportedDocument;
  readonly RolePolicyList?: readonly ExportedInlinePolicy[];
  readonly AttachedManagedPolicies?: readonly ExportedAttachedPolicy[];
  readonly PermissionsBoundary?: ExportedBoundary;
  readonly Tags?: readonly ExportedTag[];
  readonly RoleLastUsed?: { readonly LastUsedDate?: string; readonly Region?: string };
  readonly MaxSessionDuration?: number;
  readonly Description?: string;
}

export interface ExportedPolicyVersion {
  readonly Document?: ExportedDocument;
  readonly VersionId: string;
  readonly IsDefaultVersion: boolean;
  readonly CreateDate?: string;
}

export interface ExportedManagedPolicy {
  readonly PolicyName: string;
  readonly PolicyId?: string;
  readonly Arn: string;
  readonly Path?: string;
  readonly DefaultVersionId: string;
  readonly IsAttachable?: boolean;
  readonly CreateDate?: string;
  readonly UpdateDate?: string;
  readonly PolicyVersionList?: readonly ExportedPolicyVersion[];
}

/** One page (or the whole, merged by the AWS CLI) of GetAccountAuthorizationDetails. */
export interface AuthorizationDetails {
  readonly UserDetailList?: readonly ExportedUser[];
  readonly GroupDetailList?: readonly ExportedGroup[];
  readonly RoleDetailList?: readonly ExportedRole[];
  readonly Policies?: readonly ExportedManagedPolicy[];
  readonly IsTruncated?: boolean;
  readonly Marker?: string;
}

const serialized = new WeakMap<object, string>();

/**
 * A policy document's text: decoded from RFC 3986 percent-encoding when IAM's API returned it
 * encoded, serialized when the AWS CLI decoded it into an object, else as it is.
 */
export function documentText(document: ExportedDocument): string {
  if (typeof document !== 'string') {
    // One text per decoded document, however many readers ask (a large export has tens of thousands).
    let text = serialized.get(document);
    if (text === undefined) serialized.set(document, (text = JSON.stringify(document)));
    return text;
  }
  const trimmed = document.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return document;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}
