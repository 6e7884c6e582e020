import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/** Organizations' wire facts: the JSON protocol's error wording, standard SigV4, no unsigned operation. */
export const ORGANIZATIONS_DESCRIPTOR: ServiceDescriptor = {
  name: 'organizations',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
