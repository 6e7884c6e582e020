import type { Operation } from '../operation.js';
import { attachmentOperations } from './attachments.js';
import { authorizationDetailsOperations } from './authorizationDetails.js';
import { boundaryOperations } from './boundaries.js';
import { inlinePolicyOperations } from './inlinePolicies.js';
import { managedPolicyOperations } from './managedPolicies.js';
import { policyVersionOperations } from './policyVersions.js';
import { serviceAccessOperations } from './serviceAccess.js';

/**
 * Every policy operation: customer and AWS managed policies and their versions, attachments,
 * inline policies, permissions boundaries, service access and account authorization details.
 */
export const policyOperations: Operation[] = [
  ...managedPolicyOperations,
  ...policyVersionOperations,
  ...attachmentOperations,
  ...inlinePolicyOperations,
  ...boundaryOperations,
  ...serviceAccessOperations,
  ...authorizationDetailsOperations,
];
