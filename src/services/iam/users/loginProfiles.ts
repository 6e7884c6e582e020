import { ServiceError } from '../../../errors.js';
import type { LoginProfileRecord } from '../../../store/index.js';
import { defineOperation, StalePreparation, type Operation, type OperationContext } from '../../operation.js';
import { iamNeed } from '../iamNeed.js';
import { checkNewPassword, passwordExpiry, passwordPolicyViolation, readPasswordPolicy, type PasswordPolicy } from '../account/passwordRules.js';
import { hashPassword, verifyPassword } from '../../shared/index.js';
import { insertOr, requireUser, userNeed } from './userEntity.js';

interface LoginProfileOutput {
  UserName: string;
  CreateDate: Date;
  PasswordResetRequired: boolean;
}

function profileOutput(profile: LoginProfileRecord): LoginProfileOutput {
  return { UserName: profile.userName, CreateDate: new Date(profile.createdAt), PasswordResetRequired: profile.passwordResetRequired };
}

/** AWS: "Login Profile for User <name> cannot be found." (NoSuchEntity). */
function noSuchProfile(userName: string): ServiceError {
  return new ServiceError('NoSuchEntity', `Login Profile for User ${userName} cannot be found.`);
}

async function requireProfile(ctx: OperationContext, userName: string): Promise<LoginProfileRecord> {
  const user = await requireUser(ctx, userName);
  const profile = await ctx.store.loginProfiles.get(user.accountId, user.name);
  if (profile === undefined) throw noSuchProfile(user.name);
  return profile;
}

/**
 * AWS: `PasswordReusePrevention` is the number of previous passwords (the current one included)
 * a new password may not repeat (id_credentials_passwords_account-policy).
 */
async function isReused(ctx: OperationContext, profile: LoginProfileRecord, policy: PasswordPolicy | undefined, password: string): Promise<boolean> {
  const remembered = policy?.PasswordReusePrevention ?? 0;
  if (remembered === 0) return false;
  const hashes = [profile.passwordHash, ...(await ctx.store.loginProfiles.history(profile.accountId, profile.userName, remembered - 1))];
  for (const hash of hashes) if (await verifyPassword(password, hash)) return true;
  return false;
}

/**
 * The scrypt work of a password change, done by `prepare` before the write lock (each hash or
 * check costs tens of milliseconds, and the lock holds every other write back): the new
 * password's hash, whether it repeats a remembered one, and the current hash those checks (and
 * ChangePassword's old-password check) ran against. A handler whose profile no longer has that
 * hash (a concurrent change) throws StalePreparation, and the pipeline prepares again.
 */
interface PasswordWork {
  readonly hash: string;
  readonly reused: boolean;
  readonly checkedAgainst: string | undefined;
}

async function passwordWork(ctx: OperationContext, profile: LoginProfileRecord | undefined, password: string): Promise<PasswordWork> {
  const policy = profile === undefined ? undefined : await readPasswordPolicy(ctx.store, profile.accountId);
  return {
    hash: await hashPassword(password),
    reused: profile !== undefined && (await isReused(ctx, profile, policy, password)),
    checkedAgainst: profile?.passwordHash,
  };
}

/** The prepared work, done against this profile's current password, or StalePreparation. */
function preparedFor(ctx: OperationContext, profile: LoginProfileRecord | undefined): PasswordWork {
  const work = ctx.prepared as PasswordWork | undefined;
  if (work === undefined || work.checkedAgainst !== profile?.passwordHash) throw new StalePreparation();
  return work;
}

/** IAM CreateLoginProfile: a console password, checked against the password policy and stored as a scrypt hash. */
export const CreateLoginProfile = defineOperation<
  { UserName: string; Password: string; PasswordResetRequired?: boolean },
  { LoginProfile: LoginProfileOutput }
>({
  service: 'iam',
  name: 'CreateLoginProfile',
  readOnly: false,
  authorize: (input, ctx) => userNeed('CreateLoginProfile', ctx, input.UserName),
  prepare: (input, ctx) => passwordWork(ctx, undefined, input.Password),
  handle: async (input, ctx) => {
    const user = await requireUser(ctx, input.UserName);
    const exists = () => new ServiceError('EntityAlreadyExists', `Login Profile for user ${user.name} already exists.`);
    if ((await ctx.store.loginProfiles.get(user.accountId, user.name)) !== undefined) throw exists();
    await checkNewPassword(ctx.store, user.accountId, input.Password);
    const hash = (ctx.prepared as PasswordWork).hash;
    const reset = input.PasswordResetRequired ?? false;
    const profile = await insertOr(ctx.store.loginProfiles.create(user.accountId, user.name, hash, reset, ctx.now.toISOString()), exists);
    return { LoginProfile: profileOutput(profile) };
  },
});

/** IAM GetLoginProfile. */
export const GetLoginProfile = defineOperation<{ UserName: string }, { LoginProfile: LoginProfileOutput }>({
  service: 'iam',
  name: 'GetLoginProfile',
  readOnly: true,
  authorize: (input, ctx) => userNeed('GetLoginProfile', ctx, input.UserName),
  handle: async (input, ctx) => ({ LoginProfile: profileOutput(await requireProfile(ctx, input.UserName)) }),
});

/** IAM UpdateLoginProfile: a new password (policy and reuse checked) and/or the reset flag. */
export const UpdateLoginProfile = defineOperation<{ UserName: string; Password?: string; PasswordResetRequired?: boolean }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateLoginProfile',
  readOnly: false,
  authorize: (input, ctx) => userNeed('UpdateLoginProfile', ctx, input.UserName),
  prepare: async (input, ctx) => (input.Password === undefined ? undefined : passwordWork(ctx, await requireProfile(ctx, input.UserName), input.Password)),
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, input.UserName);
    const change: { passwordHash?: string; resetRequired?: boolean } = {};
    if (input.Password !== undefined) {
      await checkNewPassword(ctx.store, profile.accountId, input.Password);
      const work = preparedFor(ctx, profile);
      if (work.reused) throw passwordPolicyViolation();
      change.passwordHash = work.hash;
    }
    if (input.PasswordResetRequired !== undefined) change.resetRequired = input.PasswordResetRequired;
    await ctx.store.loginProfiles.update(profile.accountId, profile.userName, change, ctx.now.toISOString());
    return {};
  },
});

/** IAM DeleteLoginProfile: the password history goes with it. */
export const DeleteLoginProfile = defineOperation<{ UserName: string }, Record<string, never>>({
  service: 'iam',
  name: 'DeleteLoginProfile',
  readOnly: false,
  authorize: (input, ctx) => userNeed('DeleteLoginProfile', ctx, input.UserName),
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, input.UserName);
    await ctx.store.loginProfiles.delete(profile.accountId, profile.userName);
    return {};
  },
});

/**
 * Changes the calling IAM user's own password. AWS: with the password policy's
 * `AllowUsersToChangePassword`, every IAM user may change their own password without a policy
 * granting `iam:ChangePassword` (id_credentials_passwords_enable-user-change); otherwise the
 * action is authorized on the user's ARN like any other. The root user cannot use it.
 */
export const ChangePassword = defineOperation<{ OldPassword: string; NewPassword: string }, Record<string, never>>({
  service: 'iam',
  name: 'ChangePassword',
  readOnly: false,
  authorize: async (_input, ctx) => {
    if (ctx.principal.type !== 'IAMUser' || ctx.principal.userName === undefined) {
      throw new ServiceError('InvalidUserType', 'The request was rejected because the type of user for the transaction was incorrect.');
    }
    const policy = await readPasswordPolicy(ctx.store, ctx.principal.accountId);
    return policy?.AllowUsersToChangePassword === true ? null : iamNeed('ChangePassword', ctx.principal.arn);
  },
  prepare: async (input, ctx) => {
    const profile = await requireProfile(ctx, ctx.principal.userName!);
    if (!(await verifyPassword(input.OldPassword, profile.passwordHash))) throw oldPasswordIncorrect();
    return passwordWork(ctx, profile, input.NewPassword);
  },
  handle: async (input, ctx) => {
    const profile = await requireProfile(ctx, ctx.principal.userName!);
    // The password changed since `prepare` checked the old one: StalePreparation, and the old one is checked again.
    const work = preparedFor(ctx, profile);
    const policy = await readPasswordPolicy(ctx.store, profile.accountId);
    const expires = passwordExpiry(policy, profile.passwordChangedAt);
    // AWS: HardExpiry "prevents IAM users … from setting a new console password after their password has expired".
    if (policy?.HardExpiry === true && expires !== undefined && expires <= ctx.now) {
      throw new ServiceError(
        'AccessDenied',
        'The password has expired and the account password policy does not allow it to be changed; an administrator must reset it.',
      );
    }
    await checkNewPassword(ctx.store, profile.accountId, input.NewPassword);
    if (work.reused) throw passwordPolicyViolation();
    await ctx.store.loginProfiles.update(profile.accountId, profile.userName, { passwordHash: work.hash, resetRequired: false }, ctx.now.toISOString());
    return {};
  },
});

const oldPasswordIncorrect = () => new ServiceError('AccessDenied', 'The old password is incorrect.');

/** The login profile operations and ChangePassword. */
export const loginProfileOperations: Operation[] = [CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile, ChangePassword];
