import type { Operation } from '../operation.js';
import { RegisterClient } from './registerClient.js';
import { StartDeviceAuthorization } from './startDeviceAuthorization.js';
import { CreateToken } from './createToken.js';

export { SSO_OIDC_DESCRIPTOR } from './descriptor.js';

/** SSO OIDC's login operations (CreateTokenWithIAM, for trusted token issuers, is not implemented). */
export const ssoOidcOperations: Operation[] = [RegisterClient, StartDeviceAuthorization, CreateToken];
export {
  EXPIRED_REQUEST,
  LOCKOUT_SECONDS,
  LOCKOUT_THRESHOLD,
  LOCKOUT_WINDOW_SECONDS,
  checkPassword,
  normalizeUserCode,
  openSignIn,
  passwordProblem,
  startAuthorization,
  startDeviceVerification,
  submitConsent,
  submitEnrollment,
  submitMfaCode,
  submitNewPassword,
  submitPassword,
  type AuthorizeRequest,
  type SignInContext,
  type SignInEvent,
  type SignInPage,
  type SignInStep,
} from './signIn.js';
export { SIGN_IN_PREFIX } from './origin.js';
