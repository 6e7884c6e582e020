import type { AnalyzedPolicy } from '../../../analysis/externalAccess/index.js';
import { parseResourcePolicyChange, RESOURCE_POLICIES_TOPIC, ROLES_TOPIC, RESYNC_TOPIC, type RoleRecord } from '../../../store/index.js';
import type { ResourceKind } from './resourceKind.js';

/**
 * IAM roles: the resource policy is the role's trust policy. AWS: IAM User Guide, "Resource types
 * supported for external access" (IAM roles: "trust policies"); Access Analyzer API reference,
 * IamRoleConfiguration (`trustPolicy`).
 */

const TYPE = 'AWS::IAM::Role';
const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
/** A role without statements: what a proposed role with no trust policy grants. */
const NO_TRUST = '{"Version":"2012-10-17","Statement":[]}';

function analyzed(role: RoleRecord): AnalyzedPolicy {
  return { resourceType: TYPE, resourceArn: role.arn, ownerAccount: role.accountId, policy: role.trustPolicy };
}

export const roleTrustKind: ResourceKind = {
  resourceType: TYPE,

  async list(store, accountId) {
    return (await store.roles.listAll(accountId)).map(analyzed);
  },

  async get(store, arn) {
    const m = ROLE_ARN.exec(arn);
    if (m === null) return [];
    const role = await store.roles.get(m[1]!, m[2]!);
    return role === undefined || role.arn !== arn ? [] : [analyzed(role)];
  },

  changed(topic, payload) {
    if (payload === '*' && (topic === RESOURCE_POLICIES_TOPIC || topic === ROLES_TOPIC || topic === RESYNC_TOPIC)) return { kind: 'all' };
    if (topic !== RESOURCE_POLICIES_TOPIC) return undefined;
    const change = parseResourcePolicyChange(payload);
    return change?.resourceType === TYPE ? { kind: 'resource', accountId: change.ownerAccount, arn: change.arn } : undefined;
  },

  preview: {
    member: 'iamRole',
    matches: (arn) => ROLE_ARN.test(arn),
    proposed(arn, configuration, existing) {
      const trustPolicy = configuration['trustPolicy'];
      if (trustPolicy !== undefined && typeof trustPolicy !== 'string') return 'trustPolicy is not a policy document';
      const account = ROLE_ARN.exec(arn)![1]!;
      return [{ resourceType: TYPE, resourceArn: arn, ownerAccount: account, policy: trustPolicy ?? existing[0]?.policy ?? NO_TRUST }];
    },
  },
};
