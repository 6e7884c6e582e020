import { parseArn } from '../../model/index.js';
import type { ResourceRule } from './rule.js';

/**
 * An organization's delegation policy (Organizations' resource-based policy): a member account's
 * call of a delegable Organizations action is evaluated against the management account's
 * resource, so the caller's identity policies and this policy must both allow it.
 * AWS: orgs_delegate_policies.
 */
export const ORGANIZATIONS_DELEGATION: ResourceRule = {
  name: 'organizations-delegation',
  governs: (need) => need.resourcePolicy !== undefined && isResourcePolicyArn(need.resourcePolicy.arn),
  async resourcePolicy(need, tools) {
    const declared = need.resourcePolicy!;
    const policy = tools.compile(declared.arn, declared.document, 'resource');
    return policy === undefined ? { required: false } : { policy, required: false };
  },
};

function isResourcePolicyArn(value: string): boolean {
  const arn = parseArn(value);
  return arn !== undefined && arn.service === 'organizations' && arn.resource.startsWith('resourcepolicy/');
}
