/**
 * The numbers the best-practice checks compare against, each configurable. Defaults are the CIS
 * AWS Foundations Benchmark's (v5.0, IAM section) and Prowler's, which agree except where noted.
 */
export interface Thresholds {
  /** An active access key older than this many days should be rotated (CIS 1.13, IAM.3: 90). */
  readonly accessKeyMaxAgeDays: number;
  /** A password or access key unused this many days should be disabled (CIS 1.11, IAM.22: 45). */
  readonly credentialUnusedDays: number;
  /** A role unused this many days is reported (IAM Access Analyzer's unused access default: 90). */
  readonly roleUnusedDays: number;
  /** The root user used within this many days is reported (Prowler iam_avoid_root_usage: 1). */
  readonly rootUsedWithinDays: number;
  /** The password policy's minimum length (CIS 1.7, IAM.15: 14). */
  readonly passwordMinimumLength: number;
  /** Passwords remembered against reuse (CIS 1.8: 24; IAM.16). */
  readonly passwordReusePrevention: number;
  /** Passwords expire within this many days (IAM.17: 90). */
  readonly passwordMaxAgeDays: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  accessKeyMaxAgeDays: 90,
  credentialUnusedDays: 45,
  roleUnusedDays: 90,
  rootUsedWithinDays: 1,
  passwordMinimumLength: 14,
  passwordReusePrevention: 24,
  passwordMaxAgeDays: 90,
});

/** The limits AWS itself puts on the same numbers, so a threshold outside them is refused. */
const LIMITS: Readonly<Record<keyof Thresholds, readonly [number, number]>> = {
  accessKeyMaxAgeDays: [1, 3650],
  credentialUnusedDays: [1, 3650],
  roleUnusedDays: [1, 365],
  rootUsedWithinDays: [0, 3650],
  passwordMinimumLength: [6, 128],
  passwordReusePrevention: [1, 24],
  passwordMaxAgeDays: [1, 1095],
};

/** A threshold named or valued wrongly. */
export class ThresholdError extends Error {}

/** `overrides` (name → value) over the defaults; throws {@link ThresholdError} naming a bad one. */
export function thresholdsOf(overrides: Readonly<Record<string, unknown>> = {}): Thresholds {
  const out: Record<string, number> = { ...DEFAULT_THRESHOLDS };
  for (const [name, value] of Object.entries(overrides)) {
    const limits = LIMITS[name as keyof Thresholds];
    if (limits === undefined) throw new ThresholdError(`unknown threshold \`${name}\` (one of ${Object.keys(LIMITS).join(', ')})`);
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < limits[0] || number > limits[1]) {
      throw new ThresholdError(`threshold \`${name}\` must be a whole number from ${limits[0]} to ${limits[1]}, not \`${String(value)}\``);
    }
    out[name] = number;
  }
  return out as unknown as Thresholds;
}

export const THRESHOLD_NAMES = Object.keys(LIMITS) as (keyof Thresholds)[];
