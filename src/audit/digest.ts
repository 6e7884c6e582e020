import { createSign, createVerify } from 'node:crypto';
import { sha256Hex } from '../crypto.js';
import type { KeyObject } from 'node:crypto';

/** One log file as a digest lists it. */
export interface DigestLogFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  readonly hashValue: string;
  readonly hashAlgorithm: 'SHA-256';
  readonly newestEventTime: string;
  readonly oldestEventTime: string;
}

/** A CloudTrail digest file's content (cloudtrail-log-file-validation-digest-file-structure). */
export interface DigestFile {
  readonly awsAccountId: string;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm: 'SHA256withRSA';
  readonly newestEventTime: string | null;
  readonly oldestEventTime: string | null;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestHashAlgorithm: 'SHA-256' | null;
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly DigestLogFile[];
}

/**
 * AWS: "Custom implementations of CloudTrail log file integrity validation" — the data signing
 * string is the digest end time (UTC extended format), the digest's S3 path (`bucket/key`), the
 * hex SHA-256 of the uncompressed digest content and the previous digest's hex signature
 * (`null` for the first digest), joined by newlines. The signature is SHA256withRSA, hex-encoded.
 */
export function stringToSign(digest: DigestFile, content: Buffer | string): string {
  return [digest.digestEndTime, `${digest.digestS3Bucket}/${digest.digestS3Object}`, sha256Hex(content), digest.previousDigestSignature ?? 'null'].join('\n');
}

/** Signs a digest's content with an RSA private key (PEM); returns the hex signature. */
export function signDigest(digest: DigestFile, content: Buffer | string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(stringToSign(digest, content)).sign(privateKeyPem, 'hex');
}

/** Whether `signatureHex` is the digest's signature under `publicKey`. */
export function verifyDigest(digest: DigestFile, content: Buffer | string, signatureHex: string, publicKey: KeyObject): boolean {
  if (!/^[0-9a-f]+$/i.test(signatureHex)) return false;
  return createVerify('RSA-SHA256').update(stringToSign(digest, content)).verify(publicKey, Buffer.from(signatureHex, 'hex'));
}
