import { ServiceError } from '../../../errors.js';
import { parseArn } from '../../../model/index.js';
import type { Policy } from '../../../policy/index.js';
import type { GatheredPolicy } from '../../../auth/index.js';
import { gathererOver } from '../../../auth/index.js';
import type { Store } from '../../../store/index.js';

/**
 * The stored policies of a user, group or role as the policy simulator shows them, gathered by the
 * one policy gatherer (`auth/policies/`) the authorizer uses: a user's inline and attached policies
 * plus those of its groups; a group's or role's own; the user's or role's permissions boundary.
 */

/**
 * The `SourcePolicyType` values Gatehouse reports. AWS's API reference lists `user`, `group`,
 * `role`, `aws-managed`, `user-managed`, `resource` and `none`, but AWS's recorded responses
 * (LocalStack's AWS-validated simulate tests) label a principal's identity policy `IAM Policy`, the
 * same name EvalDecisionDetails gives that layer; Gatehouse follows the recorded responses for every
 * identity policy, inline or managed, and keeps the documented values elsewhere.
 */
export type SourcePolicyType = 'IAM Policy' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

/** One policy with where it came from, as the simulator reports it. */
export interface SourcedPolicy {
  /** AWS's `SourcePolicyId`: the inline policy's name, the managed policy's name, or `PolicyInputList.1` … */
  readonly sourceId: string;
  readonly sourceType: SourcePolicyType;
  readonly text: string;
  readonly policy: Policy;
}

/** The entity a simulation runs for and its stored policies. */
export interface PrincipalPolicies {
  readonly kind: 'user' | 'group' | 'role';
  readonly name: string;
  readonly arn: string;
  readonly identity: readonly SourcedPolicy[];
  readonly boundary?: SourcedPolicy;
}

const ENTITY = /^(user|group|role)\/(?:.*\/)?([^/]+)$/;

/** Loads a user's, group's or role's policies; NoSuchEntity when it does not exist in the account. */
export async function loadPrincipalPolicies(store: Store, accountId: string, arn: string): Promise<PrincipalPolicies> {
  const parsed = parseArn(arn);
  const entity = parsed?.service === 'iam' ? ENTITY.exec(parsed.resource) : null;
  if (parsed === undefined || entity === null) {
    throw new ServiceError('InvalidInput', `ARN ${arn} is not valid.`);
  }
  const kind = entity[1] as 'user' | 'group' | 'role';
  const name = entity[2]!;
  const notFound = new ServiceError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
  if (parsed.accountId !== accountId) throw notFound;
  const gathered = await gathererOver(store).entityPolicies(accountId, kind, name, arn);
  if (gathered === undefined) throw notFound;
  return {
    kind,
    name: gathered.name,
    arn: gathered.arn,
    identity: gathered.identity.map((p) => sourced(p, 'IAM Policy')),
    ...(gathered.boundary !== undefined
      ? { boundary: sourced(gathered.boundary, gathered.boundary.origin === 'aws-managed' ? 'aws-managed' : 'user-managed') }
      : {}),
  };
}

/** A managed policy's default version (AWS managed or the account's own), or undefined when it does not exist. */
export async function managedPolicy(store: Store, arn: string): Promise<SourcedPolicy | undefined> {
  const gathered = await gathererOver(store).managedPolicy(arn);
  return gathered === undefined ? undefined : sourced(gathered, gathered.origin === 'aws-managed' ? 'aws-managed' : 'user-managed');
}

function sourced(policy: GatheredPolicy, sourceType: SourcePolicyType): SourcedPolicy {
  return { sourceId: policy.name, sourceType, text: policy.text, policy: policy.compiled.policy };
}
