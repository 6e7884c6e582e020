import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assembleAccountExport, recogniseExport, type AccountExport } from '../../analysis/exports/index.js';
import { analyzeAccount } from '../../analysis/posture/index.js';
import { AccountSnapshot } from '../../analysis/snapshot/index.js';
import { gathererOver, PolicyGatherer } from '../../auth/index.js';
import type { Principal } from '../../model/index.js';
import { buildContext, evaluate } from '../../policy/index.js';
import { ImportConflict } from '../../store/index.js';
import { fixtureExport } from '../../../test/support/exportFixtures.js';
import { describeOnBackends, randomAccountId } from '../../../test/support/storeBackends.js';
import { importAccount, importState } from './accountImporter.js';
import { readAccountExport } from './accountReader.js';

const NOW = new Date('2025-06-02T12:00:00Z');

function exportOf(account: string, edit?: (files: Record<string, string>) => void): AccountExport {
  const files = fixtureExport(account);
  edit?.(files);
  return assembleAccountExport(Object.entries(files).flatMap(([name, text]) => recogniseExport(name, text)));
}

/** What a report says, without when and from what it was made. */
const findingsOf = async (account: AccountExport) =>
  (await analyzeAccount(account, { now: NOW })).findings.map((f) => `${f.severity} ${f.id} ${f.resourceArn}: ${f.reason}`);

describeOnBackends('importing an AWS export into the store', (opened) => {
  test('keeps IDs, ARNs, paths, dates, tags, boundaries, trust policies and every version; reads back to the same analysis', async () => {
    const store = opened();
    const id = randomAccountId();
    const account = exportOf(id);
    const summary = await importAccount(store, account);
    assert.deepEqual(
      [summary.users, summary.groups, summary.roles, summary.policies, summary.policyVersions, summary.organizationId],
      [2, 1, 2, 1, 2, 'o-exampleorg1'],
    );
    const bob = await store.users.get(id, 'BOB');
    assert.deepEqual(
      [bob?.userId, bob?.arn, bob?.path, bob?.createdAt, bob?.permissionsBoundaryArn],
      [`AIDA${id}BOB001`, `arn:aws:iam::${id}:user/dev/bob`, '/dev/', '2025-02-01T10:00:00.000Z', `arn:aws:iam::${id}:policy/deploy`],
    );
    assert.deepEqual(await store.tags.list(id, 'user', `AIDA${id}ALICE1`), [{ Key: 'team', Value: 'platform' }]);
    const partner = await store.roles.get(id, 'partner');
    assert.match(partner!.trustPolicy, /444455556666:root/);
    assert.equal(partner!.lastUsedAt, '2025-03-05T12:00:00.000Z');
    assert.deepEqual(
      (await store.managedPolicies.versions(`arn:aws:iam::${id}:policy/deploy`)).map((v) => [v.versionId, v.isDefault]),
      [
        ['v1', false],
        ['v2', true],
      ],
    );
    assert.deepEqual(await store.accessKeys.listForAccount(id), [], 'no imported credential is usable');
    assert.deepEqual(await store.loginProfiles.listForAccount(id), []);
    assert.equal((await store.accounts.get(id))?.organizationId, 'o-exampleorg1');

    const stored = await readAccountExport(store, id);
    assert.ok(stored !== undefined);
    assert.deepEqual(await findingsOf(stored), await findingsOf(account));
  });

  test("the store's own gatherer (the simulator's and the pipeline's) decides as the export's snapshot does", async () => {
    const store = opened();
    const id = randomAccountId();
    const account = exportOf(id);
    await importAccount(store, account);
    const live = gathererOver(store);
    const offline = new PolicyGatherer(
      AccountSnapshot.fromAuthorizationDetails(account.details, { organizationPaths: new Map([[id, account.organization!.pathFacts]]) }),
    );
    const user = (name: string, path = '/'): Principal => ({
      type: 'IAMUser',
      accountId: id,
      arn: `arn:aws:iam::${id}:user${path}${name}`,
      userId: 'x',
      userName: name,
    });
    const cases: [Principal, string, string][] = [
      [user('alice'), 'ec2:RunInstances', '*'],
      [user('alice'), 'iam:CreateAccessKey', `arn:aws:iam::${id}:user/alice`],
      [user('bob', '/dev/'), 'iam:CreateAccessKey', `arn:aws:iam::${id}:user/alice`],
      [user('bob', '/dev/'), 'iam:DeleteAccessKey', `arn:aws:iam::${id}:user/alice`],
      [user('bob', '/dev/'), 's3:GetObject', 'arn:aws:s3:::bucket/key'],
      [user('bob', '/dev/'), 'ec2:RunInstances', '*'],
    ];
    const decide = async (gatherer: PolicyGatherer, [principal, action, resource]: [Principal, string, string]) => {
      const policies = await gatherer.policiesFor(principal, { action, resource }, id);
      return evaluate({ principal, action, resource: { arn: resource, accountId: id }, context: buildContext({ ...policies.organizationContext }) }, policies)
        .result;
    };
    const results = [];
    for (const c of cases) {
      const [a, b] = [await decide(live, c), await decide(offline, c)];
      assert.equal(a, b, `${c[1]} by ${c[0].arn}`);
      results.push(a);
    }
    // The SCP denies iam:CreateAccessKey to everyone, the administrator too.
    assert.deepEqual(results, ['Allowed', 'ExplicitlyDenied', 'ExplicitlyDenied', 'Allowed', 'Allowed', 'ImplicitlyDenied']);
  });

  test('importing again replaces the account in one transaction; a failing import changes nothing', async () => {
    const store = opened();
    const id = randomAccountId();
    await importAccount(store, exportOf(id));
    const withoutBob = exportOf(id, (files) => {
      const details = JSON.parse(files['authorization-details.json']!);
      details.UserDetailList = details.UserDetailList.filter((u: { UserName: string }) => u.UserName !== 'bob');
      files['authorization-details.json'] = JSON.stringify(details);
    });
    await importAccount(store, withoutBob);
    assert.deepEqual(
      (await store.users.listAll(id)).map((u) => u.name),
      ['alice'],
    );
    const { state } = importState(exportOf(id));
    const broken = { ...state, roles: [...state.roles, { ...state.roles[0]!, name: 'again' }] };
    await assert.rejects(store.transaction((tx) => tx.accountImports.replace(broken)));
    assert.deepEqual(
      (await store.users.listAll(id)).map((u) => u.name),
      ['alice'],
      'the previous import stands',
    );
    assert.equal((await store.accountImports.get(id))?.organizationId, 'o-exampleorg1');
  });

  test("refuses to replace one of the deployment's own accounts", async () => {
    const store = opened();
    const id = randomAccountId();
    await store.accounts.create({ id, name: 'live' });
    await assert.rejects(
      importAccount(store, exportOf(id)),
      (err: unknown) => err instanceof ImportConflict && /one of this deployment's own accounts/.test(err.message),
    );
    assert.deepEqual(await store.users.listAll(id), []);
  });
});
