import { ServiceError } from '../../../errors.js';
import { defineOperation, type Operation } from '../../operation.js';
import { iamNeed } from '../iamNeed.js';
import { deletePasswordPolicy, readPasswordPolicy, writePasswordPolicy, type PasswordPolicy } from './passwordRules.js';

type PolicyInput = Partial<PasswordPolicy>;

interface PolicyOutput extends PasswordPolicy {
  ExpirePasswords: boolean;
}

/** AWS: "The Password Policy with domain name <account> cannot be found." (NoSuchEntity). */
function noPolicy(accountId: string): ServiceError {
  return new ServiceError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`);
}

/** AWS: when the password policy lets users change their passwords, each may also read it (id_credentials_passwords_enable-user-change). */
const GetAccountPasswordPolicy = defineOperation<Record<string, never>, { PasswordPolicy: PolicyOutput }>({
  service: 'iam',
  name: 'GetAccountPasswordPolicy',
  readOnly: true,
  authorize: async (_input, ctx) => {
    const policy = await readPasswordPolicy(ctx.store, ctx.principal.accountId);
    if (policy?.AllowUsersToChangePassword === true && ctx.principal.type === 'IAMUser') return null;
    return iamNeed('GetAccountPasswordPolicy', '*');
  },
  handle: async (_input, ctx) => {
    const policy = await readPasswordPolicy(ctx.store, ctx.principal.accountId);
    if (policy === undefined) throw noPolicy(ctx.principal.accountId);
    return { PasswordPolicy: { ...policy, ExpirePasswords: policy.MaxPasswordAge !== undefined } };
  },
});

/**
 * AWS: the call replaces the whole policy; "If you do not specify a value for a parameter, then
 * the operation uses the default value" (6 characters, no requirements, no expiry, no reuse
 * prevention). The optional members are returned by GetAccountPasswordPolicy only when set.
 */
const UpdateAccountPasswordPolicy = defineOperation<PolicyInput, Record<string, never>>({
  service: 'iam',
  name: 'UpdateAccountPasswordPolicy',
  readOnly: false,
  authorize: () => iamNeed('UpdateAccountPasswordPolicy', '*'),
  handle: async (input, ctx) => {
    const policy: PasswordPolicy = {
      MinimumPasswordLength: input.MinimumPasswordLength ?? 6,
      RequireSymbols: input.RequireSymbols ?? false,
      RequireNumbers: input.RequireNumbers ?? false,
      RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
      RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
      AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
    };
    if (input.MaxPasswordAge !== undefined) policy.MaxPasswordAge = input.MaxPasswordAge;
    if (input.PasswordReusePrevention !== undefined) policy.PasswordReusePrevention = input.PasswordReusePrevention;
    if (input.HardExpiry !== undefined) policy.HardExpiry = input.HardExpiry;
    await writePasswordPolicy(ctx.store, ctx.principal.accountId, policy);
    return {};
  },
});

const DeleteAccountPasswordPolicy = defineOperation<Record<string, never>, Record<string, never>>({
  service: 'iam',
  name: 'DeleteAccountPasswordPolicy',
  readOnly: false,
  authorize: () => iamNeed('DeleteAccountPasswordPolicy', '*'),
  handle: async (_input, ctx) => {
    // AWS: DeleteAccountPasswordPolicy words it differently from Get ("If a password policy does not
    // currently exist, the following error message appears", AWS Tools for PowerShell reference).
    if (!(await deletePasswordPolicy(ctx.store, ctx.principal.accountId))) {
      throw new ServiceError('NoSuchEntity', 'The account policy with name PasswordPolicy cannot be found.');
    }
    return {};
  },
});

/** The account password policy operations. */
export const passwordPolicyOperations: Operation[] = [GetAccountPasswordPolicy, UpdateAccountPasswordPolicy, DeleteAccountPasswordPolicy];
