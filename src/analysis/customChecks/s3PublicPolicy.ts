import { actionsOf } from '../../catalog/index.js';
import { compileWildcard, parsePolicy } from '../../policy/index.js';
import type { Statement } from '../../policy/index.js';
import { Budget } from './budget.js';
import { publicStatements } from './noPublicAccess.js';
import { readPolicy } from './policyRegions.js';
import { PUBLIC_ACCESS_RULES } from './publicResourceTypes.js';

/**
 * The S3 actions that "could expose the data inside a bucket to reads or writes by the public":
 * s3:Get*, s3:List*, s3:AbortMultipartUpload, s3:Delete*, s3:Put* and s3:RestoreObject.
 * AWS: S3 API Reference, PublicAccessBlockConfiguration.
 */
function isBadAction(name: string): boolean {
  const lower = name.toLowerCase();
  return /^(get|list|delete|put)/.test(lower) || lower === 'abortmultipartupload' || lower === 'restoreobject';
}

let badActions: readonly string[] | undefined;

/** Every bad action of the S3 catalog, as `s3:name` lower-cased. */
function badActionNames(): readonly string[] {
  badActions ??= actionsOf('s3')
    .filter((a) => isBadAction(a.name))
    .map((a) => `s3:${a.name.toLowerCase()}`);
  return badActions;
}

/** Whether a statement's actions include one of S3's bad actions (NotAction is taken to include them). */
function grantsBadAction(statement: Statement): boolean {
  if (statement.action === undefined) return true;
  return statement.action.some((pattern) => {
    const matcher = compileWildcard(pattern.toLowerCase());
    return badActionNames().some((name) => matcher(name));
  });
}

/**
 * Whether an S3 bucket policy is public, as S3 decides for GetBucketPolicyStatus, BlockPublicPolicy
 * and RestrictPublicBuckets: an Allow statement that may grant a caller the policy does not name
 * (CheckNoPublicAccess's outsiders: no fixed principal, and no condition confining a key a
 * caller cannot choose — aws:SourceIp, aws:SourceArn, aws:SourceVpc(e), aws:SourceOwner,
 * aws:SourceAccount, aws:userid, aws:PrincipalOrgID, s3:x-amz-server-side-encryption-aws-kms-key-id,
 * … — to named values) one of S3's bad actions, and that no Deny statement takes back.
 * AWS: S3 API Reference, PublicAccessBlockConfiguration ("The meaning of public").
 * A document that does not parse is not public (S3 refused it when it was written).
 */
export function isPublicBucketPolicy(text: string): boolean {
  let failing: readonly { index: number }[];
  let document: string;
  try {
    // As JSON reads it (a key given twice: the last stands), as S3 applies it.
    document = JSON.stringify(JSON.parse(text));
  } catch {
    return false;
  }
  try {
    failing = publicStatements(readPolicy(document, 'policy', 'resource'), PUBLIC_ACCESS_RULES['AWS::S3::Bucket'], new Budget());
  } catch {
    return false;
  }
  if (failing.length === 0) return false;
  const parsed = parsePolicy(document, 'resource', { maxLength: Number.MAX_SAFE_INTEGER });
  if (!parsed.ok) return true;
  return failing.some((f) => {
    const statement = parsed.policy.statements.find((s) => s.index === f.index);
    return statement === undefined || grantsBadAction(statement);
  });
}
