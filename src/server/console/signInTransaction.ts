import type { KeyRing } from '../../store/index.js';

/**
 * A sign-in between its steps (password checked, MFA to come; or a security key's registration
 * between its options and its answer): sealed with the deployment's key ring and handed to the
 * page, which sends it back with the next step. Any node opens it; it expires in five minutes.
 */
export interface SignInTransaction {
  readonly purpose: 'mfa' | 'register-key';
  readonly accountId: string;
  /** The IAM user; null for the root user. */
  readonly userName: string | null;
  /** The account ID or alias, or the root email, as typed (for the throttle). */
  readonly signInName: string;
  /** A WebAuthn challenge (base64url), when a security key may answer. */
  readonly challenge?: string;
  /** A security key's name (registration). */
  readonly deviceName?: string;
  /** The console session that registers a key (registration). */
  readonly sessionKey?: string;
  readonly expiresAt: number;
}

const AAD = 'console:signin-transaction:v1';
export const TRANSACTION_MS = 5 * 60_000;

export function sealTransaction(keyRing: KeyRing, transaction: SignInTransaction): string {
  return Buffer.from(keyRing.seal(JSON.stringify(transaction), AAD), 'utf8').toString('base64url');
}

/** The transaction, or undefined when it is not one of ours, was altered, or expired. */
export function openTransaction(keyRing: KeyRing, text: unknown, now: Date): SignInTransaction | undefined {
  if (typeof text !== 'string' || text.length > 8192) return undefined;
  try {
    const transaction = JSON.parse(keyRing.open(Buffer.from(text, 'base64url').toString('utf8'), AAD)) as SignInTransaction;
    return now.getTime() < transaction.expiresAt ? transaction : undefined;
  } catch {
    return undefined;
  }
}
