import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand, CreateSAMLProviderCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleWithSAMLCommandInput } from '@aws-sdk/client-sts';
import { startTestServer, TEST_ACCOUNT_ID as ACCOUNT } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { assertionXml, encode, idpMetadata, responseXml, sign, signingIdentity } from '../support/samlIdp.js';
import type { AssertionOptions, SigningIdentity } from '../support/samlIdp.js';

const ISSUER = 'https://idp.example.com/saml';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/TestIdP`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SamlRole`;
const PAIR = `${ROLE},${PROVIDER}`;

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const SIGNATURE_INVALID = { code: 'InvalidIdentityToken', message: 'Response signature invalid', status: 400 };

describe('sts:AssumeRoleWithSAML', () => {
  let server: TestServer;
  let sts: STSClient;
  let idp: SigningIdentity;
  let attacker: SigningIdentity;

  const options = (extra: Partial<AssertionOptions> = {}): AssertionOptions => ({ issuer: ISSUER, roles: [PAIR], sessionName: 'alice', ...extra });
  /** A response whose Assertion is signed by `key` (the IdP by default). */
  const signed = (extra: Partial<AssertionOptions> = {}, key = idp) => responseXml(ISSUER, [sign(assertionXml(options(extra)), key, 'Assertion')]);
  const assume = (xml: string, extra: Partial<AssumeRoleWithSAMLCommandInput> = {}) =>
    sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: ROLE, PrincipalArn: PROVIDER, SAMLAssertion: encode(xml), ...extra }));

  before(async () => {
    [idp, attacker] = await Promise.all([signingIdentity('Test IdP'), signingIdentity('Attacker')]);
    server = await startTestServer();
    const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await iam.send(new CreateSAMLProviderCommand({ Name: 'TestIdP', SAMLMetadataDocument: idpMetadata(ISSUER, idp.certificate) }));
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
          Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml', 'saml:sub_type': 'persistent', 'saml:iss': ISSUER } },
        },
      ],
    };
    await iam.send(new CreateRoleCommand({ RoleName: 'SamlRole', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const blueOnly = { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } };
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'SamlRole',
        PolicyName: 'blue-team',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [blueOnly] }),
      }),
    );
    sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
  });
  after(() => server.stop());

  it('issues a role session for a signed assertion, with the SAML facts of the response', async () => {
    const out = await assume(signed());
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/SamlRole/alice`);
    assert.equal(out.Subject, 'alice@example.com');
    assert.equal(out.SubjectType, 'persistent');
    assert.equal(out.Issuer, ISSUER);
    assert.equal(out.Audience, 'https://signin.aws.amazon.com/saml');
    assert.equal(out.NameQualifier, createHash('sha1').update(`${ISSUER}${ACCOUNT}/TestIdP`).digest('base64'));
    const session = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    });
    assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/SamlRole/alice`);
  });

  it('records the verified SAML subject as the caller in CloudTrail (SAMLUser)', async () => {
    await assume(signed());
    await server.gatehouse.flushAudit();
    const cloudtrail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const events =
      (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice@example.com' }] }))).Events ?? [];
    const record = JSON.parse(events.find((e) => e.EventName === 'AssumeRoleWithSAML')!.CloudTrailEvent!);
    const qualifier = createHash('sha1').update(`${ISSUER}${ACCOUNT}/TestIdP`).digest('base64');
    assert.deepEqual(record.userIdentity, {
      type: 'SAMLUser',
      principalId: `${qualifier}:alice@example.com`,
      userName: 'alice@example.com',
      identityProvider: qualifier,
    });
    assert.equal(record.recipientAccountId, ACCOUNT);
  });

  it('accepts a signed Response around an unsigned Assertion, and ends the session at SessionNotOnOrAfter', async () => {
    const ends = new Date(Date.now() + 20 * 60_000);
    const xml = sign(responseXml(ISSUER, [assertionXml(options({ sessionNotOnOrAfter: ends }))]), idp, 'Response');
    const out = await assume(xml);
    const expiration = out.Credentials!.Expiration!.getTime();
    assert.ok(expiration <= ends.getTime() && expiration > ends.getTime() - 5_000, 'SessionNotOnOrAfter is shorter than the one-hour default');
  });

  it('refuses an assertion signed by a key not in the metadata (forged)', async () => {
    assert.deepEqual(await rejection(assume(signed({}, attacker))), SIGNATURE_INVALID);
  });

  it('refuses an assertion altered after signing, and one re-signed by another key', async () => {
    const original = signed();
    const altered = original.replace('>alice<', '>mallory<');
    assert.notEqual(altered, original);
    assert.deepEqual(await rejection(assume(altered)), SIGNATURE_INVALID);
    const stripped = altered.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
    const resigned = sign(stripped, attacker, 'Assertion');
    assert.deepEqual(await rejection(assume(resigned)), SIGNATURE_INVALID, 'the KeyInfo certificate of the signature is not trusted');
    assert.deepEqual(await rejection(assume(stripped)), SIGNATURE_INVALID, 'unsigned');
  });

  it('refuses signature wrapping: a second, unsigned Assertion beside or instead of the signed one', async () => {
    const good = sign(assertionXml(options({ id: '_signed' })), idp, 'Assertion');
    const evil = assertionXml(options({ id: '_evil', sessionName: 'mallory', subject: 'mallory@example.com' }));
    assert.deepEqual(await rejection(assume(responseXml(ISSUER, [evil, good]))), SIGNATURE_INVALID, 'evil first');
    assert.deepEqual(await rejection(assume(responseXml(ISSUER, [good, evil]))), SIGNATURE_INVALID, 'evil second');
    const hidden = responseXml(ISSUER, [`<samlp:Extensions>${good}</samlp:Extensions>`, evil]);
    assert.deepEqual(await rejection(assume(hidden)), SIGNATURE_INVALID, 'signed one moved into Extensions');
    const sameId = assertionXml(options({ id: '_signed', sessionName: 'mallory' }));
    assert.deepEqual(await rejection(assume(responseXml(ISSUER, [`<samlp:Extensions>${good}</samlp:Extensions>`, sameId]))), SIGNATURE_INVALID, 'duplicate ID');
    const doctype = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "mallory">]>${signed()}`;
    assert.deepEqual(await rejection(assume(doctype)), SIGNATURE_INVALID, 'no DTDs');
  });

  it('refuses an expired assertion with ExpiredTokenException', async () => {
    const failure = await rejection(assume(signed({ notBefore: new Date(Date.now() - 3_600_000), notOnOrAfter: new Date(Date.now() - 1_800_000) })));
    assert.deepEqual(failure, { code: 'ExpiredTokenException', message: 'Token must be redeemed within 5 minutes of issuance', status: 400 });
  });

  it('refuses a wrong audience and a wrong recipient', async () => {
    const audience = await rejection(assume(signed({ audience: 'urn:example:other-sp' })));
    assert.deepEqual(audience, { code: 'InvalidIdentityToken', message: 'Response does not contain the required audience.', status: 400 });
    const recipient = await rejection(assume(signed({ recipient: 'https://sp.example.com/acs' })));
    assert.equal(recipient.code, 'InvalidIdentityToken');
  });

  it('needs the Role attribute to pair this role with this provider', async () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/OtherRole,${PROVIDER}`;
    const failure = await rejection(assume(signed({ roles: [other] })));
    assert.deepEqual(failure, { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithSAML', status: 403 });
    assert.ok((await assume(signed({ roles: [other, `${PROVIDER}, ${ROLE}`] }))).Credentials, 'either order, any of the values');
  });

  it('evaluates saml:* keys in the trust policy, and checks RoleSessionName and Issuer', async () => {
    const transient = await rejection(assume(signed({ subjectFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' })));
    assert.equal(transient.code, 'AccessDenied');
    const { sessionName: _omit, ...withoutName } = options();
    const noName = responseXml(ISSUER, [sign(assertionXml(withoutName), idp, 'Assertion')]);
    assert.deepEqual(await rejection(assume(noName)), { code: 'InvalidIdentityToken', message: 'RoleSessionName is required in AuthnResponse', status: 400 });
    const badName = await rejection(assume(signed({ sessionName: 'a b' })));
    assert.equal(badName.message, 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
    const issuer = await rejection(
      assume(responseXml(ISSUER, [sign(assertionXml({ ...options(), issuer: 'https://other-idp.example.com' }), idp, 'Assertion')])),
    );
    assert.deepEqual(issuer, { code: 'InvalidIdentityToken', message: 'Issuer not present in specified provider', status: 400 });
  });

  it('passes PrincipalTag attributes as session tags, and refuses an unknown provider', async () => {
    const tags = { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['blue'], 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys': ['team'] };
    const out = await assume(signed({ attributes: tags }));
    assert.ok(out.PackedPolicySize! > 0);
    const c = out.Credentials!;
    const session = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
    });
    assert.ok(
      (await session.send(new ListRolesCommand({}))).Roles!.some((r) => r.RoleName === 'SamlRole'),
      'aws:PrincipalTag/team comes from the PrincipalTag attribute',
    );
    const withSource = await assume(signed({ attributes: { 'https://aws.amazon.com/SAML/Attributes/SourceIdentity': ['alice-src'] } }));
    assert.equal(withSource.SourceIdentity, 'alice-src');
    const unknown = await rejection(assume(signed(), { PrincipalArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Nope` }));
    assert.deepEqual(unknown, { code: 'InvalidIdentityToken', message: "Specified provider doesn't exist.", status: 400 });
    assert.equal((await rejection(assume(signed(), { DurationSeconds: 7200 }))).code, 'ValidationError');
  });
});
