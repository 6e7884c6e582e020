import { ServiceError, type ErrorCode } from '../../errors.js';

/**
 * SSO OIDC's errors: the exception's name in `x-amzn-ErrorType` and OAuth's `error` and
 * `error_description` in the body, no `message` (RFC 6749 §5.2; RFC 8628 §3.5 for the device
 * code's `authorization_pending`, `slow_down`, `expired_token`). AWS's descriptions are generic
 * ("Authorization is still pending", "Invalid grant provided"): they never say which check failed.
 */
function oauth(code: ErrorCode, error: string, description: string, status?: number): ServiceError {
  return new ServiceError(code, description, { error, error_description: description }, status, { messageInBody: false });
}

export const oidcErrors = {
  authorizationPending: () => oauth('AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending'),
  slowDown: () => oauth('SlowDownException', 'slow_down', 'Client is polling too frequently'),
  expiredToken: () => oauth('ExpiredTokenException', 'expired_token', 'Device code has expired'),
  accessDenied: () => oauth('AccessDeniedException', 'access_denied', 'Access denied', 400),
  invalidGrant: () => oauth('InvalidGrantException', 'invalid_grant', 'Invalid grant provided'),
  invalidClient: () => oauth('InvalidClientException', 'invalid_client', 'Invalid client provided'),
  invalidClientMetadata: (description: string) => oauth('InvalidClientMetadataException', 'invalid_client_metadata', description),
  invalidRedirectUri: () => oauth('InvalidRedirectUriException', 'invalid_redirect_uri', 'Requested client type must use loopback interface for redirect'),
  invalidRequest: (description: string) => oauth('InvalidRequestException', 'invalid_request', description),
  invalidScope: (description: string) => oauth('InvalidScopeException', 'invalid_scope', description),
  unauthorizedClient: () => oauth('UnauthorizedClientException', 'unauthorized_client', 'The client is not authorized for this grant type'),
  unsupportedGrantType: () => oauth('UnsupportedGrantTypeException', 'unsupported_grant_type', 'Unsupported grant type'),
};
