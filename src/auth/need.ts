/** A condition-key value as requests carry them. */
export type ContextValue = string | readonly string[] | boolean | number;

/**
 * What one operation needs authorized: the IAM action, the resource it acts on and any extra
 * condition keys the request supplies (`iam:PermissionsBoundary`, `aws:RequestTag/…`, …).
 * The pipeline authorizes every declared need; a handler never checks permissions itself.
 */
export interface AuthorizationNeed {
  readonly action: string;
  /** The resource ARN, or `*` for actions without a resource type. */
  readonly resource: string;
  /** The account owning the resource; defaults to the ARN's account (or the caller's for `*`). */
  readonly resourceAccountId?: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** For the role trust actions: the role's trust policy as the operation has just read it, so it is not read again. */
  readonly trustPolicy?: { readonly roleArn: string; readonly document: string };
  /**
   * A resource-based policy that applies to this need (evaluated with the identity policies by
   * AWS's logic: in another account, both must allow), e.g. an organization's delegation policy.
   */
  readonly resourcePolicy?: { readonly arn: string; readonly document: string };
}
