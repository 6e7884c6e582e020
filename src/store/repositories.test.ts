import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuplicateError, KeyRingError } from './storeErrors.js';
import { randomAccountId, testBackends } from '../../test/support/storeBackends.js';
import type { Store } from './types.js';

const FROZEN = '2026-11-21T19:20:00.000Z';

for (const backend of testBackends()) {
  describe(`repositories on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      if (backend.missing !== undefined) throw new Error(backend.missing);
      store = await backend.open({ now: () => new Date(FROZEN) });
    });
    after(async () => {
      await store?.close();
      await backend.cleanup();
    });

    async function account(): Promise<string> {
      const id = randomAccountId();
      await store.accounts.create({ id, name: `acct-${id}` });
      return id;
    }

    test('accounts: create, get, list; defaults and timestamps', async () => {
      const id = randomAccountId();
      const created = await store.accounts.create({ id, name: 'Management', email: 'ops@example.com' });
      assert.deepEqual(created, {
        id,
        name: 'Management',
        email: 'ops@example.com',
        status: 'ACTIVE',
        organizationId: null,
        parentId: null,
        createdAt: FROZEN,
      });
      assert.deepEqual(await store.accounts.get(id), created);
      assert.equal(await store.accounts.get('000000000000'), undefined);
      const member = await store.accounts.create({
        id: randomAccountId(),
        name: 'Member',
        organizationId: 'o-abc123defg',
        parentId: 'r-ab12',
        status: 'SUSPENDED',
        createdAt: '2025-01-02T03:04:05.678Z',
      });
      const listed = await store.accounts.list();
      assert.deepEqual(
        listed.filter((a) => a.id === id || a.id === member.id),
        [created, member].sort((a, b) => a.id.localeCompare(b.id)),
      );
      await assert.rejects(store.accounts.create({ id, name: 'again' }), (e: unknown) => e instanceof DuplicateError && e.entity === 'account' && e.key === id);
    });

    test('access keys: create, get with the secret, list, status, last used, delete', async () => {
      const id = await account();
      const root = await store.accessKeys.create({
        accessKeyId: `AKIAROOT${id}`,
        accountId: id,
        userName: null,
        secretAccessKey: 'root-secret',
        status: 'Active',
      });
      assert.deepEqual(root, {
        accessKeyId: `AKIAROOT${id}`,
        accountId: id,
        userName: null,
        status: 'Active',
        createdAt: FROZEN,
        lastUsedAt: null,
        lastUsedService: null,
        lastUsedRegion: null,
      });
      await store.accessKeys.create({
        accessKeyId: `AKIAALICE1${id}`,
        accountId: id,
        userName: 'alice',
        secretAccessKey: 's1',
        status: 'Active',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      await store.accessKeys.create({
        accessKeyId: `AKIAALICE2${id}`,
        accountId: id,
        userName: 'alice',
        secretAccessKey: 's2',
        status: 'Inactive',
        createdAt: '2026-02-01T00:00:00.000Z',
      });

      assert.deepEqual(await store.accessKeys.get(`AKIAROOT${id}`), { ...root, secretAccessKey: 'root-secret' });
      assert.equal(await store.accessKeys.get('AKIANOSUCHKEY'), undefined);
      assert.deepEqual(
        (await store.accessKeys.listForUser(id, 'alice')).map((k) => [k.accessKeyId, k.status]),
        [
          [`AKIAALICE1${id}`, 'Active'],
          [`AKIAALICE2${id}`, 'Inactive'],
        ],
      );
      assert.deepEqual(
        (await store.accessKeys.listForUser(id, null)).map((k) => k.accessKeyId),
        [`AKIAROOT${id}`],
      );
      assert.equal('secretAccessKey' in (await store.accessKeys.listForUser(id, null))[0]!, false);

      assert.equal(await store.accessKeys.updateStatus(`AKIAALICE1${id}`, 'Inactive'), true);
      assert.equal(await store.accessKeys.updateStatus('AKIANOSUCHKEY', 'Inactive'), false);
      assert.equal((await store.accessKeys.get(`AKIAALICE1${id}`))?.status, 'Inactive');

      await store.accessKeys.recordLastUsed(`AKIAALICE2${id}`, { at: '2026-11-21T19:25:00.123Z', service: 'iam', region: 'us-east-1' });
      const used = await store.accessKeys.get(`AKIAALICE2${id}`);
      assert.deepEqual([used?.lastUsedAt, used?.lastUsedService, used?.lastUsedRegion], ['2026-11-21T19:25:00.123Z', 'iam', 'us-east-1']);

      assert.equal(await store.accessKeys.delete(`AKIAALICE1${id}`), true);
      assert.equal(await store.accessKeys.delete(`AKIAALICE1${id}`), false);
      assert.equal(await store.accessKeys.get(`AKIAALICE1${id}`), undefined);
      await assert.rejects(
        store.accessKeys.create({ accessKeyId: `AKIAROOT${id}`, accountId: id, userName: null, secretAccessKey: 'x', status: 'Active' }),
        DuplicateError,
      );
    });

    test('access keys: the database holds only the sealed secret, bound to its row', async () => {
      const id = await account();
      const secret = `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${id}`;
      await store.accessKeys.create({ accessKeyId: `AKIASEAL1${id}`, accountId: id, userName: null, secretAccessKey: secret, status: 'Active' });
      await store.accessKeys.create({ accessKeyId: `AKIASEAL2${id}`, accountId: id, userName: null, secretAccessKey: 'other', status: 'Active' });
      const rows = await store.db.selectFrom('access_keys').selectAll().where('account_id', '=', id).execute();
      for (const row of rows) {
        for (const value of Object.values(row)) assert.ok(!String(value).includes(secret), 'plaintext secret in a column');
        assert.match(row.secret_sealed, /^v1:[0-9a-f]{16}:/);
      }
      const sealed1 = rows.find((r) => r.access_key_id === `AKIASEAL1${id}`)!.secret_sealed;
      assert.equal(store.keyRing.open(sealed1, `access-key:AKIASEAL1${id}`), secret);
      await store.db.updateTable('access_keys').set({ secret_sealed: sealed1 }).where('access_key_id', '=', `AKIASEAL2${id}`).execute();
      await assert.rejects(store.accessKeys.get(`AKIASEAL2${id}`), KeyRingError);
    });

    test('users: create, case-insensitive get and uniqueness, getById, delete', async () => {
      const id = await account();
      const alice = await store.users.create({ accountId: id, userId: `AIDAALICE${id}`, name: 'Alice', arn: `arn:aws:iam::${id}:user/Alice` });
      assert.deepEqual(alice, {
        accountId: id,
        userId: `AIDAALICE${id}`,
        name: 'Alice',
        path: '/',
        arn: `arn:aws:iam::${id}:user/Alice`,
        createdAt: FROZEN,
        permissionsBoundaryArn: null,
        passwordLastUsed: null,
      });
      assert.deepEqual(await store.users.get(id, 'ALICE'), alice);
      assert.deepEqual(await store.users.get(id, 'alice'), alice);
      assert.deepEqual(await store.users.getById(`AIDAALICE${id}`), alice);
      assert.equal(await store.users.get(randomAccountId(), 'Alice'), undefined);

      await assert.rejects(
        store.users.create({ accountId: id, userId: `AIDAOTHER${id}`, name: 'aLiCe', arn: `arn:aws:iam::${id}:user/aLiCe` }),
        (e: unknown) => e instanceof DuplicateError && e.entity === 'user' && e.key === 'aLiCe',
      );
      await assert.rejects(
        store.users.create({ accountId: id, userId: `AIDAALICE${id}`, name: 'Bob', arn: `arn:aws:iam::${id}:user/Bob` }),
        (e: unknown) => e instanceof DuplicateError && e.key === `AIDAALICE${id}`,
      );
      const other = await account();
      await store.users.create({ accountId: other, userId: `AIDAALICE${other}`, name: 'Alice', arn: `arn:aws:iam::${other}:user/Alice` });

      assert.equal(await store.users.delete(id, 'aLICE'), true);
      assert.equal(await store.users.delete(id, 'Alice'), false);
      assert.equal(await store.users.get(id, 'Alice'), undefined);
      assert.equal((await store.users.get(other, 'alice'))?.accountId, other);
    });

    test('users: list by name with path prefix and markers', async () => {
      const id = await account();
      const users: Array<[string, string]> = [
        ['carol', '/'],
        ['Bob', '/eng/'],
        ['alice', '/eng/backend/'],
        ['Dave', '/engineering/'],
        ['erin', '/ops/'],
      ];
      for (const [name, path] of users) {
        await store.users.create({ accountId: id, userId: `AIDA${name.toUpperCase()}${id}`, name, path, arn: `arn:aws:iam::${id}:user${path}${name}` });
      }
      const all = await store.users.list(id);
      assert.deepEqual(
        all.items.map((u) => u.name),
        ['alice', 'Bob', 'carol', 'Dave', 'erin'],
      );
      assert.equal(all.isTruncated, false);
      assert.equal(all.marker, undefined);

      assert.deepEqual(
        (await store.users.list(id, { pathPrefix: '/eng/' })).items.map((u) => u.name),
        ['alice', 'Bob'],
      );
      assert.deepEqual(
        (await store.users.list(id, { pathPrefix: '/eng' })).items.map((u) => u.name),
        ['alice', 'Bob', 'Dave'],
      );
      assert.deepEqual((await store.users.list(id, { pathPrefix: '/ENG/' })).items, []);

      const seen: string[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const page = await store.users.list(id, { maxItems: 2, ...(marker === undefined ? {} : { marker }) });
        seen.push(...page.items.map((u) => u.name));
        assert.equal(page.isTruncated, page.marker !== undefined);
        marker = page.marker;
        pages += 1;
      } while (marker !== undefined);
      assert.deepEqual(seen, ['alice', 'Bob', 'carol', 'Dave', 'erin']);
      assert.equal(pages, 3);
    });

    test('kv: get, set (upsert), setIfAbsent, delete', async () => {
      const key = `test.${randomAccountId()}`;
      assert.equal(await store.kv.get(key), undefined);
      await store.kv.set(key, 'one');
      assert.equal(await store.kv.get(key), 'one');
      await store.kv.set(key, 'two');
      assert.equal(await store.kv.get(key), 'two');
      assert.equal(await store.kv.setIfAbsent(key, 'three'), false);
      assert.equal(await store.kv.get(key), 'two');
      assert.equal(await store.kv.delete(key), true);
      assert.equal(await store.kv.delete(key), false);
      assert.equal(await store.kv.setIfAbsent(key, 'four'), true);
      assert.equal(await store.kv.get(key), 'four');
    });

    test('account-wide reads: every user, group and role by name, memberships, keys and certificates oldest first, login profiles, MFA devices, counts', async () => {
      const id = await account();
      for (const name of ['bob', 'Alice']) {
        await store.users.create({ accountId: id, userId: `AIDA${name.toUpperCase()}${id}`, name, arn: `arn:aws:iam::${id}:user/${name}` });
        await store.groups.create({
          accountId: id,
          groupId: `AGPA${name.toUpperCase()}${id}`,
          name: `${name}s`,
          path: '/',
          arn: `arn:aws:iam::${id}:group/${name}s`,
        });
        await store.roles.create({
          accountId: id,
          roleId: `AROA${name.toUpperCase()}${id}`,
          name: `${name}-role`,
          path: '/',
          arn: 'r',
          trustPolicy: '{}',
          maxSessionDuration: 3600,
        });
      }
      assert.deepEqual(
        (await store.users.listAll(id)).map((u) => u.name),
        ['Alice', 'bob'],
      );
      assert.deepEqual(
        (await store.groups.listAll(id)).map((g) => g.name),
        ['Alices', 'bobs'],
      );
      assert.deepEqual(
        (await store.roles.listAll(id)).map((r) => r.name),
        ['Alice-role', 'bob-role'],
      );
      await store.groups.addMember(id, 'bobs', 'Alice');
      await store.groups.addMember(id, 'Alices', 'Alice');
      assert.deepEqual(
        (await store.groups.memberships(id)).sort((a, b) => a.groupName.localeCompare(b.groupName)),
        [
          { groupName: 'Alices', userName: 'Alice' },
          { groupName: 'bobs', userName: 'Alice' },
        ],
      );

      await store.accessKeys.create({
        accessKeyId: `AKIALATE${id}`,
        accountId: id,
        userName: 'bob',
        secretAccessKey: 's',
        status: 'Active',
        createdAt: '2026-01-02T00:00:00.000Z',
      });
      await store.accessKeys.create({
        accessKeyId: `AKIAROOT${id}`,
        accountId: id,
        userName: null,
        secretAccessKey: 's',
        status: 'Active',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      assert.deepEqual(
        (await store.accessKeys.listForAccount(id)).map((k) => k.accessKeyId),
        [`AKIAROOT${id}`, `AKIALATE${id}`],
      );
      const cert = { accountId: id, body: 'pem', status: 'Active' as const };
      await store.signingCertificates.create({
        ...cert,
        certificateId: `CERTB${id}`,
        userName: 'bob',
        fingerprint: 'b',
        uploadedAt: '2026-01-02T00:00:00.000Z',
      });
      await store.signingCertificates.create({
        ...cert,
        certificateId: `CERTR${id}`,
        userName: null,
        fingerprint: 'r',
        uploadedAt: '2026-01-01T00:00:00.000Z',
      });
      assert.deepEqual(
        (await store.signingCertificates.listForAccount(id)).map((c) => c.certificateId),
        [`CERTR${id}`, `CERTB${id}`],
      );
      await store.loginProfiles.create(id, 'bob', 'hash', false);
      assert.deepEqual(
        (await store.loginProfiles.listForAccount(id)).map((p) => p.userName),
        ['bob'],
      );

      const device = (name: string) => ({ serialNumber: `arn:aws:iam::${id}:mfa/${name}`, accountId: id, name, path: '/', seed: 'seed' });
      for (const name of ['a', 'b', 'c']) await store.mfaDevices.create(device(name));
      await store.mfaDevices.assign(device('a').serialNumber, { owner: { userName: 'bob' }, enableDate: FROZEN, lastStep: 1, driftSteps: 0 });
      await store.mfaDevices.assign(device('b').serialNumber, { owner: 'root', enableDate: FROZEN, lastStep: 1, driftSteps: 0 });
      assert.equal(await store.mfaDevices.count(id), 3);
      assert.equal(await store.mfaDevices.countInUse(id), 2);
      assert.deepEqual((await store.mfaDevices.listEnabled(id)).map((d) => [d.userName, d.assignedRoot]).sort(), [
        [null, true],
        ['bob', false],
      ]);

      await store.policyAttachments.attach(id, 'user', 'bob', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
      await store.policyAttachments.attach(id, 'role', 'bob-role', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
      assert.equal(await store.policyAttachments.count(id), 2);
    });

    test("renames: a user's keys, memberships, attachments and inline policies follow it", async () => {
      const id = await account();
      await store.accessKeys.create({ accessKeyId: `AKIARENAME${id}`, accountId: id, userName: 'old', secretAccessKey: 's', status: 'Active' });
      await store.groups.create({ accountId: id, groupId: `AGPARENAME${id}`, name: 'g', path: '/', arn: 'g' });
      await store.groups.addMember(id, 'g', 'old');
      await store.policyAttachments.attach(id, 'user', 'old', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
      await store.inlinePolicies.put(id, 'user', 'old', 'p', '{}');
      await store.accessKeys.renameUser(id, 'old', 'new');
      await store.groups.renameMember(id, 'old', 'new');
      await store.policyAttachments.renameHolder(id, 'user', 'OLD', 'new');
      await store.inlinePolicies.renameHolder(id, 'user', 'OLD', 'new');
      assert.deepEqual(
        (await store.accessKeys.listForUser(id, 'new')).map((k) => k.accessKeyId),
        [`AKIARENAME${id}`],
      );
      assert.deepEqual((await store.groups.members(id, 'g')).items, ['new']);
      assert.deepEqual(await store.policyAttachments.listFor(id, 'user', 'new'), ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
      assert.deepEqual(
        (await store.inlinePolicies.list(id, 'user', 'new')).map((p) => p.policyName),
        ['p'],
      );
      assert.deepEqual(await store.policyAttachments.listFor(id, 'user', 'old'), []);
    });

    test('deleting an account removes its users and keys', async () => {
      const id = await account();
      await store.users.create({ accountId: id, userId: `AIDACASCADE${id}`, name: 'u', arn: `arn:aws:iam::${id}:user/u` });
      await store.accessKeys.create({ accessKeyId: `AKIACASCADE${id}`, accountId: id, userName: 'u', secretAccessKey: 's', status: 'Active' });
      await store.db.deleteFrom('accounts').where('id', '=', id).execute();
      assert.equal(await store.users.getById(`AIDACASCADE${id}`), undefined);
      assert.equal(await store.accessKeys.get(`AKIACASCADE${id}`), undefined);
    });
  });
}
