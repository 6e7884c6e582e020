import type { Operation } from '../operation.js';
import { accessKeyOperations } from './accessKeys.js';
import { accountOperations } from './account.js';
import { groupOperations } from './groups.js';
import { loginProfileOperations } from './loginProfiles.js';
import { passwordPolicyOperations } from './passwordPolicy.js';
import { userOperations } from './users.js';

/** Users, groups, access keys, passwords and account settings. */
export const usersAndCredentialsOperations: Operation[] = [
  ...userOperations,
  ...groupOperations,
  ...accessKeyOperations,
  ...loginProfileOperations,
  ...passwordPolicyOperations,
  ...accountOperations,
];
