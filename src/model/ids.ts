import { createHash, randomInt } from 'node:crypto';
import { randomBytes } from '../crypto.js';

/**
 * Identifier formats AWS uses, generated from a CSPRNG.
 *
 * AWS: unique IDs and key IDs ("Understand unique ID prefixes", reference_identifiers) are a
 * four-letter prefix and base32 characters (A–Z, 2–7; never 0, 1, 8 or 9): 17 of them for the unique
 * IDs of users, groups, roles, policies, instance profiles, certificates and service-specific
 * credentials (`AIDACKCEVSQ6C2EXAMPLE`), 16 for access key and SSH public key IDs
 * (`AKIAIOSFODNN7EXAMPLE`, `APKAEIBAERJR2EXAMPLE`); signing certificate IDs are 32 base32
 * characters without a prefix; secret access keys are 40 characters of base64.
 */

/** The prefixes of unique IDs and key IDs (reference_identifiers "unique ID prefixes"). */
export const ID_PREFIX = {
  user: 'AIDA',
  group: 'AGPA',
  role: 'AROA',
  managedPolicy: 'ANPA',
  instanceProfile: 'AIPA',
  serverCertificate: 'ASCA',
  serviceSpecificCredential: 'ACCA',
  sshPublicKey: 'APKA',
  accessKey: 'AKIA',
  sessionAccessKey: 'ASIA',
} as const;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `length` random base32 characters (32 divides 256: no modulo bias). */
function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! & 31];
  return out;
}

/** A unique ID such as `AIDAJQABLZS4A3QDU576Q` for the given kind. */
export function newUniqueId(kind: Exclude<keyof typeof ID_PREFIX, 'accessKey' | 'sessionAccessKey' | 'sshPublicKey'>): string {
  return ID_PREFIX[kind] + randomBase32(17);
}

/** An SSH public key ID. AWS: `APKAEIBAERJR2EXAMPLE` (IAM API reference, SSHPublicKey): `APKA` and 16 base32 characters. */
export function newSshPublicKeyId(): string {
  return ID_PREFIX.sshPublicKey + randomBase32(16);
}

/**
 * A signing certificate ID. AWS: `certificateIdType` is 24–128 word characters; IAM issues 32
 * base32 ones (`TA7SMP42TDN5Z26OBPJE7EXAMPLE` in the UploadSigningCertificate example).
 */
export function newSigningCertificateId(): string {
  return randomBase32(32);
}

/**
 * A long-term (`AKIA…`) or temporary (`ASIA…`) access key ID, 20 characters: 80 bits in base32.
 * With an account ID, the key encodes it as AWS's keys do: the first 48 bits hold the account
 * shifted left by 7 (the top bit clear, the low 7 bits random), so sts:GetAccessKeyInfo — here or
 * in any tool that decodes AWS key IDs — names the account of a key without a database read.
 *
 * AWS: "GetAccessKeyInfo … returns the account identifier for the specified access key ID"
 * (STS API reference). The bit layout is not documented by AWS; it is the one public analyses of
 * AWS key IDs found (the account of `ASIAY34FZKBOKMUTVV7A` is 609629065308).
 */
export function newAccessKeyId(temporary = false, accountId?: string): string {
  const prefix = temporary ? ID_PREFIX.sessionAccessKey : ID_PREFIX.accessKey;
  const bytes = randomBytes(10);
  if (accountId !== undefined && ACCOUNT_ID_PATTERN.test(accountId)) {
    const head = (BigInt(accountId) << 7n) | BigInt(bytes[5]! & 0x7f);
    for (let i = 5; i >= 0; i--) bytes[i] = Number((head >> BigInt(8 * (5 - i))) & 0xffn);
  }
  return prefix + base32(bytes);
}

/** The account an access key ID encodes (AWS's layout, see {@link newAccessKeyId}); undefined for a malformed ID. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!ACCESS_KEY_ID_PATTERN.test(accessKeyId)) return undefined;
  let head = 0n;
  for (const ch of accessKeyId.slice(4, 14)) head = (head << 5n) | BigInt(BASE32.indexOf(ch));
  // 10 characters are 50 bits; the first 48 are the six bytes that hold the account.
  const account = ((head >> 2n) & 0x7fffffffff80n) >> 7n;
  return account < 1_000_000_000_000n ? account.toString().padStart(12, '0') : undefined;
}

/** RFC 4648 base32 without padding (10 bytes make 16 characters). */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

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
/** AWS's unique IDs: a four-letter prefix and 17 base32 characters. */
export const UNIQUE_ID_PATTERN = /^A[A-Z]{3}[A-Z2-7]{17}$/;
export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z2-7]{16}$/;
export const SECRET_ACCESS_KEY_PATTERN = /^[A-Za-z0-9/+=]{40}$/;

/**
 * The canonical user ID of an account (S3's 64 hex digits, named by `CanonicalUser` principals and
 * shown as S3 owners): derived from the account ID, so every node and every restart agree.
 * AWS: "Find the canonical user ID for your AWS account" — one per account, 64 hex digits.
 */
export function canonicalUserId(accountId: string): string {
  let id = canonicalIds.get(accountId);
  if (id === undefined) {
    id = createHash('sha256').update(`gatehouse-canonical-user:${accountId}`).digest('hex');
    if (canonicalIds.size >= 10_000) canonicalIds.clear();
    canonicalIds.set(accountId, id);
  }
  return id;
}

const canonicalIds = new Map<string, string>();
