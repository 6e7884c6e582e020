import type { Principal } from '../../model/index.js';
import type { CompiledPolicy } from '../../policy/index.js';
import type { AuthorizationNeed } from '../need.js';
import type { BucketFacts, PolicyReader } from '../policies/reader.js';

/**
 * One kind of resource-based policy and the rules AWS applies with it: which policy joins the
 * evaluation of a need, and whether that policy must itself allow the request (a role trust
 * policy must; an S3 bucket policy need not when the identity policies allow in the bucket
 * owner's account). The gatherer picks the rule for each need from `RESOURCE_RULES`, the one
 * place that lists them (`resourceRules/index.ts`).
 */
export interface ResourceRule {
  /** A short name, for messages and tests. */
  readonly name: string;
  /** Whether this rule governs `need`. */
  governs(need: AuthorizationNeed): boolean;
  /** The resource-based policy of `need` for `caller`, read through `tools` unless the need carries it. */
  resourcePolicy(need: AuthorizationNeed, tools: ResourceRuleTools, caller: Principal): Promise<ResourcePolicyOutcome>;
}

/** What a rule decided about one need. */
export interface ResourcePolicyOutcome {
  /** The compiled resource-based policy; absent when the resource has none (or it no longer parses). */
  readonly policy?: CompiledPolicy;
  /** The resource-based policy itself must allow the request (AWS: role trust and KMS key policies). */
  readonly required: boolean;
}

/** What rules read and compile with. */
export interface ResourceRuleTools {
  readonly reader: PolicyReader;
  /** Compiles (and caches by ARN and text) a stored resource-based policy; undefined when it no longer parses. */
  compile(arn: string, document: string, type: 'trust' | 'resource'): CompiledPolicy | undefined;
  /** An S3 bucket's authorization facts, cached until the change feed announces the bucket or its account. */
  bucket(name: string): Promise<BucketFacts | undefined>;
  /** Whether a bucket policy is public, as S3 defines it (cached by text). */
  isPublicBucketPolicy(document: string): boolean;
}
