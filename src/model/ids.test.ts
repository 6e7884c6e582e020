import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCESS_KEY_ID_PATTERN,
  ID_PREFIX,
  UNIQUE_ID_PATTERN,
  accountOfAccessKeyId,
  newAccessKeyId,
  newAccountId,
  newSecretAccessKey,
  newSigningCertificateId,
  newSshPublicKeyId,
  newUniqueId,
} from './ids.js';

it('access key IDs have AWS shape and encode their account', () => {
  for (let i = 0; i < 200; i++) {
    const account = newAccountId();
    const long = newAccessKeyId(false, account);
    const temp = newAccessKeyId(true, account);
    assert.match(long, /^AKIA[A-Z2-7]{16}$/);
    assert.match(temp, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(accountOfAccessKeyId(long), account);
    assert.equal(accountOfAccessKeyId(temp), account);
  }
  assert.notEqual(newAccessKeyId(false, '123456789012'), newAccessKeyId(false, '123456789012'));
});

it("access key IDs encode the account in AWS's layout", () => {
  // AWS's example key and a published session key (public analyses of AWS key IDs).
  assert.equal(accountOfAccessKeyId('AKIAIOSFODNN7EXAMPLE'), '581039954779');
  assert.equal(accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A'), '609629065308');
  assert.equal(accountOfAccessKeyId(newAccessKeyId(false, '000000000042')), '000000000042');
  assert.equal(accountOfAccessKeyId(newAccessKeyId(false, '999999999999')), '999999999999');
});

it('keys without an account and malformed IDs decode to no account or a 12-digit one only', () => {
  assert.equal(accountOfAccessKeyId('not-a-key'), undefined);
  assert.match(newAccessKeyId(), ACCESS_KEY_ID_PATTERN);
  const decoded = accountOfAccessKeyId(newAccessKeyId());
  assert.ok(decoded === undefined || /^\d{12}$/.test(decoded));
});

it('unique IDs, account IDs and secrets have AWS shape', () => {
  assert.match(newUniqueId('user'), /^AIDA[A-Z2-7]{17}$/);
  assert.match(newUniqueId('role'), /^AROA[A-Z2-7]{17}$/);
  assert.match(newAccountId(), /^[1-9]\d{11}$/);
  assert.match(newSecretAccessKey(), /^[A-Za-z0-9/+]{40}$/);
});

it('every generator draws from base32 after its prefix, as AWS does (never 0, 1, 8 or 9)', () => {
  const generators: [string, () => string, RegExp][] = [
    ...(['user', 'group', 'role', 'managedPolicy', 'instanceProfile', 'serverCertificate', 'serviceSpecificCredential'] as const).map(
      (kind): [string, () => string, RegExp] => [kind, () => newUniqueId(kind), new RegExp(`^${ID_PREFIX[kind]}[A-Z2-7]{17}$`)],
    ),
    ['sshPublicKey', newSshPublicKeyId, /^APKA[A-Z2-7]{16}$/],
    ['signingCertificate', newSigningCertificateId, /^[A-Z2-7]{32}$/],
    ['accessKey', () => newAccessKeyId(false, newAccountId()), /^AKIA[A-Z2-7]{16}$/],
    ['sessionAccessKey', () => newAccessKeyId(true, newAccountId()), /^ASIA[A-Z2-7]{16}$/],
  ];
  for (const [name, generate, pattern] of generators) {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = generate();
      assert.match(id, pattern, name);
      for (const ch of id.slice(4)) seen.add(ch);
    }
    // 500 IDs use every letter of the alphabet: nothing is drawn from a smaller one.
    assert.equal(seen.size, 32, `${name} uses all of A-Z and 2-7`);
  }
  assert.match(newUniqueId('user'), UNIQUE_ID_PATTERN);
});
