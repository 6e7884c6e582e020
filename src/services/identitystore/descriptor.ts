import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/** The Identity Store's wire facts: awsJson 1.1, standard SigV4, no unsigned operation. */
export const IDENTITYSTORE_DESCRIPTOR: ServiceDescriptor = {
  name: 'identitystore',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
