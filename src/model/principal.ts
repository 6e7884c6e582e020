/**
 * The authenticated caller of a request, as every layer above the store sees it.
 *
 * AWS: the `type` values are CloudTrail's `userIdentity.type` (cloudtrail-event-reference-user-identity);
 * `userId` is what GetCallerIdentity returns as `UserId` (the account ID for root, the unique ID
 * `AIDA…` for IAM users, `AROA…:session` for role sessions, `account:name` for federated users).
 */
export type PrincipalType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'FederatedUser'
  | 'WebIdentityUser'
  | 'SAMLUser'
  | 'AWSService'
  | 'Anonymous';

export interface Principal {
  readonly type: PrincipalType;
  readonly accountId: string;
  readonly arn: string;
  readonly userId: string;
  /** The IAM user name (IAMUser) — also the name used for `aws:username`. */
  readonly userName?: string;
  /** The access key the request was signed with. */
  readonly accessKeyId?: string;
  /** For role sessions: the role ARN (`arn:aws:iam::acct:role/path/name`). */
  readonly roleArn?: string;
  /** The principal's tags (`aws:PrincipalTag/…`). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The anonymous caller (unsigned requests such as AssumeRoleWithWebIdentity or public S3 reads). */
export const ANONYMOUS: Principal = { type: 'Anonymous', accountId: '', arn: '*', userId: 'anonymous' };
