import type { Operation } from '../operation.js';
import { credentialReportOperations } from './credentialReport.js';

/**
 * The reports, last-accessed, simulation and organization-feature operations, registered together:
 * credential reports, service last-accessed data, the policy simulator and context keys.
 */
export const reportsOperations: Operation[] = [...credentialReportOperations];
