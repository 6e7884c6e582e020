import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/**
 * IAM Roles Anywhere's wire facts: REST-JSON, the JSON family's error wording (AccessDeniedException,
 * UnrecognizedClientException …), standard SigV4 for its control plane; CreateSession is signed with
 * an X.509 key instead (`auth/authenticate/x509Certificates.ts`).
 */
export const ROLES_ANYWHERE_DESCRIPTOR: ServiceDescriptor = {
  name: 'rolesanywhere',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
