import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newHandshakeId, newOrganizationId } from '../model/index.js';
import type { HandshakeRecord } from './repositories/index.js';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';

describeOnBackends('organization handshakes in the store', (opened) => {
  test('are stored with their party, tags and state, found by organization and by party in any case, and go with their organization', async () => {
    const store = opened();
    const management = randomAccountId();
    await store.accounts.create({ id: management, name: 'mgmt' });
    const org = { id: newOrganizationId(), managementAccountId: management, featureSet: 'ALL' as const, createdAt: '2026-11-22T00:00:00.000Z' };
    await store.organizations.create(org);
    const invite = (partyType: 'ACCOUNT' | 'EMAIL', partyId: string, requestedAt: string): HandshakeRecord => ({
      id: newHandshakeId(),
      organizationId: org.id,
      action: 'INVITE',
      state: 'OPEN',
      partyType,
      partyId,
      notes: null,
      tags: [],
      parentId: null,
      requestedAt,
      expiresAt: '2026-12-07T00:00:00.000Z',
      changedAt: requestedAt,
    });
    const byId = { ...invite('ACCOUNT', '111122223333', '2026-11-22T00:00:01.000Z'), notes: 'Join us', tags: [{ Key: 'team', Value: 'blue' }] };
    const byEmail = invite('EMAIL', 'Guest@Example.com', '2026-11-22T00:00:02.000Z');
    await store.organizations.createHandshake(byEmail);
    await store.organizations.createHandshake(byId);

    assert.deepEqual(await store.organizations.getHandshake(byId.id), byId);
    assert.deepEqual(
      (await store.organizations.handshakes(org.id)).map((h) => h.id),
      [byId.id, byEmail.id],
    );
    assert.deepEqual(
      (await store.organizations.handshakesTo(['111122223333', 'guest@EXAMPLE.com'])).map((h) => h.id),
      [byId.id, byEmail.id],
    );
    assert.deepEqual(await store.organizations.handshakesTo(['999999999999']), []);
    assert.deepEqual(await store.organizations.handshakesTo([]), []);

    await store.organizations.setHandshakeState(byId.id, 'ACCEPTED', '2026-11-23T00:00:00.000Z');
    assert.deepEqual(await store.organizations.getHandshake(byId.id), { ...byId, state: 'ACCEPTED', changedAt: '2026-11-23T00:00:00.000Z' });

    await store.organizations.setFeatureSet(org.id, 'CONSOLIDATED_BILLING');
    assert.equal((await store.organizations.get(org.id))?.featureSet, 'CONSOLIDATED_BILLING');
    const child = { ...invite('ACCOUNT', '111122223333', '2026-11-22T00:00:03.000Z'), action: 'ENABLE_ALL_FEATURES' as const, parentId: byEmail.id };
    await store.organizations.createHandshake(child);
    assert.deepEqual(await store.organizations.getHandshake(child.id), child);

    await store.organizations.delete(org.id);
    assert.equal(await store.organizations.getHandshake(byId.id), undefined);
    assert.deepEqual(await store.organizations.handshakesTo(['111122223333', 'guest@example.com']), []);
  });
});
