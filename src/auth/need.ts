import type { ServiceError } from '../errors.js';
import type { Principal } from '../model/index.js';

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
  /**
   * The resource-based policy of this need as the operation has just read it (a role's trust
   * policy, an organization's delegation policy), so that it is not read again. Which kind of
   * policy it is, and how it joins the evaluation, is decided by the resource rule that governs
   * the need (`auth/resourceRules/`).
   */
  readonly resourcePolicy?: { readonly arn: string; readonly document: string };
  /**
   * Who this need is evaluated for when it is not the request's signer: the caller of an unsigned
   * federation call (AssumeRoleWithWebIdentity, AssumeRoleWithSAML), once the operation has
   * verified its token or assertion.
   */
  readonly caller?: Principal;
  /**
   * A need whose denial does not refuse the call: the operation answers it in its result (S3's
   * DeleteObjects reports AccessDenied for each key the caller may not delete). The engine still
   * decides it; the operation reads the decision from `refused`.
   */
  readonly optional?: boolean;
  /**
   * The identity-based policies of a `Workload` caller, which only the operation that knows the
   * workload can read (an IoT device certificate's IoT policies); ignored for any other caller,
   * whose policies the gatherer reads itself.
   */
  readonly identityPolicies?: readonly { readonly id: string; readonly document: string }[];
  /**
   * What the call answers when this need is denied, where AWS answers it otherwise than with its
   * service's AccessDenied (the IoT credentials provider's 400 for a role it cannot assume);
   * `message` is the engine's AccessDenied message. Absent: the service's AccessDenied.
   */
  readonly refusal?: (message: string) => ServiceError;
}
