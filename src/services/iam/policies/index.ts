import type { Operation } from '../../operation.js';
import { managedPolicyOperations } from './managedPolicies.js';
import { policyVersionOperations } from './policyVersions.js';
import { attachmentOperations } from './attachments.js';
import { inlinePolicyOperations } from './inlinePolicies.js';
import { boundaryOperations } from './boundaries.js';
import { serviceAccessOperations } from './serviceAccess.js';

/** Managed policies and their versions, attachments, inline policies, permissions boundaries. */
export const policiesOperations: Operation[] = [
  ...managedPolicyOperations,
  ...policyVersionOperations,
  ...attachmentOperations,
  ...inlinePolicyOperations,
  ...boundaryOperations,
  ...serviceAccessOperations,
];
