import { ServiceError } from '../../errors.js';
import { JSON_BODY_LIMIT, type AuthErrorFamily, type ServiceDescriptor } from '../descriptor.js';

const unauthorized = () => new ServiceError('UnauthorizedException', 'Session token not found or invalid');

/**
 * AWS: the access portal answers every failure of its bearer token — missing, unknown, expired,
 * signed out — with UnauthorizedException "Session token not found or invalid" (401), and a
 * role the person may not use with ForbiddenException "No access" (403).
 */
export const PORTAL_AUTH_ERRORS: AuthErrorFamily = {
  unknownAccessKey: unauthorized,
  missingAuthentication: unauthorized,
  expiredToken: unauthorized,
  accessDenied: () => new ServiceError('ForbiddenException', 'No access'),
  signatureRefused: (error) => error,
};

/**
 * The AWS access portal's wire facts (the SDKs' `sso` client, `portal.sso.<region>.amazonaws.com`,
 * signing name `awsssoportal`): REST-JSON, every operation unsigned and authenticated by the
 * `x-amz-sso_bearer_token` header (`auth/authenticate/ssoBearerTokens.ts`).
 */
export const SSO_PORTAL_DESCRIPTOR: ServiceDescriptor = {
  name: 'sso-portal',
  authErrors: PORTAL_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
