import type { Operation } from '../../operation.js';
import { credentialReportOperations } from './credentialReport.js';
import { lastAccessedOperations } from './lastAccessed.js';
import { authorizationDetailsOperations } from './authorizationDetails.js';

/** Reports about the account: credential report, last-accessed data, authorization details. */
export const reportsOperations: Operation[] = [...credentialReportOperations, ...lastAccessedOperations, ...authorizationDetailsOperations];
