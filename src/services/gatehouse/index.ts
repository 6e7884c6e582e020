import type { Operation } from '../operation.js';
import { postureOperations } from './getAccountPosture.js';
import { GetWorkloadCredentials } from './workloadCredentials.js';

export { importAccount, importState, type ImportSummary } from './accountImporter.js';
export { readAccountExport } from './accountReader.js';
export type { ImportedFacts } from './importedFacts.js';
export { awsManagedPolicyFacts } from './awsManaged.js';
export { GetAccountPosture, postureOperations } from './getAccountPosture.js';
export { PostureReports, postureReports, METRICS_MAX_AGE_MS } from './postureReports.js';
export { GATEHOUSE_DESCRIPTOR } from './descriptor.js';
export { CONTAINER_CREDENTIALS_PRINCIPAL } from './workloadCredentials.js';

/** Gatehouse's own API: the posture report and the container credentials endpoint. */
export const gatehouseOperations: readonly Operation[] = [...postureOperations, GetWorkloadCredentials];
