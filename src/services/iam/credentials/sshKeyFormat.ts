import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { ServiceError } from '../../../errors.js';

/**
 * Reading the SSH public keys IAM accepts and writing them in both encodings it returns.
 *
 * AWS: UploadSSHPublicKey — "The public key must be encoded in ssh-rsa format or PEM format. The
 * minimum bit-length of the public key is 2048 bits." The fingerprint IAM reports is the MD5
 * fingerprint of the key, colon-separated hex (as `ssh-keygen -l -E md5` prints it).
 */

/** An accepted key in IAM's two encodings, with its fingerprint. */
export interface SshKeyEncodings {
  readonly ssh: string;
  readonly pem: string;
  readonly fingerprint: string;
}

/** AWS: the minimum bit-length of an SSH public key. */
export const MIN_SSH_KEY_BITS = 2048;

/** AWS: InvalidPublicKey (400), "The request was rejected because the public key is malformed or otherwise invalid." */
function invalidKey(detail: string): ServiceError {
  return new ServiceError('InvalidPublicKey', `The public key is malformed or otherwise invalid: ${detail}.`);
}

/** AWS: UnrecognizedPublicKeyEncoding (400), "…the public key encoding format is unsupported or unrecognized." */
function unrecognized(): ServiceError {
  return new ServiceError('UnrecognizedPublicKeyEncoding', 'The public key encoding format is unsupported or unrecognized. Use ssh-rsa or PEM format.');
}

/** Reads SSH wire-format strings (uint32 length, bytes) from a key blob. */
function readStrings(blob: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) throw invalidKey('truncated key data');
    const length = blob.readUInt32BE(offset);
    offset += 4;
    if (offset + length > blob.length) throw invalidKey('truncated key data');
    parts.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return parts;
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An unsigned big-endian integer as an SSH `mpint` (a leading zero byte when the high bit is set). */
function mpint(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return sshString(trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function unsigned(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

function fromSshRsa(base64: string): KeyObject {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalidKey('the key data is not base64');
  const [type, e, n, ...rest] = readStrings(Buffer.from(base64, 'base64'));
  if (type === undefined || type.toString('latin1') !== 'ssh-rsa' || e === undefined || n === undefined || rest.length > 0) {
    throw invalidKey('the key data is not an ssh-rsa key');
  }
  try {
    return createPublicKey({ key: { kty: 'RSA', n: unsigned(n).toString('base64url'), e: unsigned(e).toString('base64url') }, format: 'jwk' });
  } catch {
    throw invalidKey('the key data is not an ssh-rsa key');
  }
}

function fromPem(text: string): KeyObject {
  try {
    return createPublicKey(text);
  } catch {
    throw invalidKey('the PEM data is not a public key');
  }
}

/** Parses and validates an uploaded key; throws IAM's errors for anything it does not accept. */
export function readSshPublicKey(body: string): SshKeyEncodings {
  const text = body.trim();
  let key: KeyObject;
  if (text.startsWith('-----BEGIN ')) key = fromPem(text);
  else {
    const match = /^ssh-rsa\s+(\S+)(?:\s.*)?$/s.exec(text);
    if (match === null) throw unrecognized();
    key = fromSshRsa(match[1]!);
  }
  if (key.asymmetricKeyType !== 'rsa') throw unrecognized();
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_SSH_KEY_BITS) throw invalidKey(`the key is ${bits} bits; the minimum is ${MIN_SSH_KEY_BITS}`);
  const jwk = key.export({ format: 'jwk' });
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa', 'latin1')), mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url'))]);
  const md5 = createHash('md5').update(blob).digest('hex');
  return {
    ssh: `ssh-rsa ${blob.toString('base64')}`,
    pem: (key.export({ format: 'pem', type: 'spki' }) as string).trimEnd(),
    fingerprint: md5.match(/../g)!.join(':'),
  };
}
