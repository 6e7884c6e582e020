import type { Operation } from '../operation.js';
import { contextKeyOperations } from './simulator/contextKeys.js';
import { credentialReportOperations } from './reports/credentialReport.js';
import { lastAccessedOperations } from './reports/lastAccessed.js';
import { organizationsFeaturesOperations } from './account/organizationsFeatures.js';
import { simulatorOperations } from './simulator/simulator.js';

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
