import type { AuthorizationNeed, ContextValue } from '../operation.js';

/**
 * The `iam:PassRole` need of an operation that hands a role to a service, which will then act
 * with it: the caller must be allowed to pass that very role to that service.
 *
 * AWS: IAM User Guide, id_roles_use_passrole — "To pass a role (and its permissions) to an AWS
 * service, a user must have permissions to pass the role to the service"; the request carries
 * `iam:PassedToService` (the service principal that receives the role) and, where the service
 * names it, `iam:AssociatedResourceArn` (the resource the role will be associated with).
 */
export function passRoleNeed(roleArn: string, passedToService: string, associatedResourceArn?: string): AuthorizationNeed {
  const context: Record<string, ContextValue> = { 'iam:PassedToService': passedToService };
  if (associatedResourceArn !== undefined) context['iam:AssociatedResourceArn'] = associatedResourceArn;
  return { action: 'iam:PassRole', resource: roleArn, context };
}
