import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateProfileCommand,
  CreateTrustAnchorCommand,
  DeleteTrustAnchorCommand,
  GetTrustAnchorCommand,
  ListTrustAnchorsCommand,
  RolesAnywhereClient,
  TagResourceCommand,
  UpdateProfileCommand,
} from '@aws-sdk/client-rolesanywhere';
import { createSession, type RolesAnywhereError } from '../../src/client/index.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { issue, rootCa, type Issued } from '../support/pki.js';

/**
 * Roles Anywhere's control plane through the SDK: AWS's validation of trust anchors and profiles,
 * iam:PassRole of a profile's roles to rolesanywhere.amazonaws.com, tags, pagination; and what a
 * profile decides of a session (role session names, instance properties, session policies).
 */
describe('IAM Roles Anywhere API', () => {
  let server: TestServer;
  let ra: RolesAnywhereClient;
  let iam: IAMClient;
  let ca: Issued;
  let trustAnchorArn: string;
  let roleArn: string;

  before(async () => {
    server = await startTestServer();
    const base = { endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
    ra = new RolesAnywhereClient(base);
    iam = new IAMClient(base);
    ca = await rootCa('CN=API Root');
    trustAnchorArn = (
      await ra.send(
        new CreateTrustAnchorCommand({ name: 'api', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.pem } } }),
      )
    ).trustAnchor!.trustAnchorArn!;
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] },
      ],
    };
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'api-role', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'api-role',
        PolicyName: 'all',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }),
      }),
    );
  });
  after(() => server.stop());

  /**
   * CreateProfile signed with SigV4 by hand: the SDK client here (3.332) predates members the
   * current model has (acceptRoleSessionName), and drops them.
   */
  async function createProfile(body: Record<string, unknown>): Promise<Record<string, any>> {
    const url = new URL(server.endpoint);
    const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service: 'rolesanywhere', sha256: Sha256 });
    const text = JSON.stringify(body);
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/profiles',
      headers: { host: url.host, 'content-type': 'application/json' },
      body: text,
    });
    const response = await fetch(`${server.endpoint}/profiles`, { method: 'POST', headers: signed.headers as Record<string, string>, body: text });
    assert.equal(response.status, 201);
    return ((await response.json()) as { profile: Record<string, any> }).profile;
  }

  it('validates trust anchors as AWS does', async () => {
    const leaf = await issue(ca, 'CN=not-a-ca');
    const source = (pem: string) => ({ sourceType: 'CERTIFICATE_BUNDLE' as const, sourceData: { x509CertificateData: pem } });
    await rejects(ra.send(new CreateTrustAnchorCommand({ name: 'leaf', source: source(leaf.pem) })), 'ValidationException', {
      message: /^Invalid certificate `CN=not-a-ca`: a trust anchor certificate must be a CA/,
    });
    await rejects(ra.send(new CreateTrustAnchorCommand({ name: 'junk', source: source('not a certificate') })), 'ValidationException', {
      message: /Invalid certificate bundle/,
    });
    await rejects(
      ra.send(
        new CreateTrustAnchorCommand({
          name: 'pca',
          source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/x' } },
        }),
      ),
      'ValidationException',
      { message: /AWS Private Certificate Authority/ },
    );
    await rejects(ra.send(new CreateTrustAnchorCommand({ name: 'bad/name', source: source(ca.pem) })), 'ValidationException', { message: /name/ });
    const expiredCa = await rootCa('CN=Expired Root', { notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    await rejects(ra.send(new CreateTrustAnchorCommand({ name: 'old', source: source(expiredCa.pem) })), 'ValidationException', {
      message: /is not valid now/,
    });
    await rejects(ra.send(new GetTrustAnchorCommand({ trustAnchorId: '00000000-0000-0000-0000-000000000000' })), 'ResourceNotFoundException', {
      status: 404,
      message: 'Trust anchor not found',
    });
  });

  it('pages lists and limits tags', async () => {
    const made = [];
    for (const name of ['p1', 'p2']) {
      made.push(
        (await ra.send(new CreateTrustAnchorCommand({ name, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.pem } } })))
          .trustAnchor!,
      );
    }
    const first = await ra.send(new ListTrustAnchorsCommand({ pageSize: 2 }));
    assert.equal(first.trustAnchors?.length, 2);
    assert.ok(first.nextToken !== undefined);
    const second = await ra.send(new ListTrustAnchorsCommand({ pageSize: 2, nextToken: first.nextToken }));
    assert.deepEqual(
      [...first.trustAnchors!, ...second.trustAnchors!].map((t) => t.name),
      ['api', 'p1', 'p2'],
    );
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await rejects(ra.send(new TagResourceCommand({ resourceArn: made[0]!.trustAnchorArn!, tags })), 'TooManyTagsException');
    for (const t of made) await ra.send(new DeleteTrustAnchorCommand({ trustAnchorId: t.trustAnchorId! }));
  });

  it('needs iam:PassRole to rolesanywhere.amazonaws.com for a profile’s roles', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    const allow = (statements: object[]) =>
      iam.send(
        new PutUserPolicyCommand({ UserName: 'operator', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }),
      );
    await allow([{ Effect: 'Allow', Action: 'rolesanywhere:*', Resource: '*' }]);
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey!;
    const operator = new RolesAnywhereClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    });
    await rejects(operator.send(new CreateProfileCommand({ name: 'denied', roleArns: [roleArn] })), 'AccessDeniedException', {
      status: 403,
      message: `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/operator is not authorized to perform: iam:PassRole on resource: ${roleArn} because no identity-based policy allows the iam:PassRole action`,
    });
    await allow([
      { Effect: 'Allow', Action: 'rolesanywhere:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    ]);
    await rejects(operator.send(new CreateProfileCommand({ name: 'denied', roleArns: [roleArn] })), 'AccessDeniedException', { status: 403 });
    await allow([
      { Effect: 'Allow', Action: 'rolesanywhere:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'rolesanywhere.amazonaws.com' } } },
    ]);
    const created = await operator.send(new CreateProfileCommand({ name: 'allowed', roleArns: [roleArn] }));
    assert.equal(created.profile?.enabled, false, 'a profile is disabled unless created enabled');
    await rejects(operator.send(new CreateProfileCommand({ name: 'long', roleArns: [], durationSeconds: 50_000 })), 'ValidationException');
  });

  it('a profile decides the session: role session names, instance properties, session policies', async () => {
    const leaf = await issue(ca, 'CN=profiled');
    const profile = (
      await ra.send(
        new CreateProfileCommand({
          name: 'strict',
          roleArns: [roleArn],
          enabled: true,
          requireInstanceProperties: true,
          sessionPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }),
        }),
      )
    ).profile!;
    const options = { certificate: leaf.pem, privateKey: leaf.keyPem, trustAnchorArn, profileArn: profile.profileArn!, roleArn, endpoint: server.endpoint };
    const refusal = async (extra: object) => {
      try {
        await createSession({ ...options, ...extra });
      } catch (err) {
        return err as RolesAnywhereError;
      }
      assert.fail('CreateSession succeeded');
    };
    const noProps = await refusal({});
    assert.deepEqual([noProps.code, noProps.status], ['ValidationException', 400]);
    await ra.send(new UpdateProfileCommand({ profileId: profile.profileId!, roleArns: [roleArn] }));
    const named = await refusal({ roleSessionName: 'custom-name', instanceProperties: { host: 'web-1' } });
    assert.deepEqual(
      [named.code, named.status, named.message],
      ['AccessDeniedException', 403, 'AccessDeniedException: Not authorized to set roleSessionName.'],
    );
    const relaxed = await createProfile({
      name: 'relaxed',
      roleArns: [roleArn],
      enabled: true,
      acceptRoleSessionName: true,
      sessionPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }),
    });
    assert.equal(relaxed['acceptRoleSessionName'], true);
    const credentials = await createSession({ ...options, profileArn: relaxed['profileArn'], roleSessionName: 'custom-name' });
    const me = await new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/api-role/custom-name`);
    await rejects(
      new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new ListUsersCommand({})),
      'AccessDenied',
      {
        status: 403,
        message: /because no session policy allows the iam:ListUsers action/,
      },
    );
  });
});
