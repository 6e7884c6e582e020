import { ServiceError } from '../../errors.js';

/**
 * SSO Admin's errors (SSO Admin API reference, Common Errors): ResourceNotFoundException,
 * ConflictException ("PermissionSet with name X already exists."), ValidationException,
 * ServiceQuotaExceededException and AccessDeniedException, each with a `Message`.
 */
export const ssoAdminErrors = {
  notFound: (message: string) => new ServiceError('ResourceNotFoundException', message, {}, 400),
  conflict: (message: string) => new ServiceError('ConflictException', message, {}, 400),
  validation: (message: string) => new ServiceError('ValidationException', message),
  quota: (message: string) => new ServiceError('ServiceQuotaExceededException', message, {}, 400),
  accessDenied: (message: string) => new ServiceError('AccessDeniedException', message),
};
