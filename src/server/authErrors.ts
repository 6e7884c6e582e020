import { ServiceError } from '../errors.js';
import { getServiceModel, SERVICE_NAMES } from '../protocol/index.js';
import type { ServiceName } from '../protocol/index.js';

/**
 * Authentication and authorization failures, worded and coded per service family.
 *
 * AWS: query services (IAM, STS) answer `InvalidClientTokenId` / `AccessDenied` /
 * `SignatureDoesNotMatch`; JSON services answer `UnrecognizedClientException` /
 * `AccessDeniedException` / `InvalidSignatureException`; S3 answers `InvalidAccessKeyId` /
 * `AccessDenied` (each service's "Common Errors" page). A JSON service is one whose model's
 * protocol is json or rest-json.
 */
function jsonFamily(service: string | null): boolean {
  if (service === null || !(SERVICE_NAMES as readonly string[]).includes(service)) return false;
  const protocol = getServiceModel(service as ServiceName).metadata.protocol;
  return protocol === 'json' || protocol === 'rest-json';
}

export function unknownAccessKey(service: string | null): ServiceError {
  if (service === 's3') {
    return new ServiceError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (jsonFamily(service)) {
    return new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  return new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.');
}

export function missingAuthentication(service: string | null): ServiceError {
  if (service === 's3') return new ServiceError('AccessDenied', 'Access Denied');
  if (jsonFamily(service)) {
    return new ServiceError('MissingAuthenticationToken', 'Missing Authentication Token');
  }
  return new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token');
}

export function accessDenied(service: string | null, message: string): ServiceError {
  if (jsonFamily(service)) return new ServiceError('AccessDeniedException', message);
  return new ServiceError('AccessDenied', message);
}

/** AWS: `ExpiredToken` "The security token included in the request is expired" (S3: 400 too). */
export function expiredToken(service: string | null): ServiceError {
  if (jsonFamily(service)) {
    return new ServiceError('ExpiredTokenException', 'The security token included in the request is expired');
  }
  return new ServiceError('ExpiredToken', 'The security token included in the request is expired');
}

/**
 * A refused signature (a mismatch, or a signing time outside the window) in the service's family:
 * JSON services answer `InvalidSignatureException` (HTTP 400) with the same message where query
 * services answer `SignatureDoesNotMatch` (403). Any other error is returned as it is.
 */
export function inServiceFamily(service: string | null, error: ServiceError): ServiceError {
  if (error.code !== 'SignatureDoesNotMatch' || !jsonFamily(service)) return error;
  return new ServiceError('InvalidSignatureException', error.message);
}
