import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateProfileCommand,
  CreateTrustAnchorCommand,
  DisableProfileCommand,
  DisableTrustAnchorCommand,
  EnableCrlCommand,
  EnableProfileCommand,
  EnableTrustAnchorCommand,
  GetSubjectCommand,
  ImportCrlCommand,
  ListSubjectsCommand,
  RolesAnywhereClient,
} from '@aws-sdk/client-rolesanywhere';
import { createSession, fromRolesAnywhere, signCreateSession, signX509Request, type RolesAnywhereOptions } from '../../src/client/index.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { crl, issue, rootCa, san, type Issued } from '../support/pki.js';

/**
 * IAM Roles Anywhere end to end: a CA and leaf certificates made with @peculiar/x509, a trust
 * anchor and a profile made through the SDK, CreateSession signed by Gatehouse's own client, the
 * credentials used with STS; then every refusal AWS documents, each with its error.
 */

const TRUST_ALL = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'rolesanywhere.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
    },
  ],
};

describe('IAM Roles Anywhere CreateSession', () => {
  let server: TestServer;
  let ra: RolesAnywhereClient;
  let iam: IAMClient;
  let ca: Issued;
  let trustAnchorArn: string;
  let trustAnchorId: string;
  let profileArn: string;
  let profileId: string;
  let roleArn: string;

  const options = (leaf: Issued, extra: Partial<RolesAnywhereOptions> = {}): RolesAnywhereOptions => ({
    certificate: leaf.pem,
    privateKey: leaf.keyPem,
    trustAnchorArn,
    profileArn,
    roleArn,
    endpoint: server.endpoint,
    ...extra,
  });

  /** CreateSession through fetch, answering the status, the error type and the JSON body. */
  async function raw(signed: { url: string; headers: Record<string, string>; body: string }) {
    const response = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
    return { status: response.status, type: response.headers.get('x-amzn-errortype'), json: (await response.json()) as Record<string, any> };
  }

  before(async () => {
    server = await startTestServer();
    const base = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    ra = new RolesAnywhereClient(base);
    iam = new IAMClient(base);
    ca = await rootCa('CN=Gatehouse Test Root, O=Example, C=US');
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'workload', AssumeRolePolicyDocument: JSON.stringify(TRUST_ALL) }));
    roleArn = role.Role!.Arn!;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'workload',
        PolicyName: 'list',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }),
      }),
    );
    const anchor = await ra.send(
      new CreateTrustAnchorCommand({ name: 'root', source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.pem } }, enabled: true }),
    );
    trustAnchorArn = anchor.trustAnchor!.trustAnchorArn!;
    trustAnchorId = anchor.trustAnchor!.trustAnchorId!;
    const profile = await ra.send(new CreateProfileCommand({ name: 'workloads', roleArns: [roleArn], enabled: true }));
    profileArn = profile.profile!.profileArn!;
    profileId = profile.profile!.profileId!;
  });
  after(() => server.stop());

  for (const kind of ['rsa', 'p256', 'p384'] as const) {
    it(`issues role credentials to a ${kind} certificate, usable with STS`, async () => {
      const leaf = await issue(ca, `CN=workload-${kind}, OU=Payments, OU=Batch, O=Example`, {
        kind,
        extensions: [san({ dns: `${kind}.example.com`, uri: `spiffe://example.com/${kind}` })],
      });
      const out = await raw(signCreateSession(options(leaf)));
      assert.equal(out.status, 201, JSON.stringify(out.json));
      const set = out.json['credentialSet'][0];
      const serial = BigInt(`0x${leaf.cert.serialNumber}`).toString(16);
      const sessionName = serial.length % 2 === 0 ? serial : `0${serial}`;
      assert.equal(set.sourceIdentity, `CN=workload-${kind}`);
      assert.equal(set.roleArn, roleArn);
      assert.equal(set.assumedRoleUser.arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/workload/${sessionName}`);
      assert.match(out.json['subjectArn'], new RegExp(`^arn:aws:rolesanywhere:us-east-1:${TEST_ACCOUNT_ID}:subject/`));
      const sts = new STSClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: fromRolesAnywhere(options(leaf)),
      });
      const me = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/workload/${sessionName}`);
      assert.equal(me.Account, TEST_ACCOUNT_ID);
    });
  }

  it('records the subject and the role use', async () => {
    const leaf = await issue(ca, 'CN=subject-check', { kind: 'p256' });
    await createSession(options(leaf, { durationSeconds: 900 }));
    const subjects = (await ra.send(new ListSubjectsCommand({}))).subjects ?? [];
    const summary = subjects.find((s) => s.x509Subject === 'CN=subject-check');
    assert.ok(summary !== undefined, 'the subject is listed');
    const subject = (await ra.send(new GetSubjectCommand({ subjectId: summary.subjectId! }))).subject!;
    assert.equal(subject.credentials?.[0]?.serialNumber, BigInt(`0x${leaf.cert.serialNumber}`).toString(10));
    assert.match(subject.credentials?.[0]?.x509CertificateData ?? '', /-----BEGIN CERTIFICATE-----/);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'workload' }));
    assert.ok(role.Role?.RoleLastUsed?.LastUsedDate instanceof Date, 'the role was used');
  });

  it('records CreateSession in CloudTrail with the certificate, and the session’s calls with its source identity', async () => {
    const leaf = await issue(ca, 'CN=audited, O=Example');
    const credentials = await createSession(options(leaf, { durationSeconds: 900 }));
    await new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new ListUsersCommand({}));
    await server.gatehouse.flushAudit();
    const trail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const lookup = async (name: string) =>
      ((await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }))).Events ?? []).map((e) =>
        JSON.parse(e.CloudTrailEvent!),
      );
    const serial = BigInt(`0x${leaf.cert.serialNumber}`).toString(16);
    const created = (await lookup('CreateSession')).find((e) => e.userIdentity.principalId === serial);
    assert.ok(created !== undefined, 'the CreateSession record');
    assert.deepEqual(created.userIdentity, {
      type: 'Unknown',
      principalId: serial,
      userName: 'CN=audited, O=Example',
      identityProvider: trustAnchorArn,
      accountId: TEST_ACCOUNT_ID,
    });
    assert.equal(created.eventSource, 'rolesanywhere.amazonaws.com');
    assert.equal(created.responseElements.credentialSet[0].credentials.accessKeyId, credentials.accessKeyId);
    assert.equal(created.responseElements.credentialSet[0].sourceIdentity, 'CN=audited');
    assert.ok(!JSON.stringify(created).includes(credentials.secretAccessKey) && !JSON.stringify(created).includes(credentials.sessionToken), 'no secret');
    assert.deepEqual(created.resources, [{ ARN: roleArn, accountId: TEST_ACCOUNT_ID, type: 'AWS::IAM::Role' }]);
    const listed = (await lookup('ListUsers')).find((e) => e.userIdentity.accessKeyId === credentials.accessKeyId);
    assert.equal(listed?.userIdentity.sessionContext.sourceIdentity, 'CN=audited');
    assert.equal(listed?.userIdentity.arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/workload/${serial.length % 2 === 0 ? serial : `0${serial}`}`);
  });

  it('a certificate signs nothing but CreateSession', async () => {
    const leaf = await issue(ca, 'CN=only-sessions');
    const signed = signX509Request(
      {
        method: 'POST',
        url: `${server.endpoint}/trustanchors?trustAnchorArn=${encodeURIComponent(trustAnchorArn)}`,
        body: JSON.stringify({ name: 'x', source: {} }),
      },
      { certificate: leaf.pem, privateKey: leaf.keyPem, region: 'us-east-1' },
    );
    const out = await raw(signed);
    assert.equal(out.status, 403);
    assert.equal(out.type, 'AccessDeniedException');
    assert.equal(out.json['message'], 'An X.509 certificate can only call rolesanywhere:CreateSession, not rolesanywhere:CreateTrustAnchor.');
  });

  describe('refuses, with the error AWS documents', () => {
    const refusedWith = async (signed: { url: string; headers: Record<string, string>; body: string }, type: string, status: number, message: RegExp) => {
      const out = await raw(signed);
      assert.equal(out.status, status, JSON.stringify(out.json));
      assert.equal(out.type, type);
      assert.match(String(out.json['message']), message);
    };

    it('a certificate revoked by an imported, enabled CRL', async () => {
      const leaf = await issue(ca, 'CN=revoked');
      const ok = await raw(signCreateSession(options(leaf)));
      assert.equal(ok.status, 201, 'valid before the CRL');
      const imported = await ra.send(new ImportCrlCommand({ name: 'revocations', crlData: await crl(ca, [leaf]), trustAnchorArn }));
      assert.equal(imported.crl?.enabled, false);
      assert.equal((await raw(signCreateSession(options(leaf)))).status, 201, 'a CRL that is not enabled revokes nothing');
      await ra.send(new EnableCrlCommand({ crlId: imported.crl!.crlId! }));
      await refusedWith(
        signCreateSession(options(leaf)),
        'AccessDeniedException',
        403,
        /^Untrusted Signing Certificate: certificate `CN=revoked` \(serial [0-9a-f]+\) is revoked$/,
      );
    });

    it('an expired certificate', async () => {
      const leaf = await issue(ca, 'CN=expired', { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
      await refusedWith(signCreateSession(options(leaf)), 'AccessDeniedException', 403, /^Untrusted Signing Certificate: certificate `CN=expired` expired at /);
    });

    it('a certificate of another CA', async () => {
      const other = await rootCa('CN=Another Root');
      const leaf = await issue(other, 'CN=stranger');
      await refusedWith(signCreateSession(options(leaf)), 'AccessDeniedException', 403, /^Untrusted Signing Certificate$/);
    });

    it('a chain that does not reach the anchor (an intermediate not sent)', async () => {
      const intermediate = await issue(ca, 'CN=Issuing CA 1', { ca: true });
      const leaf = await issue(intermediate, 'CN=via-intermediate');
      await refusedWith(signCreateSession(options(leaf)), 'AccessDeniedException', 403, /^Untrusted Signing Certificate$/);
      const out = await raw(signCreateSession(options(leaf, { intermediates: intermediate.pem })));
      assert.equal(out.status, 201, 'with X-Amz-X509-Chain it chains');
    });

    it('a disabled trust anchor, then a disabled profile', async () => {
      const leaf = await issue(ca, 'CN=switched');
      await ra.send(new DisableTrustAnchorCommand({ trustAnchorId }));
      try {
        await refusedWith(signCreateSession(options(leaf)), 'AccessDeniedException', 403, /^Trust anchor arn:aws:rolesanywhere:.* is disabled\.$/);
      } finally {
        await ra.send(new EnableTrustAnchorCommand({ trustAnchorId }));
      }
      await ra.send(new DisableProfileCommand({ profileId }));
      try {
        await refusedWith(signCreateSession(options(leaf)), 'AccessDeniedException', 403, /^Profile arn:aws:rolesanywhere:.* is disabled\.$/);
      } finally {
        await ra.send(new EnableProfileCommand({ profileId }));
      }
    });

    it('a tampered signature, and a signature by another key than the certificate’s', async () => {
      const leaf = await issue(ca, 'CN=signer');
      const signed = signCreateSession(options(leaf));
      const tampered = { ...signed, body: JSON.stringify({ durationSeconds: 43200 }) };
      await refusedWith(tampered, 'AccessDeniedException', 403, /^Invalid signature: /);
      const flipped = signed.headers['authorization']!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
      await refusedWith({ ...signed, headers: { ...signed.headers, authorization: flipped } }, 'AccessDeniedException', 403, /^Invalid signature: /);
      const impostor = await issue(ca, 'CN=impostor');
      const forged = signCreateSession({ ...options(leaf), privateKey: impostor.keyPem, certificate: impostor.pem });
      const stolen = { ...forged, headers: { ...forged.headers, 'x-amz-x509': signed.headers['x-amz-x509']! } as Record<string, string> };
      const credential = /Credential=(\d+)\//.exec(signed.headers['authorization']!)![1]!;
      stolen.headers['authorization'] = forged.headers['authorization']!.replace(/Credential=\d+\//, `Credential=${credential}/`);
      await refusedWith(stolen, 'AccessDeniedException', 403, /^Invalid signature: /);
    });

    it('a role whose trust policy lacks sts:TagSession', async () => {
      const trust = { ...TRUST_ALL, Statement: [{ ...TRUST_ALL.Statement[0], Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] };
      const narrow = await iam.send(new CreateRoleCommand({ RoleName: 'no-tags', AssumeRolePolicyDocument: JSON.stringify(trust) }));
      const profile = await ra.send(new CreateProfileCommand({ name: 'no-tags', roleArns: [narrow.Role!.Arn!], enabled: true }));
      const leaf = await issue(ca, 'CN=tagged');
      await refusedWith(
        signCreateSession(options(leaf, { profileArn: profile.profile!.profileArn!, roleArn: narrow.Role!.Arn! })),
        'AccessDeniedException',
        403,
        /sts:TagSession/,
      );
    });
  });
});
