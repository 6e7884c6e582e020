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
 * AWS: members whose pattern IAM checks itself, after the model's other constraints, answering
 * with its own sentence instead of the validation summary: "The specified value for path is
 * invalid. It must begin and end with / and contain only alphanumeric characters and/or /
 * characters." (CreateUser, CreateVirtualMFADevice …), "The specified value for roleName is
 * invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-" (as
 * recorded from CreateRole, PutRolePolicy, GetUser, AttachUserPolicy answers).
 */
const IAM_CHECKED_PATTERNS: Readonly<Record<string, string>> = {
  path: 'It must begin and end with / and contain only alphanumeric characters and/or / characters.',
  userName: 'It must contain only alphanumeric characters and/or the following: +=,.@_-',
  roleName: 'It must contain only alphanumeric characters and/or the following: +=,.@_-',
};

/** IAM's own sentence for a member whose pattern it checks itself. */
export function iamInvalidValue(member: string): ServiceError | undefined {
  const rule = IAM_CHECKED_PATTERNS[member];
  return rule === undefined ? undefined : new ServiceError('ValidationError', `The specified value for ${member} is invalid. ${rule}`);
}

/**
 * AWS: operations whose validation errors come in an order other than the model's members'.
 * UpdateAccountPasswordPolicy lists minimumPasswordLength, passwordReusePrevention, then
 * maxPasswordAge (moto's AWS-derived test_update_account_password_policy_errors).
 */
const VIOLATION_ORDER: Readonly<Record<string, readonly string[]>> = {
  'iam:UpdateAccountPasswordPolicy': ['minimumPasswordLength', 'passwordReusePrevention', 'maxPasswordAge'],
};

function inAwsOrder(key: string, violations: readonly Violation[]): readonly Violation[] {
  const order = VIOLATION_ORDER[key];
  if (order === undefined) return violations;
  const rank = (v: Violation) => (order.includes(v.path) ? order.indexOf(v.path) : order.length);
  return [...violations].sort((a, b) => rank(a) - rank(b));
}

/**
 * The wire error for failed model validation, in each service's own form: `ValidationError` for
 * the query services, `InvalidInputException` with `Reason` for Organizations, `InvalidArgument`
 * for S3, `ValidationException` for the other JSON services.
 */
export function validationError(service: ServiceName, violations: readonly Violation[], operation?: string): ServiceError {
  switch (service) {
    case 'iam': {
      const modelChecked = violations.filter((v) => v.reason !== 'INVALID_PATTERN' || IAM_CHECKED_PATTERNS[v.path] === undefined);
      if (modelChecked.length === 0) return iamInvalidValue(violations[0]!.path)!;
      return new ServiceError('ValidationError', validationMessage(inAwsOrder(`iam:${operation ?? ''}`, modelChecked)));
    }
    case 'sts':
      return new ServiceError('ValidationError', validationMessage(violations));
    case 'organizations': {
      const first = violations[0]!;
      return new ServiceError('InvalidInputException', ORGANIZATIONS_MESSAGES[first.reason], {
        Reason: ORGANIZATIONS_REASONS[first.reason] ?? first.reason,
      });
    }
    case 's3':
    case 's3control':
      return new ServiceError('InvalidArgument', validationMessage(violations));
    case 'access-analyzer':
      // AWS: Access Analyzer's ValidationException carries `reason` (ValidationExceptionReason).
      return new ServiceError('ValidationException', validationMessage(violations), { reason: 'fieldValidationFailed' });
    case 'sso-portal':
      // AWS: the portal answers a missing bearer token as an unauthorized session, any other bad
      // input as InvalidRequestException (the sso-2019-06-10 model's errors).
      if (violations.some((v) => v.path === 'accessToken')) return new ServiceError('UnauthorizedException', 'Session token not found or invalid');
      return new ServiceError('InvalidRequestException', validationMessage(violations));
    case 'sso-oidc': {
      // AWS: SSO OIDC's errors carry OAuth's `error` and `error_description`, no `message`.
      const description = validationMessage(violations);
      return new ServiceError('InvalidRequestException', description, { error: 'invalid_request', error_description: description }, undefined, {
        messageInBody: false,
      });
    }
    default:
      return new ServiceError('ValidationException', validationMessage(violations));
  }
}
