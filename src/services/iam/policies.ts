import type { Operation } from '../operation.js';
import { attachmentOperations } from './policies/attachments.js';
import { authorizationDetailsOperations } from './reports/authorizationDetails.js';
import { boundaryOperations } from './policies/boundaries.js';
import { inlinePolicyOperations } from './policies/inlinePolicies.js';
import { managedPolicyOperations } from './policies/managedPolicies.js';
import { policyVersionOperations } from './policies/policyVersions.js';
import { serviceAccessOperations } from './policies/serviceAccess.js';

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
