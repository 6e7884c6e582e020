import { ServiceError } from '../../errors.js';
import { CODE_WINDOW_STEPS, matchCode, matchConsecutiveCodes, totpStep } from '../../model/index.js';
import type { MfaDeviceRecord, Store } from '../../store/index.js';

/**
 * Checking MFA codes against stored devices: the pair of consecutive codes of EnableMFADevice and
 * ResyncMFADevice, and the single code STS takes with `SerialNumber`/`TokenCode`. A code is
 * accepted once: a device remembers the last time step it accepted and refuses that step and
 * every earlier one afterwards.
 */

/** AWS: IAM's InvalidAuthenticationCode (403), "Authentication code for device is not valid." */
export function invalidAuthenticationCode(): ServiceError {
  return new ServiceError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');
}

/**
 * The step of the second code when `code1` and `code2` are the device's codes of two consecutive
 * steps within `window` steps of `now`, both unused; throws InvalidAuthenticationCode otherwise.
 */
export async function consecutiveCodesStep(store: Store, device: MfaDeviceRecord, code1: string, code2: string, now: Date, window: number): Promise<number> {
  const seed = await store.mfaDevices.seed(device.serialNumber);
  if (seed === undefined) throw invalidAuthenticationCode();
  const step = matchConsecutiveCodes(seed, code1, code2, totpStep(now), window, device.lastStep);
  if (step === undefined) throw invalidAuthenticationCode();
  return step;
}

/**
 * Verifies one MFA code of an enabled device at `now`, for STS (AssumeRole, GetSessionToken,
 * GetFederationToken with `SerialNumber` and `TokenCode`). Returns the device when the code is
 * valid and has not been used before, recording its use so it cannot be replayed; undefined
 * otherwise (no such device, not enabled, wrong code, reused code). The caller checks that the
 * device belongs to the principal (`userName`, or `assignedRoot` for the root user). Call it
 * inside the request's transaction: it writes.
 *
 * AWS: codes are accepted within a small clock-skew window around the device's time, and a device
 * that drifted is brought back with ResyncMFADevice (id_credentials_mfa_sync).
 */
export async function verifyMfaCode(store: Store, serialNumber: string, code: string, now: Date): Promise<MfaDeviceRecord | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const device = await store.mfaDevices.get(serialNumber);
  if (device === undefined || device.enableDate === null) return undefined;
  const seed = await store.mfaDevices.seed(device.serialNumber);
  if (seed === undefined) return undefined;
  const step = matchCode(seed, code, totpStep(now) + device.driftSteps, CODE_WINDOW_STEPS, device.lastStep);
  if (step === undefined) return undefined;
  return (await store.mfaDevices.recordUse(device.serialNumber, step)) ? { ...device, lastStep: step } : undefined;
}
