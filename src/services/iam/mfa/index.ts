import type { Operation } from '../../operation.js';
import { virtualMfaOperations } from './mfaDevices.js';
import { mfaAssignmentOperations } from './mfaAssignment.js';

/** MFA devices: virtual devices and their assignment to users. */
export const mfaOperations: Operation[] = [...virtualMfaOperations, ...mfaAssignmentOperations];
