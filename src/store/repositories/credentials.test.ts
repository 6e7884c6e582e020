import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomAccountId, testBackends } from '../../../test/support/storeBackends.js';
import type { Store } from '../types.js';

/** The credential repositories of migration 0005 behave the same on SQLite and PostgreSQL. */
for (const backend of testBackends()) {
  describe(`credential repositories on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    const accountId = randomAccountId();

    before(async () => {
      if (backend.missing) throw new Error(backend.missing);
      store = await backend.open();
      await store.accounts.create({ id: accountId, name: 'creds' });
    });
    after(async () => {
      await store?.close();
      await backend.cleanup();
    });

    it('stores MFA devices with sealed seeds and accepts each time step once', async () => {
      const serial = `arn:aws:iam::${accountId}:mfa/Phone`;
      await store.mfaDevices.create({ serialNumber: serial, accountId, name: 'Phone', path: '/', seed: 'JBSWY3DPEHPK3PXP' });
      const row = await store.db.selectFrom('mfa_devices').select('seed_sealed').executeTakeFirstOrThrow();
      assert.ok(!row.seed_sealed.includes('JBSWY3DPEHPK3PXP'));
      assert.equal(await store.mfaDevices.seed(serial.toLowerCase()), 'JBSWY3DPEHPK3PXP');
      await store.mfaDevices.assign(serial, { owner: { userName: 'alice' }, enableDate: '2026-01-01T00:00:00.000Z', lastStep: 100, driftSteps: -1 });
      assert.equal(await store.mfaDevices.recordUse(serial, 100), false);
      assert.equal(await store.mfaDevices.recordUse(serial, 101), true);
      const device = await store.mfaDevices.get(serial);
      assert.equal(device?.lastStep, 101);
      assert.equal(device?.driftSteps, -1);
      assert.equal((await store.mfaDevices.list(accountId, 'Assigned')).items.length, 1);
      assert.equal((await store.mfaDevices.list(accountId, 'Unassigned')).items.length, 0);
      await store.mfaDevices.renameUser(accountId, 'alice', 'alicia');
      assert.equal((await store.mfaDevices.listForOwner(accountId, 'alicia')).length, 1);
      await store.mfaDevices.unassign(serial);
      assert.equal((await store.mfaDevices.get(serial))?.enableDate, null);
      assert.equal(await store.mfaDevices.delete(serial), true);
    });

    it('counts, renames and pages server certificates by name', async () => {
      for (const name of ['b', 'A', 'c']) {
        await store.serverCertificates.create({
          accountId,
          serverCertificateId: `ASCA${name.toUpperCase()}${accountId}`,
          name,
          path: '/',
          arn: `arn:aws:iam::${accountId}:server-certificate/${name}`,
          body: 'body',
          chain: null,
          privateKey: 'secret key',
          expiration: '2030-01-01T00:00:00.000Z',
        });
      }
      assert.equal(await store.serverCertificates.count(accountId), 3);
      const first = await store.serverCertificates.list(accountId, { maxItems: 2 });
      assert.deepEqual(
        first.items.map((c) => c.name),
        ['A', 'b'],
      );
      const rest = await store.serverCertificates.list(accountId, { maxItems: 2, marker: first.marker! });
      assert.deepEqual(
        rest.items.map((c) => c.name),
        ['c'],
      );
      assert.equal(await store.serverCertificates.update(accountId, 'C', { name: 'd', path: '/x/' }), true);
      assert.equal((await store.serverCertificates.get(accountId, 'D'))?.path, '/x/');
    });

    it('keeps service passwords sealed and replaces them on reset', async () => {
      await store.serviceSpecificCredentials.create({
        credentialId: `ACCA${accountId}XYZAB`,
        accountId,
        userName: 'bob',
        serviceName: 'codecommit.amazonaws.com',
        serviceUserName: `bob-at-${accountId}`,
        password: 'first-password',
        status: 'Active',
      });
      assert.equal(await store.serviceSpecificCredentials.password(`ACCA${accountId}XYZAB`), 'first-password');
      await store.serviceSpecificCredentials.setPassword(`ACCA${accountId}XYZAB`, 'second-password');
      assert.equal(await store.serviceSpecificCredentials.password(`ACCA${accountId}XYZAB`), 'second-password');
      assert.equal((await store.serviceSpecificCredentials.listForUser(accountId, 'bob', 'cassandra.amazonaws.com')).length, 0);
    });

    /** What the three per-user credentials with a status have in common, as this test uses it. */
    interface OwnedCredentials {
      get(accountId: string, userName: string, id: string): Promise<{ status: string } | undefined>;
      updateStatus(accountId: string, userName: string, id: string, status: 'Active' | 'Inactive'): Promise<boolean>;
      delete(accountId: string, userName: string, id: string): Promise<boolean>;
      renameUser(accountId: string, oldName: string, newName: string): Promise<void>;
    }
    const kinds: {
      kind: string;
      repository: () => OwnedCredentials;
      create: (id: string, userName: string, at: string) => Promise<unknown>;
      ids: (userName: string) => Promise<string[]>;
    }[] = [
      {
        kind: 'SSH public keys',
        repository: () => store.sshPublicKeys,
        create: (id, userName, uploadedAt) =>
          store.sshPublicKeys.create({
            sshPublicKeyId: id,
            accountId,
            userName,
            bodySsh: 'ssh-rsa AAAA',
            bodyPem: 'pem',
            fingerprint: id,
            status: 'Active',
            uploadedAt,
          }),
        ids: async (userName) => (await store.sshPublicKeys.listForUser(accountId, userName)).map((k) => k.sshPublicKeyId),
      },
      {
        kind: 'signing certificates',
        repository: () => store.signingCertificates,
        create: (id, userName, uploadedAt) =>
          store.signingCertificates.create({ certificateId: id, accountId, userName, body: 'pem', fingerprint: id, status: 'Active', uploadedAt }),
        ids: async (userName) => (await store.signingCertificates.listForUser(accountId, userName)).map((c) => c.certificateId),
      },
      {
        kind: 'service-specific credentials',
        repository: () => store.serviceSpecificCredentials,
        create: (id, userName, createdAt) =>
          store.serviceSpecificCredentials.create({
            credentialId: id,
            accountId,
            userName,
            serviceName: 'codecommit.amazonaws.com',
            serviceUserName: `${userName}-at`,
            password: 'p',
            status: 'Active',
            createdAt,
          }),
        ids: async (userName) => (await store.serviceSpecificCredentials.listForUser(accountId, userName)).map((c) => c.credentialId),
      },
    ];
    for (const { kind, repository, create, ids } of kinds) {
      it(`${kind}: listed oldest first, changed and deleted only through their owner, and follow the owner's rename`, async () => {
        const owner = `owner-${kind.length}`;
        const [late, early] = [`LATE${kind.length}${accountId}`, `EARLY${kind.length}${accountId}`];
        await create(late, owner, '2026-01-02T00:00:00.000Z');
        await create(early, owner, '2026-01-01T00:00:00.000Z');
        const repo = repository();
        assert.deepEqual(await ids(owner), [early, late]);
        assert.equal(await repo.updateStatus(accountId, 'someone-else', early, 'Inactive'), false);
        assert.equal(await repo.updateStatus(accountId, owner, early, 'Inactive'), true);
        assert.equal((await repo.get(accountId, owner, early))?.status, 'Inactive');
        assert.equal(await repo.get(accountId, 'someone-else', early), undefined);
        assert.equal(await repo.delete(accountId, 'someone-else', late), false);
        await repo.renameUser(accountId, owner, `${owner}-renamed`);
        assert.deepEqual(await ids(owner), []);
        assert.equal(await repo.delete(accountId, `${owner}-renamed`, late), true);
        assert.deepEqual(await ids(`${owner}-renamed`), [early]);
      });
    }

    it('finds signing certificates by fingerprint and keeps root certificates apart', async () => {
      await store.signingCertificates.create({ certificateId: 'C1', accountId, userName: null, body: 'pem', fingerprint: 'f1', status: 'Active' });
      assert.equal((await store.signingCertificates.findByFingerprint(accountId, 'f1'))?.certificateId, 'C1');
      assert.equal((await store.signingCertificates.listForUser(accountId, null)).length, 1);
      assert.equal(await store.signingCertificates.updateStatus(accountId, 'someone', 'C1', 'Inactive'), false);
      assert.equal(await store.signingCertificates.updateStatus(accountId, null, 'C1', 'Inactive'), true);
      assert.equal(await store.signingCertificates.delete(accountId, null, 'C1'), true);
    });
  });
}
