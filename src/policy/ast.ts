/**
 * The normalized form of a policy document, shared by the grammar checker (parse.ts), the compiler
 * and the evaluator. A parsed policy is always in this shape whatever the JSON looked like
 * (single statement object or array, string or array values, booleans/numbers in conditions).
 */

/** The kinds of policy IAM distinguishes; each has its own grammar rules and size limit. */
export type PolicyType =
  | 'identity' // managed or inline policy on a user, group or role
  | 'resource' // resource-based policy (S3 bucket policy, …)
  | 'trust' // role trust policy (a resource-based policy on the role)
  | 'boundary' // permissions boundary
  | 'session' // session policy passed to STS
  | 'scp' // Organizations service control policy
  | 'rcp'; // Organizations resource control policy

export type Effect = 'Allow' | 'Deny';

/** Principal types accepted in a Principal/NotPrincipal object. */
export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** `"*"` (anyone) or a map from principal kind to the values listed under it. */
export type PrincipalSpec = '*' | Partial<Record<PrincipalKind, string[]>>;

/** One condition test: an operator applied to one key with one or more values (OR across values). */
export interface ConditionTest {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The condition key as written (keys are matched case-insensitively). */
  readonly key: string;
  /** The values, each as a string (JSON booleans and numbers are converted with String()). */
  readonly values: readonly string[];
}

export interface Statement {
  /** Position in the Statement array (0 when Statement is a single object). */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  /** Every operator/key pair of the Condition block (AND across all of them). */
  readonly conditions: readonly ConditionTest[];
}

export interface Policy {
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statements: readonly Statement[];
}
