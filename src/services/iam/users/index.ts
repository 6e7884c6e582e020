import type { Operation } from '../../operation.js';
import { userOperations } from './users.js';
import { loginProfileOperations } from './loginProfiles.js';

/** IAM users: their lifecycle, tags and console passwords (login profiles). */
export const usersOperations: Operation[] = [...userOperations, ...loginProfileOperations];
