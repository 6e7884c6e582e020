import type { PolicyType } from './ast.js';

/** The size quota one policy type has by default, and how its characters are counted. */
export interface PolicySizeLimit {
  /** Maximum number of counted characters. */
  readonly max: number;
  /** Whether white space (space, TAB, LF, CR) counts toward {@link max}. */
  readonly countsWhitespace: boolean;
  /** The quota name AWS reports when it is exceeded, where AWS names one. */
  readonly quota?: string;
}

/**
 * Default size limits per policy type (reference §6.1). Adjustable quotas are the caller's to raise
 * through `parsePolicy(…, { maxLength })`; inline-policy aggregates per user/group/role are the
 * caller's business too.
 */
export const POLICY_SIZE_LIMITS: Readonly<Record<PolicyType, PolicySizeLimit>> = {
  // AWS: IAM User Guide, "IAM and AWS STS quotas": IAM doesn't count white space in policy size.
  identity: { max: 6144, countsWhitespace: false, quota: 'PolicySize' },
  boundary: { max: 6144, countsWhitespace: false, quota: 'PolicySize' },
  trust: { max: 2048, countsWhitespace: false, quota: 'ACLSizePerRole' },
  // AWS: STS API reference, AssumeRole `Policy`: the plain text is a 1–2,048 character API member,
  // so every character counts.
  session: { max: 2048, countsWhitespace: true },
  // AWS: Organizations "SCP syntax" / "RCP syntax": all characters count against the maximum size.
  scp: { max: 5120, countsWhitespace: true },
  rcp: { max: 5120, countsWhitespace: true },
  // AWS: S3 user guide, bucket policies are limited to 20 KB.
  resource: { max: 20480, countsWhitespace: true },
};

/** The characters IAM accepts in a policy document: `[\u0009\u000A\u000D\u0020-\u00FF]`. */
export const POLICY_CHARSET_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';

/**
 * The offset of the first character outside {@link POLICY_CHARSET_PATTERN}, or -1 when every
 * character is allowed. An empty text has no bad character (its emptiness is a JSON error).
 */
export function firstDisallowedCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return i;
  }
  return -1;
}

/** The size of `text` as the quota counts it. */
export function policySize(text: string, countsWhitespace: boolean): number {
  if (countsWhitespace) return text.length;
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) size++;
  }
  return size;
}
