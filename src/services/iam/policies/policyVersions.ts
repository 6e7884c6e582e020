import { ServiceError } from '../../../errors.js';
import type { PolicyVersionRecord } from '../../../store/index.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { checkIdentityDocument, policyNeed, requirePolicy, urlEncodeDocument } from './managedPolicyRecords.js';
import { paginate } from '../paging.js';

/** The `PolicyVersion` wire shape; the document only where AWS returns it, URL-encoded. */
export function versionShape(version: PolicyVersionRecord, withDocument: boolean): Record<string, unknown> {
  return {
    ...(withDocument ? { Document: urlEncodeDocument(version.document) } : {}),
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefault,
    CreateDate: new Date(version.createdAt),
  };
}

/** AWS: "Policy arn:… version vN does not exist or is not attachable." (NoSuchEntity, GetPolicyVersion and friends). */
function versionNotFound(arn: string, versionId: string): ServiceError {
  return new ServiceError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
}

/**
 * AWS: CreatePolicyVersion — at most 5 versions ("A managed policy can have up to 5 versions.
 * Before you create a new version, you must delete an existing version.", LimitExceeded).
 */
export const CreatePolicyVersion = defineOperation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }>({
  service: 'iam',
  name: 'CreatePolicyVersion',
  readOnly: false,
  authorize: (input, ctx) => policyNeed('CreatePolicyVersion', input.PolicyArn, ctx, true),
  handle: async (input, ctx) => {
    const policy = await requirePolicy(ctx.store, ctx.principal.accountId, input.PolicyArn);
    checkIdentityDocument(input.PolicyDocument, ctx.quotas.managedPolicySize);
    const max = ctx.quotas.versionsPerManagedPolicy;
    if ((await ctx.store.managedPolicies.versions(policy.arn)).length >= max) {
      throw new ServiceError(
        'LimitExceeded',
        `A managed policy can have up to ${max} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const version = await ctx.store.managedPolicies.addVersion(policy.arn, input.PolicyDocument, input.SetAsDefault === true);
    return { PolicyVersion: versionShape(version, false) };
  },
});

/** AWS: GetPolicyVersion — the document URL-encoded (RFC 3986). */
export const GetPolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }>({
  service: 'iam',
  name: 'GetPolicyVersion',
  readOnly: true,
  authorize: (input, ctx) => policyNeed('GetPolicyVersion', input.PolicyArn, ctx, false),
  handle: async (input, ctx) => {
    const policy = await requirePolicy(ctx.store, ctx.principal.accountId, input.PolicyArn);
    const version = await ctx.store.managedPolicies.version(policy.arn, input.VersionId);
    if (version === undefined) throw versionNotFound(policy.arn, input.VersionId);
    return { PolicyVersion: versionShape(version, true) };
  },
});

/** AWS: ListPolicyVersions — newest first, without documents. */
export const ListPolicyVersions = defineOperation<{ PolicyArn: string; Marker?: string; MaxItems?: number }>({
  service: 'iam',
  name: 'ListPolicyVersions',
  readOnly: true,
  authorize: (input, ctx) => policyNeed('ListPolicyVersions', input.PolicyArn, ctx, false),
  handle: async (input, ctx) => {
    const policy = await requirePolicy(ctx.store, ctx.principal.accountId, input.PolicyArn);
    const versions = await ctx.store.managedPolicies.versions(policy.arn);
    const newestFirst = (v: PolicyVersionRecord) => String(1e9 - Number.parseInt(v.versionId.slice(1), 10)).padStart(10, '0');
    const page = paginate(versions, newestFirst, input);
    return {
      Versions: page.items.map((v) => versionShape(v, false)),
      IsTruncated: page.IsTruncated,
      ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
    };
  },
});

/** AWS: DeletePolicyVersion — never the default ("Cannot delete the default version of a policy.", DeleteConflict). */
export const DeletePolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }>({
  service: 'iam',
  name: 'DeletePolicyVersion',
  readOnly: false,
  authorize: (input, ctx) => policyNeed('DeletePolicyVersion', input.PolicyArn, ctx, true),
  handle: async (input, ctx) => {
    const policy = await requirePolicy(ctx.store, ctx.principal.accountId, input.PolicyArn);
    const version = await ctx.store.managedPolicies.version(policy.arn, input.VersionId);
    if (version === undefined) throw versionNotFound(policy.arn, input.VersionId);
    if (version.isDefault) throw new ServiceError('DeleteConflict', 'Cannot delete the default version of a policy.');
    await ctx.store.managedPolicies.deleteVersion(policy.arn, input.VersionId);
    return {};
  },
});

/** AWS: SetDefaultPolicyVersion — takes effect for every principal the policy is attached to. */
export const SetDefaultPolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }>({
  service: 'iam',
  name: 'SetDefaultPolicyVersion',
  readOnly: false,
  authorize: (input, ctx) => policyNeed('SetDefaultPolicyVersion', input.PolicyArn, ctx, true),
  handle: async (input, ctx) => {
    const policy = await requirePolicy(ctx.store, ctx.principal.accountId, input.PolicyArn);
    const version = await ctx.store.managedPolicies.version(policy.arn, input.VersionId);
    if (version === undefined) throw versionNotFound(policy.arn, input.VersionId);
    await ctx.store.managedPolicies.setDefaultVersion(policy.arn, input.VersionId);
    return {};
  },
});

/** Policy version operations. */
export const policyVersionOperations: Operation[] = [CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion];
