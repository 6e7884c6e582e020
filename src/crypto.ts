/**
 * SHA-256 and HMAC-SHA256 for the request path. Node's one-shot `crypto.hash` (20.12+) costs a
 * third of a `createHash` object on the short inputs SigV4 hashes; HMAC is RFC 2104's
 * construction, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), over two one-shot hashes, with the padded keys
 * prepared once per key object (signing keys are cached, so a key's pads are too).
 */
import crypto, { createHash } from 'node:crypto';

type OneShot = (algorithm: string, data: string | Uint8Array, encoding: 'hex' | 'buffer') => string | Buffer;

const oneShot: OneShot =
  typeof crypto.hash === 'function'
    ? (crypto.hash as OneShot)
    : (algorithm, data, encoding) =>
        encoding === 'buffer' ? createHash(algorithm).update(data).digest() : createHash(algorithm).update(data).digest(encoding);

/** SHA-256 of `data` (strings as UTF-8), hex-encoded. */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShot('sha256', data, 'hex') as string;
}

/** SHA-256 of `data` (strings as UTF-8). */
export function sha256(data: string | Uint8Array): Buffer {
  return oneShot('sha256', data, 'buffer') as Buffer;
}

const BLOCK = 64;
interface Pads {
  inner: Buffer;
  outer: Buffer;
}
const padsByKey = new WeakMap<Uint8Array, Pads>();

function padsFor(key: Uint8Array): Pads {
  let pads = padsByKey.get(key);
  if (pads === undefined) {
    const k = key.length > BLOCK ? sha256(key) : key;
    const inner = Buffer.alloc(BLOCK, 0x36);
    const outer = Buffer.alloc(BLOCK, 0x5c);
    for (let i = 0; i < k.length; i++) {
      inner[i]! ^= k[i]!;
      outer[i]! ^= k[i]!;
    }
    pads = { inner, outer };
    padsByKey.set(key, pads);
  }
  return pads;
}

/**
 * The bytes each HMAC hashes are assembled in one reused buffer (the padded key, then the message
 * or the inner digest), not in a fresh buffer per hash: hashing is synchronous, so no two calls
 * share it. It grows to the longest message seen up to {@link SCRATCH_LIMIT} bytes; a longer one
 * gets a buffer of its own. A message is wiped from it once hashed, since a message can be a
 * secret (the signing-key cache's fingerprint HMACs the secret access key).
 */
let scratch = Buffer.allocUnsafe(1024);
const SCRATCH_LIMIT = 16 * 1024;

function hmac(key: Uint8Array, data: string | Uint8Array, encoding: 'hex' | 'buffer'): string | Buffer {
  const { inner, outer } = padsFor(key);
  const length = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
  const size = BLOCK + length;
  let buffer = scratch;
  if (buffer.length < size) {
    buffer = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
    if (buffer.length <= SCRATCH_LIMIT) scratch = buffer;
  }
  buffer.set(inner, 0);
  if (typeof data === 'string') buffer.write(data, BLOCK, 'utf8');
  else buffer.set(data, BLOCK);
  const innerHash = oneShot('sha256', buffer.subarray(0, size), 'buffer') as Buffer;
  buffer.fill(0, BLOCK, size);
  buffer.set(outer, 0);
  buffer.set(innerHash, BLOCK);
  return oneShot('sha256', buffer.subarray(0, BLOCK + innerHash.length), encoding);
}

/** HMAC-SHA256 of `data` under `key`, hex-encoded. */
export function hmacSha256Hex(key: Uint8Array, data: string | Uint8Array): string {
  return hmac(key, data, 'hex') as string;
}

/** HMAC-SHA256 of `data` under `key`. */
export function hmacSha256(key: Uint8Array, data: string | Uint8Array): Buffer {
  return hmac(key, data, 'buffer') as Buffer;
}

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * `length` cryptographically random bytes. Small draws come from a 4 KiB pool filled from the
 * CSPRNG in one call (node's own `randomUUID` pools the same way): a draw costs a copy rather
 * than a call into OpenSSL, measured at about 8 µs each on the request path. Every byte is
 * handed out once and wiped from the pool as it is.
 */
export function randomBytes(length: number): Buffer {
  if (length > POOL_BYTES / 4) return crypto.randomBytes(length);
  if (poolOffset + length > POOL_BYTES) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + length));
  pool.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
  return out;
}
