import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/** CloudTrail's wire facts: the JSON protocol's error wording, standard SigV4, no unsigned operation. */
export const CLOUDTRAIL_DESCRIPTOR: ServiceDescriptor = {
  name: 'cloudtrail',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
