import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_KEY_ID_PATTERN, accountOfAccessKeyId, newAccessKeyId, newAccountId, newSecretAccessKey, newUniqueId } from './ids.js';

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
  assert.match(newUniqueId('user'), /^AIDA[A-Z0-9]{17}$/);
  assert.match(newUniqueId('role'), /^AROA[A-Z0-9]{17}$/);
  assert.match(newAccountId(), /^[1-9]\d{11}$/);
  assert.match(newSecretAccessKey(), /^[A-Za-z0-9/+]{40}$/);
});
