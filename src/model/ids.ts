import { randomInt } from 'node:crypto';
import { randomBytes } from '../crypto.js';

/**
 * Identifier formats AWS uses, generated from a CSPRNG.
 *
 * AWS: unique IDs ("Understand unique ID prefixes", reference_identifiers) are a four-letter
 * prefix and 17 characters of upper-case letters and digits; access key IDs are `AKIA`/`ASIA`
 * and 16 characters of base32 (A–Z, 2–7); secret access keys are 40 characters of base64.
 */

/** The prefixes of unique IDs and key IDs (reference_identifiers "unique ID prefixes"). */
export const ID_PREFIX = {
  user: 'AIDA',
  group: 'AGPA',
  role: 'AROA',
  managedPolicy: 'ANPA',
  instanceProfile: 'AIPA',
  serverCertificate: 'ASCA',
  accessKey: 'AKIA',
  sessionAccessKey: 'ASIA',
} as const;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // alphabet lengths are 32 and 36; 36 introduces a slight modulo bias, acceptable for IDs (not secrets)
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** A unique ID such as `AIDAJQABLZS4A3QDU576Q` for the given kind. */
export function newUniqueId(kind: Exclude<keyof typeof ID_PREFIX, 'accessKey' | 'sessionAccessKey'>): string {
  return ID_PREFIX[kind] + randomString(ALNUM_UPPER, 17);
}

/**
 * A long-term (`AKIA…`) or temporary (`ASIA…`) access key ID, 20 characters. With an account ID,
 * the first 8 characters after the prefix encode it (40 bits of base32), so that
 * sts:GetAccessKeyInfo can name the account of any key Gatehouse issued without a database read.
 *
 * AWS: "GetAccessKeyInfo … returns the account identifier for the specified access key ID"
 * (STS API reference); AWS likewise encodes the account in its key IDs.
 */
export function newAccessKeyId(temporary = false, accountId?: string): string {
  const prefix = temporary ? ID_PREFIX.sessionAccessKey : ID_PREFIX.accessKey;
  if (accountId === undefined || !ACCOUNT_ID_PATTERN.test(accountId)) return prefix + randomString(BASE32, 16);
  let n = BigInt(accountId) ^ ACCOUNT_MASK;
  let encoded = '';
  for (let i = 0; i < 8; i++) {
    encoded = BASE32[Number(n & 31n)] + encoded;
    n >>= 5n;
  }
  return prefix + encoded + randomString(BASE32, 8);
}

/** The account encoded in an access key ID made by {@link newAccessKeyId}, if it decodes to one. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!ACCESS_KEY_ID_PATTERN.test(accessKeyId)) return undefined;
  let n = 0n;
  for (const ch of accessKeyId.slice(4, 12)) n = (n << 5n) | BigInt(BASE32.indexOf(ch));
  const account = (n ^ ACCOUNT_MASK).toString();
  return account.length === 12 ? account : undefined;
}

/** Mixes the encoded account so that key IDs of one account do not share an obvious prefix. */
const ACCOUNT_MASK = 0x5a3c96e1d4n;

/** A 40-character secret access key with 240 bits of entropy. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** A random 12-digit account ID that does not start with 0. */
export function newAccountId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) id += String(randomInt(0, 10));
  return id;
}

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z2-7]{16}$/;
export const SECRET_ACCESS_KEY_PATTERN = /^[A-Za-z0-9/+=]{40}$/;
