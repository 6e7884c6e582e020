import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newOrganizationId, newOrganizationPolicyId } from '../model/index.js';
import type { OrgPolicyRecord } from './repositories/index.js';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';

describeOnBackends('organization policies in the store', (opened) => {
  test('keep when they were last updated and, per type, when each was attached, in attachment order', async () => {
    const store = opened();
    const management = randomAccountId();
    await store.accounts.create({ id: management, name: 'mgmt' });
    const org = { id: newOrganizationId(), managementAccountId: management, featureSet: 'ALL' as const, createdAt: '2026-11-22T00:00:00.000Z' };
    await store.organizations.create(org);
    const policy = (name: string): OrgPolicyRecord => ({
      organizationId: org.id,
      id: newOrganizationPolicyId(),
      type: 'TAG_POLICY',
      name,
      description: '',
      content: '{"tags":{}}',
      awsManaged: false,
    });
    const first = policy('first'),
      second = policy('second');
    await store.organizationPolicies.create(first);
    await store.organizationPolicies.create(second);
    const created = (await store.organizationPolicies.get(org.id, first.id))!.updatedAt!;
    assert.match(created, /^\d{4}-\d\d-\d\dT/);

    await store.organizationPolicies.attach(org.id, second.id, management);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.organizationPolicies.attach(org.id, first.id, management);
    const backup = { ...policy('backup'), type: 'BACKUP_POLICY' };
    await store.organizationPolicies.create(backup);
    await store.organizationPolicies.attach(org.id, backup.id, management);
    const attachments = await store.organizationPolicies.attachedPolicies(org.id, management, 'TAG_POLICY');
    assert.deepEqual(
      attachments.map((a) => a.policy.id),
      [second.id, first.id],
    );
    assert.ok(attachments[0]!.attachedAt < attachments[1]!.attachedAt);
    assert.equal(attachments[1]!.policy.name, 'first');
    assert.deepEqual(
      (await store.organizationPolicies.attachedPolicies(org.id, management, 'BACKUP_POLICY')).map((a) => a.policy.id),
      [backup.id],
    );

    await store.organizationPolicies.update(org.id, first.id, { name: 'first', description: 'd', content: '{"tags":{"a":{}}}' });
    const updated = (await store.organizationPolicies.get(org.id, first.id))!;
    assert.equal(updated.content, '{"tags":{"a":{}}}');
    assert.ok(updated.updatedAt! > created, 'an update moves updatedAt');
  });
});
