export { importAccount, importState, type ImportSummary } from './accountImporter.js';
export { readAccountExport } from './accountReader.js';
export type { ImportedFacts } from './importedFacts.js';
export { awsManagedPolicyFacts } from './awsManaged.js';
export { GetAccountPosture, postureOperations } from './getAccountPosture.js';
export { PostureReports, postureReports, METRICS_MAX_AGE_MS } from './postureReports.js';
export { GATEHOUSE_DESCRIPTOR } from './descriptor.js';

import { postureOperations } from './getAccountPosture.js';

/** Gatehouse's own operations. */
export const gatehouseOperations = postureOperations;
