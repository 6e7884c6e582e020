import { JSON_AUTH_ERRORS, type ServiceDescriptor } from '../descriptor.js';

/**
 * Access Analyzer accepts policy documents up to 1,048,576 characters (ValidatePolicy refuses
 * longer ones with ValidationException), JSON-escaped at up to 6 bytes a character.
 */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** IAM Access Analyzer's wire facts: REST-JSON, the JSON family's error wording, standard SigV4. */
export const ACCESS_ANALYZER_DESCRIPTOR: ServiceDescriptor = {
  name: 'access-analyzer',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: MAX_BODY_BYTES,
};
