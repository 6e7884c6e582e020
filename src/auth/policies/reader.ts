import type { OrganizationPolicyType } from '../../model/index.js';

/**
 * What the policy gatherer reads about an account: its users, groups and roles, their inline and
 * attached policies, managed policies' default versions and the organization path of the account.
 * Two implementations: the store of a running server (`auth/storePolicyReader.ts`) and the
 * in-memory snapshot of an exported AWS account (`analysis/snapshot/`). Documents are returned as
 * the text IAM stores; the gatherer parses and compiles them. Names compare case-insensitively, as
 * IAM's do.
 */
export interface PolicyReader {
  /** The user named `name` (any case), or undefined. */
  user(accountId: string, name: string): Promise<UserFacts | undefined>;
  /** The role named `name` (any case), or undefined. */
  role(accountId: string, name: string): Promise<RoleFacts | undefined>;
  /** The group named `name` (any case), or undefined. */
  group(accountId: string, name: string): Promise<GroupFacts | undefined>;
  /** The names of the groups the user belongs to. */
  groupsOf(accountId: string, userName: string): Promise<readonly string[]>;
  /** The inline policies of a user, group or role, in IAM's listing order. */
  inlinePolicies(accountId: string, kind: HolderKind, name: string): Promise<readonly InlinePolicyFacts[]>;
  /** The ARNs of the managed policies attached to a user, group or role, in attachment order. */
  attachedPolicies(accountId: string, kind: HolderKind, name: string): Promise<readonly string[]>;
  /** A managed policy (customer or AWS managed) with its default version's document, or undefined. */
  managedPolicy(arn: string): Promise<ManagedPolicyFacts | undefined>;
  /** Where the account sits in its organization, with its guardrails' texts; null outside any organization. */
  organizationPath(accountId: string): Promise<OrganizationPathFacts | null>;
  /**
   * The S3 bucket named `name` (bucket names are global): its owner, bucket policy and the Block
   * Public Access settings of the bucket and of its owner's account; undefined when none exists.
   */
  bucket(name: string): Promise<BucketFacts | undefined>;
}

/** S3's four Block Public Access settings. */
export interface BlockPublicAccessFacts {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

export interface BucketFacts {
  readonly name: string;
  /** The bucket owner's account. */
  readonly accountId: string;
  /** The bucket policy's text, or null. */
  readonly policy: string | null;
  readonly publicAccessBlock: BlockPublicAccessFacts | null;
  /** The owner account's Block Public Access (s3control). */
  readonly accountPublicAccessBlock: BlockPublicAccessFacts | null;
}

/** The IAM entities that hold identity policies. */
export type HolderKind = 'user' | 'group' | 'role';

export interface UserFacts {
  readonly accountId: string;
  /** The unique ID (`AIDA…`). */
  readonly userId: string;
  readonly name: string;
  readonly arn: string;
  readonly permissionsBoundaryArn: string | null;
}

export interface GroupFacts {
  readonly accountId: string;
  readonly groupId: string;
  readonly name: string;
  readonly arn: string;
}

export interface RoleFacts {
  readonly accountId: string;
  /** The unique ID (`AROA…`). */
  readonly roleId: string;
  readonly name: string;
  readonly arn: string;
  readonly trustPolicy: string;
  readonly permissionsBoundaryArn: string | null;
}

export interface InlinePolicyFacts {
  readonly policyName: string;
  readonly document: string;
}

export interface ManagedPolicyFacts {
  readonly arn: string;
  /** The unique ID (`ANPA…`): a policy deleted and created again under its ARN is another policy. */
  readonly policyId: string;
  readonly name: string;
  readonly awsManaged: boolean;
  readonly defaultVersionId: string;
  /** The default version's document. */
  readonly document: string;
}

/** One guardrail policy attached at one level of an organization path. */
export interface GuardrailFacts {
  readonly arn: string;
  readonly content: string;
}

export interface OrganizationPathFacts {
  readonly organizationId: string;
  /** `o-…/r-…/ou-…/` (the value of `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths`). */
  readonly path: string;
  readonly isManagement: boolean;
  /**
   * Per enabled guardrail type, the policies attached at each level root → OUs → account; a type
   * that is not enabled in the root is absent.
   */
  readonly levels: Readonly<Partial<Record<OrganizationPolicyType, readonly (readonly GuardrailFacts[])[]>>>;
}
