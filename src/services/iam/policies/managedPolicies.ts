import { ServiceError } from '../../../errors.js';
import { iamArn, newUniqueId } from '../../../model/index.js';
import { awsManagedPolicies, awsPolicyRecord, DuplicateError } from '../../../store/index.js';
import type { EntityTag, ManagedPolicyRecord } from '../../../store/index.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requestTagContext } from '../../shared/index.js';
import { checkIdentityDocument, policyCounts, policyNeed, policyShape, requirePolicy, underPath } from './managedPolicyRecords.js';
import { paginate } from '../paging.js';
import { applyTags, checkTagKeys, tagsOf } from '../tags/tagging.js';
import { tagOperations } from '../tags/tagOperations.js';

interface CreatePolicyInput {
  PolicyName: string;
  Path?: string;
  PolicyDocument: string;
  Description?: string;
  Tags?: EntityTag[];
}

const TAG_KIND = 'policy';

/** AWS: CreatePolicy — a customer managed policy with version v1 as its default. */
export const CreatePolicy = defineOperation<CreatePolicyInput>({
  service: 'iam',
  name: 'CreatePolicy',
  readOnly: false,
  authorize: (input, ctx) =>
    iamNeed('CreatePolicy', iamArn(ctx.principal.accountId, 'policy', input.Path ?? '/', input.PolicyName), requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags);
    checkIdentityDocument(input.PolicyDocument, ctx.quotas.managedPolicySize);
    if ((await ctx.store.managedPolicies.countLocal(accountId)) >= ctx.quotas.customerManagedPoliciesPerAccount) {
      throw iamErrors.limitExceeded('PoliciesPerAccount', ctx.quotas.customerManagedPoliciesPerAccount);
    }
    const arn = iamArn(accountId, 'policy', path, input.PolicyName);
    let policy: ManagedPolicyRecord;
    try {
      policy = await ctx.store.managedPolicies.create({
        arn,
        accountId,
        policyId: newUniqueId('managedPolicy'),
        name: input.PolicyName,
        path,
        description: input.Description ?? null,
        document: input.PolicyDocument,
      });
    } catch (err) {
      // AWS: "A policy called X already exists. Duplicate names are not allowed." (names are case-insensitive).
      if (err instanceof DuplicateError) {
        throw new ServiceError('EntityAlreadyExists', `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      }
      throw err;
    }
    await applyTags(ctx.store, { accountId, kind: TAG_KIND, id: arn }, input.Tags, ctx.quotas.tagsPerResource);
    const tags = input.Tags !== undefined && input.Tags.length > 0 ? { Tags: input.Tags } : {};
    // AWS: CreatePolicy's response leaves out the Description even when one was given; GetPolicy
    // returns it (verified against AWS by moto's test_iam_response_attributes).
    return { Policy: { ...policyShape(policy, { attachments: 0, boundaries: 0 }, false), ...tags } };
  },
});

/** AWS: GetPolicy — a customer managed policy of the caller's account or any AWS managed policy. */
export const GetPolicy = defineOperation<{ PolicyArn: string }>({
  service: 'iam',
  name: 'GetPolicy',
  readOnly: true,
  authorize: (input, ctx) => policyNeed('GetPolicy', input.PolicyArn, ctx, false),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const policy = await requirePolicy(ctx.store, accountId, input.PolicyArn);
    const counts = await policyCounts(ctx.store, accountId, policy.arn);
    // AWS: GetPolicy always carries Tags, an empty list for a policy without tags.
    const tags = policy.awsManaged ? undefined : await tagsOf(ctx.store, { accountId, kind: TAG_KIND, id: policy.arn });
    return { Policy: { ...policyShape(policy, counts, true), Tags: tags ?? [] } };
  },
});

interface ListPoliciesInput {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
}

/**
 * AWS: ListPolicies — customer managed and AWS managed policies, without Tags or Description
 * ("IAM resource-listing operations return a subset of the available attributes").
 */
export const ListPolicies = defineOperation<ListPoliciesInput>({
  service: 'iam',
  name: 'ListPolicies',
  readOnly: true,
  authorize: () => iamNeed('ListPolicies', '*'),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const scope = input.Scope ?? 'All';
    const policies: ManagedPolicyRecord[] = [];
    if (scope !== 'AWS') policies.push(...(await ctx.store.managedPolicies.listLocal(accountId)));
    if (scope !== 'Local') {
      for (const p of awsManagedPolicies.list()) policies.push(awsPolicyRecord(p));
    }
    const attachments = new Map<string, number>();
    for (const a of await ctx.store.policyAttachments.listAll(accountId)) attachments.set(a.policyArn, (attachments.get(a.policyArn) ?? 0) + 1);
    const boundaries = await ctx.store.policyAttachments.boundaryCounts(accountId);
    const counted = policies
      .filter((p) => underPath(p.path, input.PathPrefix))
      .map((p) => ({ policy: p, counts: { attachments: attachments.get(p.arn) ?? 0, boundaries: boundaries.get(p.arn) ?? 0 } }))
      .filter(({ counts }) => {
        if (input.OnlyAttached !== true) return true;
        // AWS: PolicyUsageFilter narrows "attached" to one use: as a permissions policy or as a boundary.
        if (input.PolicyUsageFilter === 'PermissionsPolicy') return counts.attachments > 0;
        if (input.PolicyUsageFilter === 'PermissionsBoundary') return counts.boundaries > 0;
        return counts.attachments > 0 || counts.boundaries > 0;
      });
    const page = paginate(counted, ({ policy }) => `${policy.name.toLowerCase()}\u0000${policy.arn}`, input);
    return {
      Policies: page.items.map(({ policy, counts }) => policyShape(policy, counts, false)),
      IsTruncated: page.IsTruncated,
      ...(page.Marker !== undefined ? { Marker: page.Marker } : {}),
    };
  },
});

/** AWS: DeletePolicy — refused while attached (or a boundary) or while it has non-default versions. */
export const DeletePolicy = defineOperation<{ PolicyArn: string }>({
  service: 'iam',
  name: 'DeletePolicy',
  readOnly: false,
  authorize: (input, ctx) => policyNeed('DeletePolicy', input.PolicyArn, ctx, true),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const policy = await requirePolicy(ctx.store, accountId, input.PolicyArn);
    const counts = await policyCounts(ctx.store, accountId, policy.arn);
    if (counts.attachments > 0 || counts.boundaries > 0) {
      throw new ServiceError('DeleteConflict', 'Cannot delete a policy attached to entities.');
    }
    if ((await ctx.store.managedPolicies.versions(policy.arn)).length > 1) {
      throw new ServiceError(
        'DeleteConflict',
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    await ctx.store.tags.deleteAll(accountId, TAG_KIND, policy.arn);
    await ctx.store.managedPolicies.delete(policy.arn);
    return {};
  },
});

/**
 * TagPolicy, UntagPolicy, ListPolicyTags: tags of the caller's customer managed policies, kept by
 * ARN. AWS managed policies can be read (ListPolicyTags answers no tags) but not tagged.
 */
const policyTagOperations = tagOperations<ManagedPolicyRecord>({
  label: 'Policy',
  member: 'PolicyArn',
  need: (action, ctx, arn, extra) => policyNeed(action, arn, ctx, action !== 'ListPolicyTags', extra),
  require: (ctx, arn) => requirePolicy(ctx.store, ctx.principal.accountId, arn),
  target: (policy, ctx) => ({ accountId: ctx.principal.accountId, kind: TAG_KIND, id: policy.arn }),
});

/** Customer managed policy operations. */
export const managedPolicyOperations: Operation[] = [CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, ...policyTagOperations];
