import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('gatehouse serve configuration', () => {
  it('takes the management account email from GATEHOUSE_ACCOUNT_EMAIL, and refuses one that is not an address', () => {
    assert.equal(loadConfig({}, { GATEHOUSE_ACCOUNT_EMAIL: 'ops@example.com' }).accountEmail, 'ops@example.com');
    assert.equal(loadConfig({}, {}).accountEmail, undefined);
    for (const bad of ['not-an-email', 'a@b', `${'x'.repeat(60)}@example.com`, 'two words@example.com']) {
      assert.throws(() => loadConfig({}, { GATEHOUSE_ACCOUNT_EMAIL: bad }), ConfigError, bad);
    }
  });

  it('refuses fixed root keys outside dev mode and keys of the wrong shape', () => {
    const keys = { GATEHOUSE_ROOT_ACCESS_KEY_ID: 'AKIAEXAMPLE000001', GATEHOUSE_ROOT_SECRET_ACCESS_KEY: 'secret-secret-secret' };
    assert.throws(() => loadConfig({}, keys), ConfigError);
    assert.equal(loadConfig({ dev: true }, keys).rootAccessKeyId, 'AKIAEXAMPLE000001');
    assert.throws(() => loadConfig({ dev: true }, { ...keys, GATEHOUSE_ROOT_ACCESS_KEY_ID: 'short' }), ConfigError);
  });
});
