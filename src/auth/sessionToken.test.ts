import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMasterKey, openKeyRing } from '../store/index.js';
import { SessionTokenCache, sealSessionToken } from './sessionToken.js';
import type { SessionClaims } from './sessionToken.js';

const ring = openKeyRing({ dataDir: mkdtempSync(join(tmpdir(), 'tokens-')), masterKey: generateMasterKey() });
const claims = (n: number, extra: Partial<SessionClaims> = {}): SessionClaims => ({
  accessKeyId: `ASIA${String(n).padStart(16, '0')}`,
  secretAccessKey: 's',
  chainDepth: 0,
  issuedAt: 0,
  expiresAt: 1,
  principal: {
    type: 'AssumedRole',
    accountId: '123456789012',
    arn: `arn:aws:sts::123456789012:assumed-role/r/s${n}`,
    userId: `AROAEXAMPLE:s${n}`,
    roleArn: 'arn:aws:iam::123456789012:role/r',
  },
  ...extra,
});

it('opens a session token once and answers repeats of the same text from memory, the same caller each time', () => {
  const cache = new SessionTokenCache(ring, 2);
  const token = sealSessionToken(ring, claims(1));
  const first = cache.open(token);
  assert.equal(first?.principal.arn, 'arn:aws:sts::123456789012:assumed-role/r/s1');
  assert.equal(first?.principal.accessKeyId, 'ASIA0000000000000001');
  assert.equal(cache.open(token), first);
  assert.equal(cache.size, 1);
});

it('keeps nothing for a token that does not open, and stays within its bound', () => {
  const cache = new SessionTokenCache(ring, 2);
  const token = sealSessionToken(ring, claims(1));
  const altered = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
  assert.equal(cache.open(altered), undefined);
  assert.equal(cache.open('not a token'), undefined);
  assert.equal(cache.size, 0);
  const tokens = [1, 2, 3].map((n) => sealSessionToken(ring, claims(n)));
  const opened = tokens.map((t) => cache.open(t));
  assert.equal(cache.size, 2);
  // The oldest went first: opening it again gives an equal caller, newly opened.
  const again = cache.open(tokens[0]!);
  assert.notEqual(again, opened[0]);
  assert.deepEqual(again?.principal, opened[0]?.principal);
  // A token longer than AWS's own is opened every time, never kept.
  const long = sealSessionToken(ring, claims(4, { policies: ['x'.repeat(5000)] }));
  const fresh = new SessionTokenCache(ring, 2);
  assert.ok(fresh.open(long));
  assert.equal(fresh.size, 0);
});
