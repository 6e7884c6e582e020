import type { CheckResult, ReasonSummary } from './types.js';

/**
 * AWS's wording of the three checks' results.
 * AWS: the AWS CLI example of check-no-new-access (FAIL: "The modified permissions grant new access
 * compared to your existing policy.", reason "New access in the statement with index: 0."); the
 * AWS SDK examples of CheckAccessNotGranted (FAIL: "The policy document grants access to perform
 * one or more of the listed actions or resources.", reason "One or more of the listed actions or
 * resources in the statement with sid: AllowJohnDoe.", PASS: "The policy document does not grant
 * access to perform the listed actions or resources.") and of CheckNoPublicAccess (FAIL: "The
 * resource policy grants public access for the given resource type.", reason "Public access
 * granted in the following statement with sid: Bob.", PASS: "The resource policy does not grant
 * public access for the given resource type."). A statement with a Sid is named by it, one without
 * by its index; `statementId` is present only with a Sid.
 * CheckNoNewAccess's PASS message appears in no AWS example we found; it is the FAIL message negated
 * the way the other two checks negate theirs.
 */
const WORDING = {
  noNewAccess: {
    pass: 'The modified permissions do not grant new access compared to your existing policy.',
    fail: 'The modified permissions grant new access compared to your existing policy.',
    reason: 'New access in the statement with',
  },
  accessNotGranted: {
    pass: 'The policy document does not grant access to perform the listed actions or resources.',
    fail: 'The policy document grants access to perform one or more of the listed actions or resources.',
    reason: 'One or more of the listed actions or resources in the statement with',
  },
  noPublicAccess: {
    pass: 'The resource policy does not grant public access for the given resource type.',
    fail: 'The resource policy grants public access for the given resource type.',
    reason: 'Public access granted in the following statement with',
  },
} as const;

export type CheckName = keyof typeof WORDING;

/** A statement named in a FAIL. */
export interface FailingStatement {
  readonly index: number;
  readonly sid: string | undefined;
}

/** The result of a check from the statements that might allow the access (none: PASS). */
export function checkResult(check: CheckName, failing: readonly FailingStatement[]): CheckResult {
  const words = WORDING[check];
  if (failing.length === 0) return { result: 'PASS', message: words.pass };
  const reasons: ReasonSummary[] = failing.map((s) =>
    // An empty Sid names nothing, so the statement is named by its index.
    s.sid === undefined || s.sid === ''
      ? { description: `${words.reason} index: ${s.index}.`, statementIndex: s.index }
      : { description: `${words.reason} sid: ${s.sid}.`, statementIndex: s.index, statementId: s.sid },
  );
  return { result: 'FAIL', message: words.fail, reasons };
}
