import type { CompiledPolicy } from './compile.js';
import type { ContextRecord, ContextValues } from './context.js';

/**
 * The kinds of caller the engine distinguishes. `Workload`: a caller that authenticated with
 * something other than an AWS credential (an X.509 certificate, a workload token) and is no IAM
 * principal; its identity-based policies are those its authenticator attaches to it (an IoT
 * certificate's IoT policies), and nothing names it in a Principal element. `IdentityCenterUser`:
 * a person signed in to IAM Identity Center calling the AWS access portal with its bearer token;
 * no policy names one, and it becomes an AWS principal only through the role session the portal
 * gives it.
 */
export type PrincipalType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'FederatedUser'
  | 'WebIdentityUser'
  | 'SAMLUser'
  | 'AWSService'
  | 'Anonymous'
  | 'Workload'
  | 'IdentityCenterUser';

/** Who makes the request. */
export interface RequestPrincipal {
  /** The caller's ARN: user, root, assumed-role session or federated-user ARN. */
  readonly arn: string;
  /** The caller's account (empty for Anonymous and AWSService callers). */
  readonly accountId: string;
  readonly type: PrincipalType;
  /** Unique ID, e.g. `AIDA…` for a user or `AROA…:session` for a role session. */
  readonly userId?: string;
  /** For role sessions: `arn:aws:iam::acct:role/path/name`. */
  readonly roleArn?: string;
  /** For GetFederationToken sessions: the IAM user that called it. */
  readonly federatedUserParentArn?: string;
  /** For AWSService callers, e.g. `ec2.amazonaws.com`. */
  readonly serviceName?: string;
  /**
   * For WebIdentityUser and SAMLUser callers: the identity provider as a policy names it under
   * `Federated` (an OIDC/SAML provider ARN, or `accounts.google.com`, `cognito-identity.amazonaws.com`,
   * `graph.facebook.com`, `www.amazon.com`). Defaults to `arn`.
   */
  readonly federatedProvider?: string;
  /** The canonical user ID matched by `CanonicalUser` principals (S3). */
  readonly canonicalUserId?: string;
  /**
   * The policy simulator's caller: a resource policy's `NotPrincipal` is compared with the caller's
   * ARN alone, not with every identity of a request's chain (account and user). AWS:
   * API_SimulateCustomPolicy, CallerArn — given "so that the resource-based policy's Principal
   * element has a value to use in evaluating the policy".
   */
  readonly simulatedCaller?: boolean;
}

/** One authorization question. */
export interface AuthzRequest {
  readonly principal: RequestPrincipal;
  /** `service:Action`, e.g. `iam:CreateUser`. */
  readonly action: string;
  /**
   * The resource ARN (`*` for actions without resources) and the account that owns it. Leave
   * `accountId` out only when the resource has no owner (e.g. `*`): the request is then evaluated as
   * a same-account request. S3 ARNs carry no account, so the caller must pass the bucket owner.
   */
  readonly resource: { readonly arn: string; readonly accountId?: string };
  /** Condition keys and values; a built context (see buildContext) or a plain record. */
  readonly context: ContextValues | ContextRecord;
}

/**
 * The policies that apply to a request, gathered by the caller. Organization levels are listed
 * root → OUs → account; every level must allow.
 */
export interface ApplicablePolicies {
  /** Policies of the user and its groups, or of the role. */
  readonly identity: readonly CompiledPolicy[];
  /** The resource-based policy (a role's trust policy has type `trust`). */
  readonly resource?: CompiledPolicy;
  /** Role trust policies and KMS key policies: the resource policy itself must allow. */
  readonly resourcePolicyRequired?: boolean;
  readonly boundary?: CompiledPolicy;
  /** Session policies; undefined (or empty) when no session policy was passed. */
  readonly session?: readonly CompiledPolicy[];
  /** SCPs of the principal's account path; undefined when not in an organization or management account. */
  readonly scpLevels?: readonly (readonly CompiledPolicy[])[];
  /** RCPs of the resource's account path; undefined when RCPs do not apply. */
  readonly rcpLevels?: readonly (readonly CompiledPolicy[])[];
}
