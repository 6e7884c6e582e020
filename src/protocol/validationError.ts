import { ServiceError } from '../errors.js';
import type { ServiceName } from './types.js';
import type { Violation, ViolationReason } from './validate.js';

// AWS: Organizations API reference, InvalidInputException: the Reason values and their meanings.
const ORGANIZATIONS_MESSAGES: Record<ViolationReason, string> = {
  INPUT_REQUIRED: 'You must specify a value for a required parameter.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  INVALID_PATTERN: 'You provided a value that does not match the required pattern.',
  INVALID_ENUM: 'You specified an invalid value.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  INVALID_TYPE: 'You provided a value that does not match the required pattern.',
};

const ORGANIZATIONS_REASONS: Partial<Record<ViolationReason, string>> = {
  INVALID_TYPE: 'INVALID_PATTERN',
};

/**
 * The Coral validation summary: `1 validation error detected: …` or `N validation errors detected: …; …`.
 */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map((v) => v.text).join('; ')}`;
}

/**
 * The wire error for failed model validation, in each service's own form: `ValidationError` for
 * the query services, `InvalidInputException` with `Reason` for Organizations, `InvalidArgument`
 * for S3, `ValidationException` for the other JSON services.
 */
export function validationError(service: ServiceName, violations: readonly Violation[]): ServiceError {
  switch (service) {
    case 'iam':
    case 'sts':
      return new ServiceError('ValidationError', validationMessage(violations));
    case 'organizations': {
      const first = violations[0]!;
      return new ServiceError('InvalidInputException', ORGANIZATIONS_MESSAGES[first.reason], {
        Reason: ORGANIZATIONS_REASONS[first.reason] ?? first.reason,
      });
    }
    case 's3':
      return new ServiceError('InvalidArgument', validationMessage(violations));
    case 'access-analyzer':
      // AWS: Access Analyzer's ValidationException carries `reason` (ValidationExceptionReason).
      return new ServiceError('ValidationException', validationMessage(violations), { reason: 'fieldValidationFailed' });
    default:
      return new ServiceError('ValidationException', validationMessage(violations));
  }
}
