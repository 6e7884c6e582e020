import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';

/**
 * Time-based one-time passwords (RFC 6238) as IAM's virtual MFA devices use them: SHA-1, six
 * digits, 30-second steps, counted from the Unix epoch. Pure: the time always comes in.
 *
 * AWS: virtual MFA devices "use the TOTP algorithm" with a 30-second code lifetime
 * (id_credentials_mfa_enable_virtual); the seed IAM returns is 64 base32 characters.
 */

/** Seconds a code is valid for. */
export const TOTP_PERIOD_SECONDS = 30;

/** Steps either side of the expected one a single code may come from (clock skew). */
export const CODE_WINDOW_STEPS = 1;

/** Steps either side of now the pair of codes of `EnableMFADevice` may come from. */
export const ENABLE_WINDOW_STEPS = 2;

/** Steps either side of now the pair of codes of `ResyncMFADevice` may come from (10 minutes). */
export const RESYNC_WINDOW_STEPS = 20;

/** Bytes of a new seed: 40 bytes are 64 base32 characters, the length IAM's seeds have. */
const SEED_BYTES = 40;

/** The TOTP time step `at` falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** A fresh random seed, as base32 text without padding. */
export function newTotpSeed(): string {
  return new Secret({ buffer: Uint8Array.from(randomBytes(SEED_BYTES)).buffer }).base32;
}

/** The six-digit code of `seed` (base32) for time step `step`. */
export function totpCode(seed: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), counter: step, digits: 6, algorithm: 'SHA1' });
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The step in `[center - window, center + window]` whose code is `code`, considering only steps
 * after `after` (codes already used are refused); undefined when there is none.
 */
export function matchCode(seed: string, code: string, center: number, window: number, after?: number | null): number | undefined {
  for (let step = center - window; step <= center + window; step++) {
    if (after !== undefined && after !== null && step <= after) continue;
    if (sameCode(totpCode(seed, step), code)) return step;
  }
  return undefined;
}

/**
 * The step of `code2` when `code1` and `code2` are the codes of two consecutive steps, the first
 * within `window` steps of `center` and after `after`; undefined otherwise.
 */
export function matchConsecutiveCodes(seed: string, code1: string, code2: string, center: number, window: number, after?: number | null): number | undefined {
  for (let step = center - window - 1; step <= center + window; step++) {
    if (after !== undefined && after !== null && step <= after) continue;
    if (sameCode(totpCode(seed, step), code1) && sameCode(totpCode(seed, step + 1), code2)) return step + 1;
  }
  return undefined;
}

/**
 * The `otpauth://` URI an authenticator app enrols from.
 * AWS: the QR code of CreateVirtualMFADevice "encodes
 * otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String", where AccountName is
 * the account alias if set, otherwise the account ID (API_VirtualMFADevice, QRCodePNG).
 */
export function otpauthUri(seed: string, deviceName: string, accountLabel: string): string {
  return `otpauth://totp/${encodeURIComponent(deviceName)}@${encodeURIComponent(accountLabel)}?secret=${seed}`;
}
