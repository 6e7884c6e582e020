import type { Operation } from '../operation.js';
import { userOperations } from './users.js';
import { groupOperations } from './groups.js';
import { membershipOperations } from './memberships.js';

export { IDENTITYSTORE_DESCRIPTOR } from './descriptor.js';

/** Every operation of the Identity Store API. */
export const identityStoreOperations: Operation[] = [...userOperations, ...groupOperations, ...membershipOperations];
