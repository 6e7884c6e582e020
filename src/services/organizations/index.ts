import type { Operation } from '../operation.js';
import { accountOperations } from './accounts.js';
import { attachmentOperations } from './attachments.js';
import { delegatedAdministratorOperations } from './delegatedAdministrators.js';
import { effectivePolicyOperations } from './effectivePolicy.js';
import { handshakeOperations } from './handshakes.js';
import { organizationOperations } from './organization.js';
import { policyOperations } from './policies.js';
import { resourcePolicyOperations, withDelegationPolicy } from './resourcePolicy.js';
import { serviceAccessOperations } from './serviceAccess.js';
import { tagOperations } from './tags.js';
import { unitOperations } from './units.js';

/** AWS Organizations: the tree, member accounts, SCPs and RCPs, management policies and their effective policies, tags, delegated administrators and the delegation policy, trusted access, invitations. */
export const organizationsOperations: Operation[] = [
  ...organizationOperations,
  ...unitOperations,
  ...accountOperations,
  ...policyOperations,
  ...attachmentOperations,
  ...effectivePolicyOperations,
  ...tagOperations,
  ...delegatedAdministratorOperations,
  ...serviceAccessOperations,
  ...handshakeOperations,
  ...resourcePolicyOperations,
].map(withDelegationPolicy);
export { ORGANIZATIONS_DESCRIPTOR } from './descriptor.js';
