import { ServiceError } from '../../errors.js';

/**
 * Organizations' error wording.
 * AWS: Organizations API reference, "Errors" of each operation and the exception data types.
 */
export const orgErrors = {
  notInUse: () => new ServiceError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'),
  accessDenied: () => new ServiceError('AccessDeniedException', "You don't have permissions to access this resource."),
  alreadyInOrganization: () => new ServiceError('AlreadyInOrganizationException', 'The AWS account is already a member of an organization.'),
  accountNotFound: () => new ServiceError('AccountNotFoundException', "You specified an account that doesn't exist."),
  ouNotFound: () => new ServiceError('OrganizationalUnitNotFoundException', "You specified an organizational unit that doesn't exist."),
  parentNotFound: () => new ServiceError('ParentNotFoundException', "You specified parent that doesn't exist."),
  rootNotFound: () => new ServiceError('RootNotFoundException', "You specified a root that doesn't exist."),
  childNotFound: () =>
    new ServiceError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."),
  targetNotFound: () => new ServiceError('TargetNotFoundException', "You specified a target that doesn't exist."),
  policyNotFound: () => new ServiceError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified."),
  duplicateOu: () => new ServiceError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.'),
  duplicatePolicy: () => new ServiceError('DuplicatePolicyException', 'A policy with the same name already exists.'),
  duplicateAttachment: () => new ServiceError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.'),
  policyNotAttached: () => new ServiceError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root."),
  policyInUse: () =>
    new ServiceError(
      'PolicyInUseException',
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    ),
  ouNotEmpty: () =>
    new ServiceError(
      'OrganizationalUnitNotEmptyException',
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try again.',
    ),
  typeNotEnabled: () => new ServiceError('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.'),
  typeAlreadyEnabled: () => new ServiceError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.'),
  invalid: (reason: string, message = 'You specified an invalid value.') => new ServiceError('InvalidInputException', message, { Reason: reason }),
  constraint: (reason: string, message: string) => new ServiceError('ConstraintViolationException', message, { Reason: reason }),
  awsManaged: () => orgErrors.invalid('IMMUTABLE_POLICY', "You specified a policy that is managed by AWS and can't be modified."),
  handshakeNotFound: () => new ServiceError('HandshakeNotFoundException', "We can't find a handshake with the HandshakeId that you specified."),
  handshakeConstraint: (reason: string, message: string) => new ServiceError('HandshakeConstraintViolationException', message, { Reason: reason }),
  handshakeAlreadyInState: () =>
    new ServiceError(
      'HandshakeAlreadyInStateException',
      "The specified handshake is already in the requested state. For example, you can't accept a handshake that was already accepted.",
    ),
  invalidHandshakeTransition: () =>
    new ServiceError(
      'InvalidHandshakeTransitionException',
      "You can't perform the operation on the handshake in its current state. For example, you can't cancel a handshake that was already accepted or accept a handshake that was already declined.",
    ),
  duplicateHandshake: () =>
    new ServiceError(
      'DuplicateHandshakeException',
      'A handshake with the same action and target already exists. For example, if you invited an account to join your organization, the invited account might already have a pending invitation from this organization.',
    ),
};
