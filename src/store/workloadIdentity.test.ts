import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRUST_ANCHORS_TOPIC } from './changeTopics.js';
import type { SubjectRecord } from './repositories/index.js';
import { describeOnBackends, randomAccountId } from '../../test/support/storeBackends.js';

describeOnBackends('workload identity in the store', (opened) => {
  test('trust anchors and CRLs announce their account, and a trust anchor takes its CRLs with it', async () => {
    const store = opened();
    const account = randomAccountId();
    const heard: string[] = [];
    const stop = store.changes.subscribe((topic, payload) => {
      if (topic === TRUST_ANCHORS_TOPIC) heard.push(payload);
    });
    const arn = `arn:aws:rolesanywhere:us-east-1:${account}:trust-anchor/${account}-ta`;
    await store.transaction(async (tx) => {
      await tx.rolesAnywhere.createTrustAnchor({
        accountId: account,
        trustAnchorId: `${account}-ta`,
        arn,
        name: 'ca',
        enabled: true,
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: 'PEM' },
        notificationSettings: [{ event: 'CA_CERTIFICATE_EXPIRY', enabled: true, threshold: 45, channel: 'ALL', configuredBy: 'x' }],
      });
      await tx.rolesAnywhere.createCrl({
        accountId: account,
        crlId: `${account}-crl`,
        arn: `${arn}-crl`,
        name: 'crl',
        enabled: false,
        trustAnchorArn: arn,
        crlData: 'AAAA',
      });
    });
    assert.deepEqual(heard, [account], 'announced once, at commit');
    const updated = await store.rolesAnywhere.updateTrustAnchor(`${account}-ta`, { enabled: false });
    assert.equal(updated?.enabled, false);
    assert.equal((await store.rolesAnywhere.trustAnchorByArn(arn))?.notificationSettings[0]?.threshold, 45);
    assert.equal((await store.rolesAnywhere.crlsFor(arn)).length, 1);
    assert.equal(await store.rolesAnywhere.deleteTrustAnchor(`${account}-ta`), true);
    assert.deepEqual(await store.rolesAnywhere.crls(account), [], 'its CRLs went with it');
    assert.ok(heard.includes('*'));
    stop();
  });

  test('a subject is saved again under its DN, keeping its ID', async () => {
    const store = opened();
    const account = randomAccountId();
    const subject: SubjectRecord = {
      accountId: account,
      subjectId: `${account}-s`,
      arn: `arn:aws:rolesanywhere:us-east-1:${account}:subject/${account}-s`,
      x509Subject: 'CN=a',
      enabled: true,
      credentials: [],
      instanceProperties: [],
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
      lastSeenAt: '2026-12-01T00:00:00.000Z',
    };
    await store.rolesAnywhere.saveSubject(subject);
    const credential = { x509CertificateData: 'PEM', issuer: 'CN=ca', serialNumber: '42', enabled: true, failed: false, seenAt: '2026-12-02T00:00:00.000Z' };
    await store.rolesAnywhere.saveSubject({ ...subject, credentials: [credential], lastSeenAt: '2026-12-02T00:00:00.000Z' });
    const saved = await store.rolesAnywhere.subjectByName(account, 'CN=a');
    assert.equal(saved?.subjectId, `${account}-s`);
    assert.deepEqual(saved?.credentials, [credential]);
    assert.equal(saved?.lastSeenAt, '2026-12-02T00:00:00.000Z');
    assert.equal((await store.rolesAnywhere.subjects(account)).length, 1);
  });

  test('IoT policies attach to certificates, things to principals', async () => {
    const store = opened();
    const account = randomAccountId();
    const at = '2026-12-01T00:00:00.000Z';
    const cert = `arn:aws:iot:us-east-1:${account}:cert/abc`;
    await store.iot.createPolicy({
      accountId: account,
      policyName: 'p',
      arn: `arn:aws:iot:us-east-1:${account}:policy/p`,
      document: '{}',
      generationId: 'g',
      createdAt: at,
      lastModifiedAt: at,
    });
    assert.equal(await store.iot.attachPolicy(account, 'p', cert), true);
    assert.equal(await store.iot.attachPolicy(account, 'p', cert), false, 'once');
    assert.deepEqual(
      (await store.iot.policiesOf(account, cert)).map((p) => p.policyName),
      ['p'],
    );
    assert.deepEqual(await store.iot.targetsOf(account, 'p'), [cert]);
    await store.iot.createThing({
      accountId: account,
      thingName: 't',
      thingId: 'id',
      arn: 'arn',
      thingTypeName: null,
      attributes: { a: 'b' },
      version: 1,
      createdAt: at,
    });
    assert.equal(await store.iot.attachThingPrincipal(account, 't', cert), true);
    assert.deepEqual(await store.iot.principalThings(account, cert), ['t']);
    assert.equal(await store.iot.deleteThing(account, 't'), true);
    assert.deepEqual(await store.iot.principalThings(account, cert), [], 'its principals went with it');
  });

  test('workload tokens keep their issued credentials sealed, and forget them when revoked', async () => {
    const store = opened();
    const account = randomAccountId();
    const tokenId = `wkt-${account}00000000`;
    await store.workloadTokens.create({
      tokenId,
      accountId: account,
      roleArn: `arn:aws:iam::${account}:role/r`,
      description: 'd',
      tokenHash: 'ab'.repeat(32),
      createdAt: '2026-12-01T00:00:00.000Z',
      expiresAt: '2026-12-31T00:00:00.000Z',
    });
    const issued = { accessKeyId: 'ASIA', secretAccessKey: 'secret', sessionToken: 'token', expiration: '2026-12-01T01:00:00.000Z' };
    await store.workloadTokens.saveCredentials(tokenId, issued, '2026-12-01T00:00:00.000Z');
    assert.deepEqual(await store.workloadTokens.credentials(tokenId), issued);
    const row = await store.db.selectFrom('workload_tokens').select('credentials_sealed').where('token_id', '=', tokenId).executeTakeFirstOrThrow();
    assert.ok(!row.credentials_sealed!.includes('secret'), 'sealed at rest');
    assert.equal((await store.workloadTokens.get(tokenId))?.lastUsedAt, '2026-12-01T00:00:00.000Z');
    assert.equal(await store.workloadTokens.revoke(tokenId, '2026-12-02T00:00:00.000Z'), true);
    assert.equal(await store.workloadTokens.revoke(tokenId, '2026-12-02T00:00:00.000Z'), false);
    assert.equal(await store.workloadTokens.credentials(tokenId), undefined);
  });
});
