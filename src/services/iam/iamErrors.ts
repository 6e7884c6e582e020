import { ServiceError } from '../../errors.js';

/** Entity kinds as IAM names them in its messages. */
export type EntityKind = 'user' | 'group' | 'role';

/** AWS: IAM's error texts, as the IAM API returns them (IAM API reference, "Errors" of each operation). */
export const iamErrors = {
  noSuchEntity(kind: EntityKind, name: string): ServiceError {
    return new ServiceError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
  },
  alreadyExists(kind: EntityKind, name: string): ServiceError {
    const label = kind.charAt(0).toUpperCase() + kind.slice(1);
    return new ServiceError('EntityAlreadyExists', `${label} with name ${name} already exists.`);
  },
  limitExceeded(quotaName: string, value: number): ServiceError {
    return new ServiceError('LimitExceeded', `Cannot exceed quota for ${quotaName}: ${value}`);
  },
  deleteConflict(what: string): ServiceError {
    return new ServiceError('DeleteConflict', `Cannot delete entity, must ${what} first.`);
  },
  invalidInput(message: string): ServiceError {
    return new ServiceError('InvalidInput', message);
  },
};
