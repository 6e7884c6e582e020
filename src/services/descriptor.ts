import { ServiceError } from '../errors.js';
import { getServiceModel } from '../protocol/index.js';
import type { ServiceName, WireRequest } from '../protocol/index.js';

/**
 * A service's wire facts that the one pipeline reads instead of naming services: how it words
 * authentication and authorization failures, which SigV4 rules its requests are signed by, and
 * what an unsigned request may do. Each service folder declares its own (`<service>/descriptor.ts`);
 * `registry.ts` lists them.
 */
export interface ServiceDescriptor {
  /** The service's model, as the protocol layer names it. */
  readonly name: ServiceName;
  /** Its failures of authentication and authorization. */
  readonly authErrors: AuthErrorFamily;
  /** SigV4 as every service signs it, or S3's variant (x-amz-content-sha256, no path normalisation). */
  readonly signing: 'standard' | 's3';
  /**
   * What an unsigned request may do: `model` — only the operations the model marks `authtype: none`
   * (STS's federation calls); `anonymous` — any operation, authorized as the anonymous principal
   * against resource-based policies (S3).
   */
  readonly unsigned: 'model' | 'anonymous';
  /**
   * The largest request body the service accepts, in bytes, refused before a byte of it is
   * decoded; undefined: only the server's overall limit (S3 object bodies).
   */
  readonly maxBodyBytes?: number;
  /**
   * Whether the request's body is handed to the operation as it arrives rather than collected
   * first (S3 uploads: objects of up to 5 GiB), decided from the request line and headers. The
   * pipeline then authenticates and authorizes from the head alone and checks the payload (its
   * signed SHA-256 or aws-chunked signatures) as it streams.
   */
  streamsBody?(head: WireRequest): boolean;
}

/**
 * AWS publishes no request-size limit for the query and JSON services, so each limit is what the
 * largest request the service's model allows can need, and a body past it can hold nothing valid.
 * Query (IAM, STS): IAM's largest input is a SAML metadata document of 10,000,000 characters
 * (CreateSAMLProvider), form-encoded at up to 3 bytes a character.
 */
export const QUERY_BODY_LIMIT = 32 * 1024 * 1024;
/** JSON (Organizations, CloudTrail): Organizations' largest input is a policy of 100,000 characters, JSON-escaped at up to 6 bytes a character. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** The errors a service answers when a request cannot be authenticated or is not authorized. */
export interface AuthErrorFamily {
  /** An access key (or session token) that does not exist or is not valid. */
  unknownAccessKey(): ServiceError;
  /** A request that needs a signature and carries none. */
  missingAuthentication(): ServiceError;
  accessDenied(message: string): ServiceError;
  /** A session token past its expiration. */
  expiredToken(): ServiceError;
  /** A refused signature (a mismatch, or a signing time outside the window), from the SigV4 verifier's `SignatureDoesNotMatch`. */
  signatureRefused(error: ServiceError): ServiceError;
}

/**
 * AWS: the query services (IAM, STS) answer `InvalidClientTokenId` / `MissingAuthenticationToken` /
 * `AccessDenied` / `ExpiredToken` / `SignatureDoesNotMatch` (each service's "Common Errors" page).
 */
export const QUERY_AUTH_ERRORS: AuthErrorFamily = {
  unknownAccessKey: () => new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
  missingAuthentication: () => new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token'),
  accessDenied: (message) => new ServiceError('AccessDenied', message),
  expiredToken: () => new ServiceError('ExpiredToken', 'The security token included in the request is expired'),
  signatureRefused: (error) => error,
};

/**
 * AWS: JSON and REST-JSON services answer `UnrecognizedClientException` /
 * `MissingAuthenticationToken` / `AccessDeniedException` / `ExpiredTokenException` /
 * `InvalidSignatureException` (HTTP 400, with the verifier's message).
 */
export const JSON_AUTH_ERRORS: AuthErrorFamily = {
  unknownAccessKey: () => new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  missingAuthentication: () => new ServiceError('MissingAuthenticationToken', 'Missing Authentication Token'),
  accessDenied: (message) => new ServiceError('AccessDeniedException', message),
  expiredToken: () => new ServiceError('ExpiredTokenException', 'The security token included in the request is expired'),
  signatureRefused: (error) => (error.code === 'SignatureDoesNotMatch' ? new ServiceError('InvalidSignatureException', error.message) : error),
};

/**
 * AWS: S3 and S3 Control answer InvalidAccessKeyId, AccessDenied (also for an unsigned request
 * that needs a signature), ExpiredToken ("The provided token has expired.") and the SigV4
 * verifier's S3 codes as they are (S3 API Reference, "Error responses").
 */
export const S3_AUTH_ERRORS: AuthErrorFamily = {
  unknownAccessKey: () => new ServiceError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'),
  missingAuthentication: () => new ServiceError('AccessDenied', 'Access Denied'),
  accessDenied: (message) => new ServiceError('AccessDenied', s3DenialMessage(message)),
  expiredToken: () => new ServiceError('ExpiredToken', 'The provided token has expired.'),
  signatureRefused: (error) => error,
};

/**
 * AWS's enhanced AccessDenied message as S3 words it: the resource ARN in double quotes
 * (S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors": `… on resource:
 * "arn:aws:s3:::amzn-s3-demo-bucket1/object" because no identity-based policy allows …`).
 */
export function s3DenialMessage(message: string): string {
  return message.replace(/ on resource: (arn:\S+) (because|with) /, ' on resource: "$1" $2 ');
}

/** The descriptor of a service by its model's protocol alone: standard SigV4, unsigned only where the model says. */
export function defaultDescriptor(name: ServiceName): ServiceDescriptor {
  const protocol = getServiceModel(name).metadata.protocol;
  const json = protocol === 'json' || protocol === 'rest-json';
  return {
    name,
    authErrors: json ? JSON_AUTH_ERRORS : QUERY_AUTH_ERRORS,
    signing: 'standard',
    unsigned: 'model',
    ...(protocol === 'query' ? { maxBodyBytes: QUERY_BODY_LIMIT } : json ? { maxBodyBytes: JSON_BODY_LIMIT } : {}),
  };
}
