import { parseArn } from '../../model/index.js';
import type { AuthorizationNeed } from '../need.js';
import type { ResourcePolicyOutcome, ResourceRule, ResourceRuleTools } from './rule.js';

/**
 * The actions a role's trust policy governs.
 * AWS: id_roles_manage-assume ("the role's trust policy must allow the caller"),
 * id_session-tags#id_session-tags_permissions-required (sts:TagSession), id_credentials_temp_control-
 * access_monitor (sts:SetSourceIdentity), and the federated AssumeRoleWith* operations.
 */
export const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithwebidentity',
  'sts:assumerolewithsaml',
  'sts:tagsession',
  'sts:setsourceidentity',
]);

/**
 * A role's trust policy: the resource-based policy of every trust action on the role, which must
 * itself allow the call, whatever the caller's identity policies say.
 */
export const ROLE_TRUST: ResourceRule = {
  name: 'role-trust',
  governs: (need) => TRUST_ACTIONS.has(need.action.toLowerCase()) && isRoleArn(need.resource),
  async resourcePolicy(need: AuthorizationNeed, tools: ResourceRuleTools): Promise<ResourcePolicyOutcome> {
    const declared = need.resourcePolicy;
    if (declared !== undefined) return outcome(tools.compile(declared.arn, declared.document, 'trust'));
    const arn = parseArn(need.resource)!;
    const role = await tools.reader.role(arn.accountId, arn.resource.slice(arn.resource.lastIndexOf('/') + 1));
    // A role of that name under another path is not the role the ARN names.
    if (role === undefined || role.arn.toLowerCase() !== need.resource.toLowerCase()) return { required: true };
    return outcome(tools.compile(role.arn, role.trustPolicy, 'trust'));
  },
};

function outcome(policy: ResourcePolicyOutcome['policy']): ResourcePolicyOutcome {
  return policy === undefined ? { required: true } : { policy, required: true };
}

function isRoleArn(resource: string): boolean {
  const arn = parseArn(resource);
  return arn !== undefined && arn.service === 'iam' && arn.resource.startsWith('role/');
}
