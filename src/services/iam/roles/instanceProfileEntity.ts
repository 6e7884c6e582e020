import { ServiceError } from '../../../errors.js';
import { iamArn } from '../../../model/index.js';
import type { InstanceProfileRecord } from '../../../store/index.js';
import type { ContextValue, OperationContext } from '../../operation.js';
import { iamNeed } from '../iamNeed.js';
import type { TagTarget } from '../tags/tagging.js';

/** Pieces the instance profile operations share. */

/** The tags-table address of an instance profile. */
export function profileTagTarget(profile: InstanceProfileRecord): TagTarget {
  return { accountId: profile.accountId, kind: 'instance-profile', id: profile.instanceProfileId };
}

/** AWS: NoSuchEntity "Instance Profile <name> cannot be found." (IAM API reference, GetInstanceProfile). */
export function noSuchProfile(name: string): ServiceError {
  return new ServiceError('NoSuchEntity', `Instance Profile ${name} cannot be found.`);
}

/** The instance profile of the caller's account, or `NoSuchEntity`. */
export async function requireProfile(ctx: OperationContext, name: string): Promise<InstanceProfileRecord> {
  const profile = await ctx.store.instanceProfiles.get(ctx.principal.accountId, name);
  if (profile === undefined) throw noSuchProfile(name);
  return profile;
}

/** The need of an action on an instance profile (its stored ARN when it exists). */
export async function profileNeed(action: string, ctx: OperationContext, name: string, context?: Record<string, ContextValue>) {
  const profile = await ctx.store.instanceProfiles.get(ctx.principal.accountId, name);
  return iamNeed(action, profile?.arn ?? iamArn(ctx.principal.accountId, 'instance-profile', '/', name), context);
}
