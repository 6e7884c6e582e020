import type { Operation } from '../../operation.js';
import { roleOperations } from './roles.js';
import { serviceLinkedRoleOperations } from './serviceLinkedRoles.js';
import { instanceProfileOperations } from './instanceProfiles.js';

/** IAM roles, service-linked roles and instance profiles. */
export const rolesOperations: Operation[] = [...roleOperations, ...serviceLinkedRoleOperations, ...instanceProfileOperations];
