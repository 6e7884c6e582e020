import type { Operation } from '../../operation.js';
import { groupOperations } from './groups.js';

/** IAM groups and their members. */
export const groupsOperations: Operation[] = [...groupOperations];
