import type { AnalyzedPolicy } from '../../../analysis/externalAccess/index.js';
import { resourcePolicyArn } from '../../../model/index.js';
import { ORGANIZATIONS_TOPIC, RESYNC_TOPIC, type Store } from '../../../store/index.js';
import { organizationResourcePolicy } from '../../shared/index.js';
import type { ResourceKind } from './resourceKind.js';

/**
 * The Organizations delegation policy (PutResourcePolicy): a resource-based policy of the
 * organization, held by its management account, that lets other accounts call Organizations.
 * Gatehouse analyzes it as a resource of type `AWS::Organizations::ResourcePolicy` (AWS's Access
 * Analyzer does not): the accounts it names outside the analyzer's zone of trust are findings.
 */

const TYPE = 'AWS::Organizations::ResourcePolicy';
const POLICY_ARN = /^arn:[^:]+:organizations::(\d{12}):resourcepolicy\/(o-[a-z0-9]+)\/(rp-[a-z0-9]+)$/;

async function policyOf(store: Store, organizationId: string): Promise<AnalyzedPolicy | undefined> {
  const org = await store.organizations.get(organizationId);
  if (org === undefined) return undefined;
  const stored = await organizationResourcePolicy.load({ store }, org.id);
  if (stored === undefined) return undefined;
  return {
    resourceType: TYPE,
    resourceArn: resourcePolicyArn(org.managementAccountId, org.id, stored.id),
    ownerAccount: org.managementAccountId,
    policy: stored.content,
  };
}

export const organizationPolicyKind: ResourceKind = {
  resourceType: TYPE,

  async list(store, accountId) {
    const account = await store.accounts.get(accountId);
    if (account?.organizationId == null) return [];
    const policy = await policyOf(store, account.organizationId);
    return policy !== undefined && policy.ownerAccount === accountId ? [policy] : [];
  },

  async get(store, arn) {
    const m = POLICY_ARN.exec(arn);
    if (m === null) return [];
    const policy = await policyOf(store, m[2]!);
    return policy?.resourceArn === arn ? [policy] : [];
  },

  changed(topic, payload) {
    if (topic === RESYNC_TOPIC || (topic === ORGANIZATIONS_TOPIC && payload === '*')) return { kind: 'all' };
    return topic === ORGANIZATIONS_TOPIC ? { kind: 'organization', organizationId: payload } : undefined;
  },
};
