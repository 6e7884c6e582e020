import { ServiceError } from '../../../errors.js';
import type { Store } from '../../../store/index.js';

/**
 * Console passwords: the account password policy (kept in the key/value table) and the checks a
 * new password must pass. Hashing is `services/shared/passwordHashes.ts`.
 */

/** An account password policy as stored; absent members take AWS's defaults. */
export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

function policyKey(accountId: string): string {
  return `iam:password-policy:${accountId}`;
}

/** The account's custom password policy, or undefined when none is set. */
export async function readPasswordPolicy(store: Store, accountId: string): Promise<PasswordPolicy | undefined> {
  const text = await store.kv.get(policyKey(accountId));
  return text === undefined ? undefined : (JSON.parse(text) as PasswordPolicy);
}

export async function writePasswordPolicy(store: Store, accountId: string, policy: PasswordPolicy): Promise<void> {
  await store.kv.set(policyKey(accountId), JSON.stringify(policy));
}

export async function deletePasswordPolicy(store: Store, accountId: string): Promise<boolean> {
  return store.kv.delete(policyKey(accountId));
}

/** AWS: the characters that count as symbols ("! @ # $ % ^ & * ( ) _ + - = [ ] { } | '", id_credentials_passwords_account-policy). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

function classes(password: string): { upper: boolean; lower: boolean; digit: boolean; symbol: boolean } {
  return {
    upper: /[A-Z]/.test(password),
    lower: /[a-z]/.test(password),
    digit: /[0-9]/.test(password),
    symbol: [...password].some((c) => SYMBOLS.has(c)),
  };
}

/** AWS: "Password does not conform to the account password policy." (PasswordPolicyViolation). */
export function passwordPolicyViolation(): ServiceError {
  return new ServiceError('PasswordPolicyViolation', 'Password does not conform to the account password policy.');
}

/**
 * Whether a password satisfies the account's policy. Without a custom policy, AWS's default
 * applies: at least 8 characters and at least three of upper case, lower case, digits and symbols
 * (id_credentials_passwords_account-policy, "Default password policy").
 */
export function conformsTo(policy: PasswordPolicy | undefined, password: string): boolean {
  const has = classes(password);
  if (policy === undefined) {
    return password.length >= 8 && [has.upper, has.lower, has.digit, has.symbol].filter(Boolean).length >= 3;
  }
  if (password.length < policy.MinimumPasswordLength) return false;
  if (policy.RequireSymbols && !has.symbol) return false;
  if (policy.RequireNumbers && !has.digit) return false;
  if (policy.RequireUppercaseCharacters && !has.upper) return false;
  if (policy.RequireLowercaseCharacters && !has.lower) return false;
  return true;
}

/** Throws `PasswordPolicyViolation` unless the password conforms to the account's policy. */
export async function checkNewPassword(store: Store, accountId: string, password: string): Promise<PasswordPolicy | undefined> {
  const policy = await readPasswordPolicy(store, accountId);
  if (!conformsTo(policy, password)) throw passwordPolicyViolation();
  return policy;
}

/**
 * When a password set at `changedAt` expires under the policy (`MaxPasswordAge` days), or
 * undefined when passwords do not expire. For the credential report and console sign-in.
 */
export function passwordExpiry(policy: PasswordPolicy | undefined, changedAt: string): Date | undefined {
  if (policy?.MaxPasswordAge === undefined) return undefined;
  return new Date(Date.parse(changedAt) + policy.MaxPasswordAge * 86_400_000);
}
