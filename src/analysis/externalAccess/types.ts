/**
 * External access analysis: which principals outside a zone of trust a resource policy lets in,
 * as IAM Access Analyzer's external access findings describe them.
 * AWS: IAM User Guide, "IAM Access Analyzer findings" and "IAM Access Analyzer filter keys";
 * Access Analyzer API reference, Finding, ExternalAccessDetails, FindingSource.
 */

/**
 * The principals an analyzer trusts: its own account (an ACCOUNT analyzer), or every account of
 * its organization (an ORGANIZATION analyzer, with the organization's ID).
 */
export interface ZoneOfTrust {
  readonly accounts: ReadonlySet<string>;
  readonly organizationId?: string;
}

/** A resource and the policy that grants access to it, as a resource kind reads it. */
export interface AnalyzedPolicy {
  /** AWS's resource type, e.g. `AWS::IAM::Role`. */
  readonly resourceType: string;
  readonly resourceArn: string;
  readonly ownerAccount: string;
  /** The resource-based policy document (a role's trust policy, a bucket policy …). */
  readonly policy: string;
  /** How the policy reaches the resource (AWS's FindingSource); absent: the policy itself. */
  readonly source?: FindingSource;
}

/** AWS's FindingSource: how the access is granted (for S3: `POLICY`, `BUCKET_ACL`, an access point). */
export interface FindingSource {
  readonly type: 'POLICY' | 'BUCKET_ACL' | 'S3_ACCESS_POINT' | 'S3_ACCESS_POINT_ACCOUNT';
  readonly detail?: { readonly accessPointArn?: string; readonly accessPointAccount?: string };
}

/**
 * One external access: AWS's ExternalAccessDetails. `principal` names one external principal by
 * its kind (`AWS`, `Federated`, `Service`, `CanonicalUser`), `condition` the policy's conditions
 * that limit the access (one value per key), `action` the actions it may perform, sorted.
 */
export interface ExternalAccess {
  readonly principal: Readonly<Record<string, string>>;
  readonly action: readonly string[];
  readonly condition: Readonly<Record<string, string>>;
  readonly isPublic: boolean;
  readonly sources?: readonly FindingSource[];
}

/**
 * The analysis of one resource: its external accesses, or the error AWS's error findings report
 * (a policy that cannot be read).
 */
export type ExternalAccessResult = { readonly accesses: readonly ExternalAccess[] } | { readonly error: 'INTERNAL_ERROR'; readonly reason: string };
