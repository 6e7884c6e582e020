import type { AnalyzedPolicy } from '../../../analysis/externalAccess/index.js';
import type { Store } from '../../../store/index.js';

/**
 * One kind of resource that holds a resource-based policy, as Access Analyzer's external access
 * analysis reads it: a plug-in. Each kind is one module listed in `RESOURCE_KINDS` (index.ts);
 * the findings engine, StartResourceScan, GetAnalyzedResource and access previews know nothing
 * else about it. To add a kind: write the module (list, get, changed, and preview if
 * AWS previews it), add its rules to `src/analysis/externalAccess/resourceRules.ts` when they are
 * not there, and announce its policy changes on the change feed (`resourcePolicyChange` on
 * RESOURCE_POLICIES_TOPIC, or a topic of its own that `changed` reads).
 */
export interface ResourceKind {
  /** AWS's ResourceType, e.g. `AWS::IAM::Role`. */
  readonly resourceType: string;
  /**
   * Every resource of the kind an account owns, with its policy (resources without one may be left
   * out). A resource reached several ways (an S3 bucket's policy, its ACL read as a policy, its
   * access points) is several entries of one ARN, each with its `source`.
   */
  list(store: Store, accountId: string): Promise<AnalyzedPolicy[]>;
  /** One resource by ARN, as `list` gives it; empty when there is none (deleted, or not of this kind). */
  get(store: Store, arn: string): Promise<AnalyzedPolicy[]>;
  /** What a change on the store's feed means for this kind; undefined: nothing. */
  changed(topic: string, payload: string): KindChange | undefined;
  /** How an access preview proposes a configuration of this kind; absent: not previewed. */
  readonly preview?: PreviewReader;
}

/**
 * Resources to analyze again: one resource (`arn`) or all of the kind in an account, in every
 * account of an organization, or everywhere (`all`: a reset, a listener that reconnected).
 */
export type KindChange =
  | { readonly kind: 'resource'; readonly accountId: string; readonly arn: string }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'organization'; readonly organizationId: string }
  | { readonly kind: 'all' };

/** A kind's reading of AWS's access preview Configuration union. */
export interface PreviewReader {
  /** The member of AWS's Configuration this kind reads (`iamRole`, `s3Bucket` …). */
  readonly member: string;
  /** Whether an ARN names a resource of this kind (a configuration for another ARN is refused). */
  matches(arn: string): boolean;
  /**
   * The resource as the configuration proposes it, from its current state (`existing`, empty for
   * a resource that does not exist yet; a resource whose ARN names no account would be
   * `analyzerAccount`'s); a string is why the configuration is not valid.
   */
  proposed(
    arn: string,
    configuration: Readonly<Record<string, unknown>>,
    existing: readonly AnalyzedPolicy[],
    analyzerAccount: string,
  ): AnalyzedPolicy[] | string;
}
