import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveSigningKey, resetSigningKeyCache, signingKey, signingKeyCacheStats } from './signingKey.js';
import { parseSigV4 } from './parse.js';
import { verifySigV4 } from './verify.js';
import { SIGV4_CONFORMANCE_DIR, SUITE_NOW, SUITE_SECRET, parseRawRequest } from '../../../test/support/sigv4Suite.js';

describe('signing keys', () => {
  beforeEach(() => resetSigningKeyCache(10_000));

  it('derives the key of the AWS example (IAM User Guide, "Derive a signing key")', () => {
    // AWS: the SigV4 examples' secret, 20120215, us-east-1, iam.
    const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam');
    assert.equal(key.toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  it('a second verification of the same scope hits the cache', () => {
    const req = parseRawRequest(readFileSync(join(SIGV4_CONFORMANCE_DIR, 'aws-c-auth-v4', 'get-vanilla', 'header-signed-request.txt'), 'utf8'));
    const parsed = parseSigV4(req, SUITE_NOW)!;
    verifySigV4(req, parsed, SUITE_SECRET);
    verifySigV4(req, parsed, SUITE_SECRET);
    assert.deepEqual(signingKeyCacheStats(), { hits: 1, misses: 1, size: 1, capacity: 10_000 });
  });

  it('keys differ by secret, date, region and service, and equal the uncached derivation', () => {
    const scopes: Array<[string, string, string, string]> = [
      ['s1', '20260101', 'us-east-1', 'iam'],
      ['s2', '20260101', 'us-east-1', 'iam'],
      ['s1', '20260102', 'us-east-1', 'iam'],
      ['s1', '20260101', 'eu-west-1', 'iam'],
      ['s1', '20260101', 'us-east-1', 'sts'],
    ];
    const keys = new Set(
      scopes.map((s) => {
        const key = signingKey(...s);
        assert.deepEqual(key, deriveSigningKey(...s));
        return key.toString('hex');
      }),
    );
    assert.equal(keys.size, scopes.length);
    assert.equal(signingKeyCacheStats().misses, scopes.length);
  });

  it('is bounded, evicting the least recently used entry', () => {
    resetSigningKeyCache(2);
    signingKey('a', '20260101', 'us-east-1', 'iam');
    signingKey('b', '20260101', 'us-east-1', 'iam');
    signingKey('a', '20260101', 'us-east-1', 'iam');
    signingKey('c', '20260101', 'us-east-1', 'iam');
    assert.equal(signingKeyCacheStats().size, 2);
    signingKey('a', '20260101', 'us-east-1', 'iam');
    assert.equal(signingKeyCacheStats().hits, 2);
    signingKey('b', '20260101', 'us-east-1', 'iam');
    assert.equal(signingKeyCacheStats().misses, 4);
  });
});
