import type { Operation } from '../operation.js';
import { accessKeyOperations } from './credentials/accessKeys.js';
import { accountOperations } from './account/account.js';
import { groupOperations } from './groups/groups.js';
import { loginProfileOperations } from './users/loginProfiles.js';
import { passwordPolicyOperations } from './account/passwordPolicy.js';
import { userOperations } from './users/users.js';

/** Users, groups, access keys, passwords and account settings. */
export const usersAndCredentialsOperations: Operation[] = [
  ...userOperations,
  ...groupOperations,
  ...accessKeyOperations,
  ...loginProfileOperations,
  ...passwordPolicyOperations,
  ...accountOperations,
];
