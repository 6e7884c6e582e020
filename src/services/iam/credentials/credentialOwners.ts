import { ServiceError } from '../../../errors.js';
import { iamArn, rootArn } from '../../../model/index.js';
import type { OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';

/**
 * Who owns a user credential (SSH key, signing certificate, service-specific credential, MFA
 * device), resolved from an operation's optional `UserName` and the caller, and the IDs IAM
 * gives those credentials. (DeleteUser and UpdateUser keep them consistent: `userLinks.ts`.)
 */

/** The owner of a credential: an IAM user, or the account's root user (`userName` null). */
export interface CredentialOwner {
  readonly accountId: string;
  readonly userName: string | null;
  readonly arn: string;
}

/**
 * AWS: operations whose `UserName` is optional act on the calling IAM user when it is omitted
 * ("the user name is determined implicitly based on the AWS access key ID used to sign the
 * request"); a caller that is no IAM user must name one.
 */
function implicitOwner(ctx: OperationContext): CredentialOwner {
  const { principal } = ctx;
  if (principal.type === 'IAMUser' && principal.userName !== undefined) {
    return { accountId: principal.accountId, userName: principal.userName, arn: principal.arn };
  }
  if (principal.type === 'Root') return { accountId: principal.accountId, userName: null, arn: rootArn(principal.accountId) };
  throw new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

/**
 * The resource ARN an operation on a user's credentials is authorized against: the named user's
 * ARN (with its path when the user exists), or the caller's own.
 */
export async function ownerArn(ctx: OperationContext, userName: string | undefined): Promise<string> {
  if (userName === undefined) return implicitOwner(ctx).arn;
  const accountId = ctx.principal.accountId;
  const user = await ctx.store.users.get(accountId, userName);
  return user?.arn ?? iamArn(accountId, 'user', '/', userName);
}

/**
 * The owner an operation acts on. A named user must exist (NoSuchEntity otherwise); its canonical
 * name is returned. `allowRoot` says whether the root user may own this kind of credential.
 */
export async function resolveOwner(ctx: OperationContext, userName: string | undefined, allowRoot: boolean): Promise<CredentialOwner> {
  if (userName !== undefined) {
    const user = await ctx.store.users.get(ctx.principal.accountId, userName);
    if (user === undefined) throw iamErrors.noSuchEntity('user', userName);
    return { accountId: user.accountId, userName: user.name, arn: user.arn };
  }
  const owner = implicitOwner(ctx);
  if (owner.userName === null && !allowRoot) {
    throw new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  return owner;
}
