import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { randomBytes as pooledRandomBytes } from '../crypto.js';
import { closeSync, fchmodSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { KeyRingError } from './storeErrors.js';

/**
 * Seals secrets at rest with AES-256-GCM. A ring holds one or more 32-byte master keys; the first
 * seals, every one opens. A sealed secret names the key that sealed it, so rotation is:
 *
 * 1. put the new key first and keep the old one after it (`GATEHOUSE_MASTER_KEY=new,old`, or a
 *    new first line in `master.key`) on every node;
 * 2. re-seal what is stored (`store.accessKeys.resealAll()`); new secrets already use the new key;
 * 3. drop the old key.
 */
export interface KeyRing {
  /** The id of the key that seals: 16 hex digits derived one-way from the key, safe to log. */
  readonly primaryKeyId: string;
  /** Ids of every key that opens, the sealing key first. */
  readonly keyIds: readonly string[];
  /** Where the keys came from: the `masterKey` option (environment) or `<dataDir>/master.key`. */
  readonly source: 'environment' | 'file';
  /** Seals `plaintext`, bound to `aad` (e.g. the access key id): `v1:<keyId>:<base64 iv|ct|tag>`. */
  seal(plaintext: string, aad: string): string;
  /** Opens a sealed secret; throws {@link KeyRingError} if it was altered, moved to another `aad`, or its key is absent. */
  open(sealed: string, aad: string): string;
  /** Whether `sealed` was sealed by the current sealing key (if not, re-seal it during rotation). */
  isCurrent(sealed: string): boolean;
}

/** Options of {@link openKeyRing}. */
export interface KeyRingOptions {
  /** The data directory; `master.key` lives here when no `masterKey` is given. */
  dataDir: string;
  /** `GATEHOUSE_MASTER_KEY`: comma-separated keys, each 32 bytes as base64 or 64 hex digits; the first seals. */
  masterKey?: string | undefined;
}

const VERSION = 'v1';
const KEY_FILE = 'master.key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface RingKey {
  readonly id: string;
  readonly dataKey: Buffer;
}

/** A new random master key, base64-encoded, for `GATEHOUSE_MASTER_KEY` or `master.key`. */
export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** Parses one master key: 64 hex digits, or base64 (standard or url-safe) of exactly 32 bytes. */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === 32) return bytes;
  }
  throw new KeyRingError('a master key must be 32 bytes as base64 or 64 hex digits');
}

function ringKey(master: Buffer): RingKey {
  const id = createHmac('sha256', master).update('gatehouse key id').digest('hex').slice(0, 16);
  const dataKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gatehouse seal v1', 32));
  return { id, dataKey };
}

function readKeyFile(path: string): string[] {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0 && process.platform !== 'win32') {
    throw new KeyRingError(`${path} is readable by group or others (mode ${mode.toString(8)}); run \`chmod 600 ${path}\``);
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function createKeyFile(path: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${generateMasterKey()}\n`);
  } finally {
    closeSync(fd);
  }
}

function loadKeyFile(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, KEY_FILE);
  try {
    createKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const keys = readKeyFile(path);
  if (keys.length === 0) throw new KeyRingError(`${path} holds no key`);
  return keys;
}

/**
 * Opens the key ring: from `masterKey` if given, else from `<dataDir>/master.key`, created with
 * 32 random bytes and mode 0600 on first use. Refuses a key file that group or others can read.
 */
export function openKeyRing(options: KeyRingOptions): KeyRing {
  const fromEnv = options.masterKey !== undefined && options.masterKey.trim() !== '';
  const texts = fromEnv ? options.masterKey!.split(',').filter((k) => k.trim() !== '') : loadKeyFile(options.dataDir);
  const keys = texts.map((text) => ringKey(parseMasterKey(text)));
  const byId = new Map<string, RingKey>();
  for (const key of keys) byId.set(key.id, key);
  const primary = keys[0]!;

  const seal = (plaintext: string, aad: string): string => {
    const iv = pooledRandomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', primary.dataKey, iv);
    cipher.setAAD(Buffer.from(`${VERSION}:${primary.id}:${aad}`, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const blob = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
    return `${VERSION}:${primary.id}:${blob}`;
  };

  const open = (sealed: string, aad: string): string => {
    const [version, keyId, blob, extra] = sealed.split(':');
    if (version !== VERSION || keyId === undefined || blob === undefined || extra !== undefined) {
      throw new KeyRingError('sealed secret is malformed');
    }
    const key = byId.get(keyId);
    if (key === undefined) throw new KeyRingError(`sealed secret needs key \`${keyId}\`, which is not in the key ring`);
    const bytes = Buffer.from(blob, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new KeyRingError('sealed secret is malformed');
    const decipher = createDecipheriv('aes-256-gcm', key.dataKey, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`${VERSION}:${keyId}:${aad}`, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new KeyRingError('sealed secret failed authentication (tampered, wrong row, or wrong key)', { cause: error });
    }
  };

  return {
    primaryKeyId: primary.id,
    keyIds: keys.map((k) => k.id),
    source: fromEnv ? 'environment' : 'file',
    seal,
    open,
    isCurrent: (sealed) => sealed.startsWith(`${VERSION}:${primary.id}:`),
  };
}
