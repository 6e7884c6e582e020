import type { Principal } from '../../model/index.js';
import type { AuthorizationNeed } from '../need.js';
import type { BucketFacts } from '../policies/reader.js';
import type { ResourcePolicyOutcome, ResourceRule, ResourceRuleTools } from './rule.js';

/**
 * The actions the bucket owner's root user may always take on its bucket's policy.
 * AWS: S3 API Reference, PutBucketPolicy — "the root principal in a bucket owner's AWS account can
 * perform the GetBucketPolicy, PutBucketPolicy, and DeleteBucketPolicy API actions, even if their
 * bucket policy explicitly denies the root principal's access" (SCPs and RCPs still apply).
 */
const ROOT_POLICY_ACTIONS: ReadonlySet<string> = new Set(['s3:getbucketpolicy', 's3:putbucketpolicy', 's3:deletebucketpolicy']);

/**
 * An S3 bucket policy and S3's owner rules: a request on a bucket or one of its objects is
 * evaluated with the bucket's policy as its resource-based policy, in the bucket owner's account
 * (the need's `resourceAccountId`: S3 ARNs carry no account). The policy need not allow by itself:
 * in the owner's account an identity policy's Allow suffices; from another account both must
 * allow (the engine's two evaluations). With ACLs disabled (Object Ownership
 * BucketOwnerEnforced) the bucket owner owns every object, so the object context is the bucket's.
 *
 * Block Public Access, RestrictPublicBuckets (the bucket's or its account's): while the policy is
 * public, it grants nothing to callers outside the owner's account but AWS service principals —
 * its Deny statements still apply to them.
 * AWS: S3 User Guide, "How Amazon S3 authorizes a request" (bucket and object context), "Blocking
 * public access to your Amazon S3 storage" (RestrictPublicBuckets: "Amazon S3 blocks public and
 * cross-account access derived from any public … bucket policies, including non-public delegation
 * to specific accounts").
 */
export const BUCKET_POLICY: ResourceRule = {
  name: 's3-bucket-policy',
  governs: (need) => need.resource.startsWith('arn:aws:s3:::') && need.action.toLowerCase().startsWith('s3:'),
  async resourcePolicy(need: AuthorizationNeed, tools: ResourceRuleTools, caller: Principal): Promise<ResourcePolicyOutcome> {
    const name = bucketOf(need.resource);
    const bucket = await tools.bucket(name);
    if (bucket === undefined || bucket.policy === null) return { required: false };
    if (caller.type === 'Root' && caller.accountId === bucket.accountId && ROOT_POLICY_ACTIONS.has(need.action.toLowerCase())) return { required: false };
    const arn = `arn:aws:s3:::${name}`;
    const document = restricted(bucket, caller, tools) ? denyStatementsOf(bucket.policy) : asJson(bucket.policy);
    const policy = tools.compile(arn, document, 'resource');
    return policy === undefined ? { required: false } : { policy, required: false };
  },
};

/** The bucket an S3 ARN names (`arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`). */
export function bucketOf(arn: string): string {
  const rest = arn.slice('arn:aws:s3:::'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Whether RestrictPublicBuckets takes the bucket policy's grants away from this caller. */
function restricted(bucket: BucketFacts, caller: Principal, tools: ResourceRuleTools): boolean {
  const on = bucket.publicAccessBlock?.RestrictPublicBuckets === true || bucket.accountPublicAccessBlock?.RestrictPublicBuckets === true;
  if (!on || caller.type === 'AWSService' || caller.accountId === bucket.accountId) return false;
  return tools.isPublicBucketPolicy(bucket.policy!);
}

const normalized = new Map<string, string>();

/**
 * The policy as JSON reads it: S3 keeps a policy as written, where a key may be given twice (the
 * last stands, as in JSON), which the policy grammar refuses.
 */
function asJson(document: string): string {
  let text = normalized.get(document);
  if (text === undefined) {
    try {
      text = JSON.stringify(JSON.parse(document));
    } catch {
      text = document;
    }
    if (normalized.size >= 1000) normalized.clear();
    normalized.set(document, text);
  }
  return text;
}

const denyOnly = new Map<string, string>();

/** The policy with its Allow statements removed (what a restricted public policy still does). */
function denyStatementsOf(document: string): string {
  let kept = denyOnly.get(document);
  if (kept === undefined) {
    const policy = JSON.parse(document) as { Statement?: unknown };
    const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement === undefined ? [] : [policy.Statement];
    kept = JSON.stringify({ ...policy, Statement: statements.filter((s) => (s as { Effect?: unknown }).Effect === 'Deny') });
    if (denyOnly.size >= 1000) denyOnly.clear();
    denyOnly.set(document, kept);
  }
  return kept;
}
