import { ServiceError } from '../../errors.js';

/**
 * The Identity Store's errors. AWS: Identity Store API reference, Common Errors and each
 * operation's errors — ResourceNotFoundException names `ResourceType` (USER, GROUP,
 * GROUP_MEMBERSHIP, IDENTITY_STORE) and `ResourceId`; ConflictException gives `Reason`
 * (UNIQUENESS_CONSTRAINT_VIOLATION).
 */
export const identityStoreErrors = {
  notFound(type: 'USER' | 'GROUP' | 'GROUP_MEMBERSHIP' | 'IDENTITY_STORE', id?: string): ServiceError {
    const noun = { USER: 'User', GROUP: 'Group', GROUP_MEMBERSHIP: 'GroupMembership', IDENTITY_STORE: 'IdentityStore' }[type];
    return new ServiceError('ResourceNotFoundException', `${noun} not found.`, { ResourceType: type, ...(id !== undefined ? { ResourceId: id } : {}) }, 400);
  },
  uniqueness(message: string): ServiceError {
    return new ServiceError('ConflictException', message, { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' }, 400);
  },
  validation(message: string): ServiceError {
    return new ServiceError('ValidationException', message);
  },
};
