import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/**
 * The wire facts of Gatehouse's IAM Identity Center directory extension (`sso-directory`):
 * awsJson 1.1 with the target prefix `GatehouseSSODirectory`, SigV4 for the signing name
 * `sso-directory`. A SAML metadata document may have up to 1,000,000 characters, JSON-escaped at
 * up to 6 bytes a character.
 */
export const SSO_DIRECTORY_DESCRIPTOR: ServiceDescriptor = {
  name: 'sso-directory',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: Math.max(JSON_BODY_LIMIT, 6 * 1024 * 1024 + 64 * 1024),
};
