import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/** SSO Admin's wire facts: awsJson 1.1 (`SWBExternalService`), signing name `sso`, no unsigned operation. */
export const SSO_ADMIN_DESCRIPTOR: ServiceDescriptor = {
  name: 'sso-admin',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
