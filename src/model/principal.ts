import type { PrincipalType } from '../policy/index.js';

/** The kinds of caller, defined once by the policy engine (`policy/request.ts`). */
export type { PrincipalType } from '../policy/index.js';

/**
 * The authenticated caller of a request, as every layer above the store sees it.
 *
 * AWS: the `type` values are CloudTrail's `userIdentity.type` (cloudtrail-event-reference-user-identity);
 * `userId` is what GetCallerIdentity returns as `UserId` (the account ID for root, the unique ID
 * `AIDA…` for IAM users, `AROA…:session` for role sessions, `account:name` for federated users).
 */
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
  /** The principal's tags (`aws:PrincipalTag/…`); for sessions, the session tags over the role's. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Facts of a temporary-credential session (absent for long-term keys). */
  readonly session?: SessionFacts;
  /**
   * IdentityCenterUser: the person the portal call is made for (CloudTrail's `onBehalfOf`) and the
   * ID of the bearer token it presented (CloudTrail's `credentialId`; never the token itself).
   */
  readonly onBehalfOf?: { readonly userId: string; readonly identityStoreArn: string; readonly credentialId: string };
  /** For `Workload` callers: what authenticated them. */
  readonly workload?: WorkloadIdentity;
}

/**
 * A workload that authenticated with something other than an AWS credential, and that a service
 * vouches for: an X.509 certificate that chains to a Roles Anywhere trust anchor, an IoT device
 * certificate presented over mutual TLS, or a Gatehouse workload token. Such a caller may only
 * exchange its credential for role credentials (`auth/sessionRestrictions.ts`).
 */
export interface WorkloadIdentity {
  readonly kind: 'x509' | 'iot-certificate' | 'workload-token';
  /** The certificate's serial number in lower-case hex (x509), the certificate ID (IoT), the token ID. */
  readonly id: string;
  /** The certificate's subject DN (x509, IoT), the token's description. */
  readonly name: string;
  /** What vouches for it: the trust anchor ARN (x509), the certificate ARN (IoT), `gatehouse` (token). */
  readonly issuer: string;
  /** x509: the certificate's serial number in decimal, as its credential names it. */
  readonly serialNumber?: string;
  /** x509 and IoT: the certificate itself, DER. */
  readonly certificate?: Uint8Array;
  /** x509: the intermediate certificates the request presented, DER. */
  readonly chain?: readonly Uint8Array[];
  /** A workload token's role ARN: the one role it may get credentials for. */
  readonly roleArn?: string;
}

/** What a session token carries about its session (STS "Temporary security credentials"). */
export interface SessionFacts {
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** When the MFA code that created (or was passed to) the session was verified. */
  readonly mfaAuthenticatedAt?: Date;
  readonly sourceIdentity?: string;
  readonly sessionName?: string;
  /** Session tags and which of them are transitive (propagate through role chaining). */
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly transitiveTagKeys?: readonly string[];
  /** Session policy documents (already grammar-checked) and managed session policy ARNs. */
  readonly policies?: readonly string[];
  readonly policyArns?: readonly string[];
  /** 0 for a session made from long-term credentials; 1 and more for role chaining. */
  readonly chainDepth: number;
  /** `aws:FederatedProvider` for web identity and SAML sessions. */
  readonly federatedProvider?: string;
  /** GetFederationToken: the IAM user who called it (the account root's ARN when root did). */
  readonly parentUserArn?: string;
  /** GetFederationToken: that user's unique ID (the account ID for root), binding the session to that very user. */
  readonly parentUserId?: string;
  /**
   * A console sign-in session of an IAM user or the root user (`server/console/`): `active`, or
   * `password-change` while the user must set a new password before anything else.
   */
  readonly console?: ConsoleSessionKind;
}

/** What a console sign-in session may do (`SessionFacts.console`). */
export type ConsoleSessionKind = 'active' | 'password-change';
/**
 * An AWS service as the caller of a request it makes on a workload's behalf (Roles Anywhere and
 * the IoT credentials provider assume roles so): a trust policy names it under `Service`.
 */
export function servicePrincipal(serviceName: string): Principal {
  return { type: 'AWSService', accountId: '', arn: serviceName, userId: serviceName };
}

/** The anonymous caller (unsigned requests such as AssumeRoleWithWebIdentity or public S3 reads). */
export const ANONYMOUS: Principal = { type: 'Anonymous', accountId: '', arn: '*', userId: 'anonymous' };

/**
 * Who made an unsigned call, once the call has found out: CloudTrail records this caller instead
 * of the anonymous principal.
 *
 * - `WebIdentityUser`, `SAMLUser`: the caller of AssumeRoleWithWebIdentity or AssumeRoleWithSAML
 *   once its token or assertion has been verified. AWS: CloudTrail User Guide, "Values for AWS STS
 *   APIs with SAML and web identity federation" — for `WebIdentityUser` the principal ID combines
 *   the issuer, application ID and user ID, the user name is the user ID and the identity provider
 *   is the issuer; for `SAMLUser` they are `saml:namequalifier` + `saml:sub`, `saml:sub` and
 *   `saml:namequalifier`.
 * - `IdentityCenterUser`: a person of an IAM Identity Center instance, once the login service knows
 *   whose token or code a call presents (CloudTrail's `onBehalfOf`).
 * - `Unknown`: a caller of an instance's login service not yet signed in (RegisterClient,
 *   StartDeviceAuthorization, sign-in events): recorded in the instance's account, under the user
 *   name typed when there is one. AWS: "Understanding IAM Identity Center sign-in events".
 */
export type FederatedCaller =
  | {
      readonly type: 'WebIdentityUser' | 'SAMLUser';
      readonly principalId: string;
      readonly userName: string;
      readonly identityProvider: string;
      /** The account of the role asked for: the account the call is recorded in. */
      readonly accountId: string;
    }
  | {
      readonly type: 'IdentityCenterUser';
      readonly accountId: string;
      readonly userId: string;
      readonly identityStoreArn: string;
      readonly credentialId?: string;
    }
  | {
      readonly type: 'Unknown';
      readonly accountId: string;
      readonly userName?: string;
    };
