import { ServiceError } from '../../errors.js';
import type { Principal } from '../../model/index.js';
import { CODE_WINDOW_STEPS, matchCode, totpStep } from '../../model/index.js';
import type { MfaDeviceRecord } from '../../store/index.js';
import type { ContextValue, OperationContext } from '../operation.js';
import { verifyMfaCode } from '../shared/index.js';

/**
 * `SerialNumber` and `TokenCode` on GetSessionToken and AssumeRole: the caller's own MFA device
 * and a current, unused code from it.
 *
 * AWS: STS answers AccessDenied with these messages (observed wording of the STS API):
 * a device that is not the caller's — "MultiFactorAuthentication failed, unable to validate MFA
 * code.  Please verify your MFA serial number is valid and associated with this user."; a wrong
 * or reused code — "MultiFactorAuthentication failed with invalid MFA one time pass code. ".
 */
export const MFA_ERRORS = {
  unknownDevice: (): ServiceError =>
    new ServiceError(
      'AccessDenied',
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    ),
  invalidCode: (): ServiceError => new ServiceError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '),
  incomplete: (): ServiceError =>
    new ServiceError('AccessDenied', 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.'),
};

export interface MfaInput {
  SerialNumber?: string;
  TokenCode?: string;
}

/** Whether the request passes MFA information; throws when only half of it is there. */
export function hasMfa(input: MfaInput): input is { SerialNumber: string; TokenCode: string } {
  if (input.SerialNumber === undefined && input.TokenCode === undefined) return false;
  if (input.SerialNumber === undefined || input.TokenCode === undefined) throw MFA_ERRORS.incomplete();
  return true;
}

/**
 * Checks the code without using it up (authorization may still deny the call); throws the AWS
 * error when the device or the code is not valid for `principal`.
 */
export async function checkMfaCode(ctx: OperationContext, principal: Principal, serialNumber: string, code: string): Promise<void> {
  const device = await ownDevice(ctx, principal, serialNumber);
  const seed = await ctx.store.mfaDevices.seed(device.serialNumber);
  if (seed === undefined) throw MFA_ERRORS.unknownDevice();
  if (matchCode(seed, code, totpStep(ctx.now) + device.driftSteps, CODE_WINDOW_STEPS, device.lastStep) === undefined) throw MFA_ERRORS.invalidCode();
}

/** Uses the code up (it cannot be replayed) and returns when MFA was authenticated. */
export async function consumeMfaCode(ctx: OperationContext, principal: Principal, serialNumber: string, code: string): Promise<Date> {
  await ownDevice(ctx, principal, serialNumber);
  if ((await verifyMfaCode(ctx.store, serialNumber, code, ctx.now)) === undefined) throw MFA_ERRORS.invalidCode();
  return ctx.now;
}

/**
 * The condition keys of a request authenticated with MFA just now.
 * AWS: reference_policies_condition-keys — aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge.
 */
export const MFA_PRESENT_CONTEXT: Readonly<Record<string, ContextValue>> = {
  'aws:MultiFactorAuthPresent': 'true',
  'aws:MultiFactorAuthAge': '0',
};

async function ownDevice(ctx: OperationContext, principal: Principal, serialNumber: string): Promise<MfaDeviceRecord> {
  const device = await ctx.store.mfaDevices.get(serialNumber);
  const owned =
    device !== undefined &&
    device.enableDate !== null &&
    device.accountId === principal.accountId &&
    (principal.type === 'Root'
      ? device.assignedRoot
      : principal.type === 'IAMUser' && device.userName !== null && device.userName.toLowerCase() === principal.userName?.toLowerCase());
  if (!owned) throw MFA_ERRORS.unknownDevice();
  return device;
}
