/**
 * SigV4 signing keys, derived with four chained HMACs and cached per (secret, date, region,
 * service) in a bounded LRU. The cache is keyed by a keyed fingerprint of the secret (an HMAC
 * under a per-process random key), never by the secret itself, so a heap dump of the map keys
 * reveals nothing usable and the fingerprint cannot be checked offline.
 *
 * AWS: "Calculate the signature for AWS Signature Version 4" (IAM User Guide): kDate =
 * HMAC("AWS4" + secret, date), kRegion = HMAC(kDate, region), kService = HMAC(kRegion, service),
 * kSigning = HMAC(kService, "aws4_request").
 */
import { randomBytes } from 'node:crypto';
import { hmacSha256 } from '../../crypto.js';

const FINGERPRINT_KEY = randomBytes(32);
const DEFAULT_CAPACITY = 10_000;

/** Derives a signing key without the cache (four HMACs). */
export function deriveSigningKey(secretAccessKey: string, scopeDate: string, region: string, service: string): Buffer {
  const kDate = hmacSha256(Buffer.from(`AWS4${secretAccessKey}`, 'utf8'), scopeDate);
  const kRegion = hmacSha256(kDate, region);
  const kService = hmacSha256(kRegion, service);
  return hmacSha256(kService, 'aws4_request');
}

/** Counters of the signing-key cache, for metrics and tests. */
export interface SigningKeyCacheStats {
  hits: number;
  misses: number;
  size: number;
  capacity: number;
}

const cache = new Map<string, Buffer>();
let capacity = DEFAULT_CAPACITY;
let hits = 0;
let misses = 0;

/**
 * The signing key for a secret and credential scope: cached by access key ID (no HMAC), else by
 * the secret's fingerprint (one HMAC), else derived and cached (five HMACs).
 */
export function signingKey(secretAccessKey: string, scopeDate: string, region: string, service: string, accessKeyId?: string): Buffer {
  // Fast path: the same access key in the same scope with the same secret needs no HMAC at all.
  // The secret compared here is the stored one (never attacker input), so `===` leaks nothing.
  const byIdKey = accessKeyId === undefined ? undefined : `${accessKeyId}/${scopeDate}/${region}/${service}`;
  if (byIdKey !== undefined) {
    const known = byAccessKey.get(byIdKey);
    if (known !== undefined && known.secret === secretAccessKey) {
      hits++;
      return known.key;
    }
  }
  const key = signingKeyBySecret(secretAccessKey, scopeDate, region, service);
  if (byIdKey !== undefined) {
    if (byAccessKey.size >= capacity) byAccessKey.clear();
    byAccessKey.set(byIdKey, { secret: secretAccessKey, key });
  }
  return key;
}

/** Access key ID and scope → the secret it was derived from and the signing key. */
const byAccessKey = new Map<string, { secret: string; key: Buffer }>();

function signingKeyBySecret(secretAccessKey: string, scopeDate: string, region: string, service: string): Buffer {
  const fingerprint = hmacSha256(FINGERPRINT_KEY, secretAccessKey).toString('base64');
  const cacheKey = `${fingerprint}/${scopeDate}/${region}/${service}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) {
    hits++;
    cache.delete(cacheKey);
    cache.set(cacheKey, cached);
    return cached;
  }
  misses++;
  const key = deriveSigningKey(secretAccessKey, scopeDate, region, service);
  cache.set(cacheKey, key);
  if (cache.size > capacity) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return key;
}

/** The cache counters. */
export function signingKeyCacheStats(): SigningKeyCacheStats {
  return { hits, misses, size: cache.size, capacity };
}

/** Empties the cache and resets its counters; optionally sets a new capacity (at least 1). */
export function resetSigningKeyCache(newCapacity?: number): void {
  cache.clear();
  byAccessKey.clear();
  hits = 0;
  misses = 0;
  if (newCapacity !== undefined) capacity = Math.max(1, Math.floor(newCapacity));
}
