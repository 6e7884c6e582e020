import { ServiceError } from '../../errors.js';
import { parseArn } from '../../model/index.js';
import type { Policy } from '../../policy/ast.js';
import { parsePolicy } from '../../policy/index.js';
import type { Store } from '../../store/index.js';

/**
 * The stored policies of a user, group or role, gathered for the policy simulator the way the
 * authorizer gathers them: a user's inline and attached policies plus those of its groups; a
 * group's or role's own; the user's or role's permissions boundary.
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
  const db = store.db;
  const row = await db
    .selectFrom(kind === 'user' ? 'users' : kind === 'group' ? 'groups' : 'roles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_lower', '=', name.toLowerCase())
    .executeTakeFirst();
  if (row === undefined || row.arn !== arn) throw notFound;

  const identity: SourcedPolicy[] = [...(await entityPolicies(store, accountId, kind, row.name))];
  if (kind === 'user') {
    const groups = await db
      .selectFrom('group_members')
      .select('group_name')
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['user_name']), '=', row.name.toLowerCase()))
      .execute();
    for (const g of groups) identity.push(...(await entityPolicies(store, accountId, 'group', g.group_name)));
  }
  const boundaryArn = 'permissions_boundary_arn' in row ? (row.permissions_boundary_arn as string | null) : null;
  const boundary = boundaryArn === null ? undefined : await managedPolicy(store, boundaryArn);
  return { kind, name: row.name, arn: row.arn, identity, ...(boundary !== undefined ? { boundary } : {}) };
}

async function entityPolicies(store: Store, accountId: string, kind: 'user' | 'group' | 'role', name: string): Promise<SourcedPolicy[]> {
  const out: SourcedPolicy[] = [];
  for (const inline of await store.inlinePolicies.list(accountId, kind, name)) {
    const policy = parseStored(inline.document);
    if (policy !== undefined) out.push({ sourceId: inline.policyName, sourceType: 'IAM Policy', text: inline.document, policy });
  }
  for (const arn of await store.policyAttachments.listFor(accountId, kind, name)) {
    const policy = await managedPolicy(store, arn);
    if (policy !== undefined) out.push({ ...policy, sourceType: 'IAM Policy' });
  }
  return out;
}

/** A managed policy's default version (AWS managed or the account's own), or undefined when it does not exist. */
export async function managedPolicy(store: Store, arn: string): Promise<SourcedPolicy | undefined> {
  const record = await store.managedPolicies.get(arn);
  const version = record === undefined ? undefined : await store.managedPolicies.version(arn, record.defaultVersionId);
  const policy = version === undefined ? undefined : parseStored(version.document);
  if (policy === undefined) return undefined;
  return { sourceId: record!.name, sourceType: record!.awsManaged ? 'aws-managed' : 'user-managed', text: version!.document, policy };
}

/** Stored documents passed IAM's checks when written (AWS managed ones may exceed the customer quota). */
function parseStored(text: string): Policy | undefined {
  const result = parsePolicy(text, 'identity', { maxLength: Number.MAX_SAFE_INTEGER });
  return result.ok ? result.policy : undefined;
}
