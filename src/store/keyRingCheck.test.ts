import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { generateMasterKey } from './keyring.js';
import { KEY_RING_VERIFIER } from './keyRingCheck.js';
import { KeyRingError } from './storeErrors.js';
import { testBackends } from '../../test/support/storeBackends.js';

const OLD_KEY = generateMasterKey();
const NEW_KEY = generateMasterKey();

for (const backend of testBackends()) {
  describe(`key ring against the database on ${backend.name}`, { skip: backend.skip }, () => {
    after(() => backend.cleanup());

    test('a node with another master key refuses to start; rotation re-seals and retires the old key', async () => {
      if (backend.missing !== undefined) throw new Error(backend.missing);
      const first = await backend.open({ masterKey: OLD_KEY });
      await first.accounts.create({ id: '777788889999', name: 'rot' });
      for (const n of [1, 2, 3]) {
        await first.accessKeys.create({
          accessKeyId: `AKIAROT${n}`,
          accountId: '777788889999',
          userName: null,
          secretAccessKey: `secret-${n}`,
          status: 'Active',
        });
      }
      await first.close();

      await assert.rejects(backend.open({ masterKey: NEW_KEY }), (e: unknown) => e instanceof KeyRingError && /does not open/.test(e.message));

      const rotating = await backend.open({ masterKey: `${NEW_KEY},${OLD_KEY}` });
      assert.equal(rotating.keyRing.isCurrent((await rotating.kv.get(KEY_RING_VERIFIER))!), true);
      assert.equal((await rotating.accessKeys.get('AKIAROT2'))?.secretAccessKey, 'secret-2');
      assert.equal(await rotating.accessKeys.resealAll(), 3);
      assert.equal(await rotating.accessKeys.resealAll(), 0);
      await rotating.close();

      const rotated = await backend.open({ masterKey: NEW_KEY });
      try {
        for (const n of [1, 2, 3]) assert.equal((await rotated.accessKeys.get(`AKIAROT${n}`))?.secretAccessKey, `secret-${n}`);
      } finally {
        await rotated.close();
      }
    });
  });
}
