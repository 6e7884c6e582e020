import type { Operation } from '../operation.js';
import { contextKeyOperations } from './contextKeys.js';
import { credentialReportOperations } from './credentialReport.js';
import { lastAccessedOperations } from './lastAccessed.js';
import { organizationsFeaturesOperations } from './organizationsFeatures.js';
import { simulatorOperations } from './simulator.js';

/**
 * The reports, last-accessed, simulation and organization-report operations, registered together:
 * credential reports, service last-accessed data, organizations access reports, the policy
 * simulator and context keys.
 */
export const reportsOperations: Operation[] = [
  ...credentialReportOperations,
  ...lastAccessedOperations,
  ...organizationsFeaturesOperations,
  ...simulatorOperations,
  ...contextKeyOperations,
];
