import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { hmacSha256, hmacSha256Hex, sha256, sha256Hex } from './crypto.js';

describe('crypto', () => {
  it('HMAC-SHA256 matches RFC 4231 test case 2 and test case 6 (a key longer than the block)', () => {
    assert.equal(hmacSha256Hex(Buffer.from('Jefe'), 'what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    assert.equal(
      hmacSha256Hex(Buffer.alloc(131, 0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('HMAC-SHA256 and SHA-256 equal node:crypto for keys of every length around the block size and any message', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      for (const message of ['', 'AWS4-HMAC-SHA256\n20261121T000000Z\nscope', 'ünïcødé ✓', randomBytes(300)]) {
        const expected = createHmac('sha256', key).update(message).digest();
        assert.equal(hmacSha256Hex(key, message), expected.toString('hex'));
        assert.deepEqual(hmacSha256(key, message), expected);
        // The same key object again: its prepared pads are reused.
        assert.equal(hmacSha256Hex(key, message), expected.toString('hex'));
        assert.equal(sha256Hex(message), createHash('sha256').update(message).digest('hex'));
        assert.deepEqual(sha256(message), createHash('sha256').update(message).digest());
      }
    }
  });

  it('HMAC-SHA256 stays exact across messages longer than its reused buffer (and past its size limit), long then short, under alternating keys', () => {
    const keys = [randomBytes(32), randomBytes(20)];
    const messages = [
      randomBytes(959),
      randomBytes(960),
      randomBytes(961),
      'x'.repeat(5000),
      'é'.repeat(3000),
      'short',
      randomBytes(4097),
      randomBytes(20_000),
      'x'.repeat(40_000),
      '',
    ];
    for (let round = 0; round < 2; round++) {
      for (const [i, message] of messages.entries()) {
        const key = keys[(i + round) % 2]!;
        assert.equal(hmacSha256Hex(key, message), createHmac('sha256', key).update(message).digest('hex'));
      }
    }
  });
});
