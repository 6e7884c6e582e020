import type { Operation } from '../operation.js';
import { instanceOperations } from './instances.js';
import { permissionSetOperations } from './permissionSets.js';
import { permissionSetPolicyOperations } from './permissionSetPolicies.js';
import { assignmentOperations } from './assignments.js';
import { provisioningOperations } from './provisioning.js';
import { tagOperations } from './ssoTags.js';

export { SSO_ADMIN_DESCRIPTOR } from './descriptor.js';

/** The operations of SSO Admin that Gatehouse implements (applications and trusted token issuers are not). */
export const ssoAdminOperations: Operation[] = [
  ...instanceOperations,
  ...permissionSetOperations,
  ...permissionSetPolicyOperations,
  ...assignmentOperations,
  ...provisioningOperations,
  ...tagOperations,
];
