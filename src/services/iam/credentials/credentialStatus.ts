import { ServiceError } from '../../../errors.js';
import type { CredentialStatus } from '../../../store/index.js';

/**
 * The status an Update… operation may set. AWS: the model's `statusType` also lists `Expired`,
 * which IAM sets itself (expiring service-specific credentials) and callers cannot.
 */
export function settableStatus(status: string): CredentialStatus {
  if (status === 'Active' || status === 'Inactive') return status;
  throw new ServiceError(
    'ValidationError',
    `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
  );
}
