import { JSON_AUTH_ERRORS, type ServiceDescriptor } from '../descriptor.js';

/** IAM Access Analyzer's wire facts: REST-JSON, the JSON family's error wording, standard SigV4. */
export const ACCESS_ANALYZER_DESCRIPTOR: ServiceDescriptor = { name: 'access-analyzer', authErrors: JSON_AUTH_ERRORS, signing: 'standard', unsigned: 'model' };
