import { ServiceError } from '../../errors.js';

/**
 * Access Analyzer's errors. AWS: Access Analyzer API reference, Common Errors and each
 * operation's Errors: ResourceNotFoundException and ConflictException name the resource
 * (`resourceId`, `resourceType`); ValidationException carries a `reason`
 * (ValidationExceptionReason). AWS publishes the codes, not the messages: where no AWS answer
 * was found the wording is Gatehouse's, in AWS's style (test/fixtures/access-analyzer-decisions.json
 * lists which is which).
 */
export const analyzerErrors = {
  /** AWS: "ResourceNotFoundException: Analyzer not found" (the resource named in `resourceId`). */
  notFound: (resourceType: string, resourceId: string) =>
    new ServiceError('ResourceNotFoundException', `${resourceType} not found`, { resourceId, resourceType }),
  conflict: (resourceType: string, resourceId: string, message: string) => new ServiceError('ConflictException', message, { resourceId, resourceType }),
  quota: (resourceType: string, resourceId: string, message: string) =>
    new ServiceError('ServiceQuotaExceededException', message, { resourceId, resourceType }),
  /** A ValidationException of the field-validation kind. */
  invalid: (message: string) => new ServiceError('ValidationException', message, { reason: 'fieldValidationFailed' }),
  /** A ValidationException for a request Access Analyzer refuses outright (AWS's `notSupported`). */
  notSupported: (message: string) => new ServiceError('ValidationException', message, { reason: 'notSupported' }),
};

/** AWS's wording (observed): an ORGANIZATION analyzer in an organization without trusted access for Access Analyzer. */
export const SERVICE_NOT_ENABLED = 'Service not enabled for AWS Organizations';
