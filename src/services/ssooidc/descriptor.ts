import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/**
 * SSO OIDC's wire facts: REST-JSON; RegisterClient, StartDeviceAuthorization and CreateToken are
 * unsigned (`authtype: none`), CreateTokenWithIAM is signed for `sso-oauth`.
 */
export const SSO_OIDC_DESCRIPTOR: ServiceDescriptor = {
  name: 'sso-oidc',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
