import { createHash, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { SigningKeyRecord, Store } from './index.js';

const generate = promisify(generateKeyPair);

/** An account's current signing key with its private key, ready to sign a digest. */
export interface SigningKey extends SigningKeyRecord {
  readonly privateKeyPem: string;
}

/**
 * AWS: ListPublicKeys — the public key is DER-encoded PKCS#1; digest files name the signing key
 * by `digestPublicKeyFingerprint`, the hex fingerprint ListPublicKeys returns. Gatehouse's
 * fingerprint is the MD5 of that DER (32 hex digits, the length CloudTrail's have).
 */
export function fingerprintOf(publicKeyDer: Buffer): string {
  return createHash('md5').update(publicKeyDer).digest('hex');
}

/**
 * The account's digest signing key, created (RSA-2048) on first use. Keys are never rotated
 * automatically: one key signs until an operator retires it, and retired keys stay listed so
 * old digests keep verifying.
 */
export async function currentSigningKey(store: Store, accountId: string, now: Date): Promise<SigningKey> {
  const existing = await store.auditSigningKeys.current(accountId);
  if (existing !== undefined) return existing;
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048 });
  const publicKeyDer = publicKey.export({ type: 'pkcs1', format: 'der' });
  const key = {
    accountId,
    fingerprint: fingerprintOf(publicKeyDer),
    publicKeyDer,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    validFrom: now.toISOString(),
    validTo: null,
  };
  await store.auditSigningKeys.create(key);
  return (await store.auditSigningKeys.current(accountId)) ?? key;
}

/** A KeyObject for verifying with a stored DER PKCS#1 public key. */
export function publicKeyObject(publicKeyDer: Buffer) {
  return createPublicKey({ key: publicKeyDer, format: 'der', type: 'pkcs1' });
}
