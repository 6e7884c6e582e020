import { QUERY_AUTH_ERRORS, QUERY_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/** IAM's wire facts: the query protocol's error wording, standard SigV4, no unsigned operation. */
export const IAM_DESCRIPTOR: ServiceDescriptor = {
  name: 'iam',
  authErrors: QUERY_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: QUERY_BODY_LIMIT,
};
