import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { generateMasterKey, openKeyRing, parseMasterKey } from './keyring.js';
import { KeyRingError } from './storeErrors.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-keyring-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const HEX_KEY = 'a'.repeat(64);
const B64_KEY = Buffer.alloc(32, 7).toString('base64');

function flipByte(sealed: string, index: number): string {
  const [version, keyId, blob] = sealed.split(':') as [string, string, string];
  const bytes = Buffer.from(blob, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  return `${version}:${keyId}:${bytes.toString('base64')}`;
}

describe('keyring', () => {
  test('seal then open returns the plaintext, in the versioned format', () => {
    const ring = openKeyRing({ dataDir: tempDir(), masterKey: HEX_KEY });
    const sealed = ring.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'access-key:AKIA1');
    assert.match(sealed, new RegExp(`^v1:${ring.primaryKeyId}:[A-Za-z0-9+/]+=*$`));
    assert.equal(ring.open(sealed, 'access-key:AKIA1'), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  });

  test('each seal uses a fresh iv', () => {
    const ring = openKeyRing({ dataDir: tempDir(), masterKey: HEX_KEY });
    assert.notEqual(ring.seal('same', 'aad'), ring.seal('same', 'aad'));
  });

  test('tampering with iv, ciphertext or tag, or another aad, fails to open', () => {
    const ring = openKeyRing({ dataDir: tempDir(), masterKey: HEX_KEY });
    const sealed = ring.seal('secret value', 'access-key:AKIA1');
    const length = Buffer.from(sealed.split(':')[2]!, 'base64').length;
    for (const index of [0, 11, 12, length - 17, length - 1]) {
      assert.throws(() => ring.open(flipByte(sealed, index), 'access-key:AKIA1'), KeyRingError, `byte ${index}`);
    }
    assert.throws(() => ring.open(sealed, 'access-key:AKIA2'), KeyRingError);
  });

  test('malformed and unknown-key values are rejected', () => {
    const ring = openKeyRing({ dataDir: tempDir(), masterKey: HEX_KEY });
    const sealed = ring.seal('x', 'a');
    assert.throws(() => ring.open('plaintext', 'a'), /malformed/);
    assert.throws(() => ring.open(`v2${sealed.slice(2)}`, 'a'), /malformed/);
    assert.throws(() => ring.open('v1:0000000000000000:AAAA', 'a'), /not in the key ring/);
    assert.throws(() => ring.open(`v1:${ring.primaryKeyId}:AAAA`, 'a'), /malformed/);
  });

  test('hex and base64 forms of a key are accepted; anything else is refused', () => {
    assert.equal(parseMasterKey(HEX_KEY).length, 32);
    assert.equal(parseMasterKey(B64_KEY).length, 32);
    assert.equal(parseMasterKey(generateMasterKey()).length, 32);
    for (const bad of ['', 'abc', 'a'.repeat(63), Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64')]) {
      assert.throws(() => parseMasterKey(bad), KeyRingError, bad);
    }
  });

  test('the same key in hex and base64 is the same ring key', () => {
    const bytes = Buffer.alloc(32, 9);
    const a = openKeyRing({ dataDir: tempDir(), masterKey: bytes.toString('hex') });
    const b = openKeyRing({ dataDir: tempDir(), masterKey: bytes.toString('base64') });
    assert.equal(a.primaryKeyId, b.primaryKeyId);
    assert.equal(b.open(a.seal('s', 'aad'), 'aad'), 's');
  });

  test('a different key does not open', () => {
    const a = openKeyRing({ dataDir: tempDir(), masterKey: HEX_KEY });
    const b = openKeyRing({ dataDir: tempDir(), masterKey: B64_KEY });
    assert.throws(() => b.open(a.seal('s', 'aad'), 'aad'), KeyRingError);
  });

  test('rotation: the first key seals, older keys still open', () => {
    const old = openKeyRing({ dataDir: tempDir(), masterKey: HEX_KEY });
    const sealedOld = old.seal('old secret', 'aad');
    const rotated = openKeyRing({ dataDir: tempDir(), masterKey: `${B64_KEY},${HEX_KEY}` });
    assert.deepEqual(rotated.keyIds, [rotated.primaryKeyId, old.primaryKeyId]);
    assert.equal(rotated.open(sealedOld, 'aad'), 'old secret');
    assert.equal(rotated.isCurrent(sealedOld), false);
    const sealedNew = rotated.seal('new secret', 'aad');
    assert.equal(rotated.isCurrent(sealedNew), true);
    assert.throws(() => old.open(sealedNew, 'aad'), /not in the key ring/);
  });

  test('without a key, creates master.key with mode 0600 and reuses it', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = openKeyRing({ dataDir });
    assert.equal(first.source, 'file');
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(parseMasterKey(readFileSync(join(dataDir, 'master.key'), 'utf8')).length, 32);
    const second = openKeyRing({ dataDir });
    assert.equal(second.primaryKeyId, first.primaryKeyId);
    assert.equal(second.open(first.seal('s', 'aad'), 'aad'), 's');
  });

  test('an environment key wins over the file and leaves no file', () => {
    const dataDir = tempDir();
    const ring = openKeyRing({ dataDir, masterKey: HEX_KEY });
    assert.equal(ring.source, 'environment');
    assert.throws(() => statSync(join(dataDir, 'master.key')), /ENOENT/);
  });

  test('refuses a key file that group or others can read', () => {
    const dataDir = tempDir();
    const path = join(dataDir, 'master.key');
    writeFileSync(path, `${generateMasterKey()}\n`, { mode: 0o600 });
    chmodSync(path, 0o644);
    assert.throws(() => openKeyRing({ dataDir }), /readable by group or others \(mode 644\).*chmod 600/);
    chmodSync(path, 0o640);
    assert.throws(() => openKeyRing({ dataDir }), KeyRingError);
  });

  test('a key file may hold several keys, the first sealing', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'master.key'), `# rotated 2026-11-21\n${B64_KEY}\n${HEX_KEY}\n`, { mode: 0o600 });
    const ring = openKeyRing({ dataDir });
    const env = openKeyRing({ dataDir: tempDir(), masterKey: `${B64_KEY},${HEX_KEY}` });
    assert.deepEqual(ring.keyIds, env.keyIds);
  });

  test('errors never carry the key or the plaintext', () => {
    const ring = openKeyRing({ dataDir: tempDir(), masterKey: HEX_KEY });
    const sealed = ring.seal('TOPSECRET', 'aad');
    try {
      ring.open(sealed, 'other');
      assert.fail('expected a throw');
    } catch (error) {
      const text = `${(error as Error).message} ${String((error as Error).cause)}`;
      assert.doesNotMatch(text, /TOPSECRET|aaaaaaaa/);
    }
  });
});
