import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as x509 from '@peculiar/x509';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UntagSAMLProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import { oidcProviderForIssuer, samlProviderTrust } from '../../src/auth/federation/providers.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const ACCT = TEST_ACCOUNT_ID;
const THUMB_A = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
const THUMB_B = 'A031C46782E6E6C662C2C87C76DA9AA62CCABD8E';

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    // The SDK names modeled errors after their shapes (`NoSuchEntityException`); `Code` is the wire code.
    const e = err as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

/** A self-signed IdP signing certificate, base64 DER. */
async function selfSignedCertificate(commonName: string): Promise<string> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    signingAlgorithm: algorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
  });
  return cert.toString('base64');
}

/** SAML 2.0 IdP metadata with one signing certificate (and one encryption key IAM ignores). */
function metadata(entityId: string, certificate: string, validUntil?: string): string {
  const until = validUntil === undefined ? '' : ` validUntil="${validUntil}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}"${until}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>
${certificate}
      </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${entityId}/sso/redirect"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${entityId}/sso/post"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

function client(server: TestServer): IAMClient {
  return new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
}

describe('IAM SAML providers', () => {
  let server: TestServer;
  let iam: IAMClient;
  let certificate: string;
  before(async () => {
    server = await startTestServer();
    iam = client(server);
    certificate = await selfSignedCertificate('idp.example.com');
  });
  after(async () => {
    await server.stop();
  });

  it('creates, reads, lists, updates and deletes a provider from real metadata', async () => {
    const doc = metadata('https://idp.example.com', certificate);
    assert.ok(doc.length >= 1000);
    const created = await iam.send(new CreateSAMLProviderCommand({ Name: 'Corp_IdP', SAMLMetadataDocument: doc, Tags: [{ Key: 'team', Value: 'sec' }] }));
    const arn = `arn:aws:iam::${ACCT}:saml-provider/Corp_IdP`;
    assert.equal(created.SAMLProviderArn, arn);
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'sec' }]);

    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.SAMLMetadataDocument, doc);
    assert.ok(got.CreateDate instanceof Date);
    assert.ok(got.ValidUntil!.getUTCFullYear() >= new Date().getUTCFullYear() + 99);
    assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'sec' }]);

    const trust = await samlProviderTrust(server.gatehouse.store, arn);
    assert.equal(trust?.entityId, 'https://idp.example.com');
    assert.deepEqual(trust?.signingCertificates, [certificate]);

    const list = await iam.send(new ListSAMLProvidersCommand({}));
    assert.deepEqual(
      list.SAMLProviderList!.map((p) => p.Arn),
      [arn],
    );

    const updatedDoc = metadata('https://idp2.example.com', certificate, '2030-01-01T00:00:00Z');
    const updated = await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: updatedDoc }));
    assert.equal(updated.SAMLProviderArn, arn);
    const after = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(after.SAMLMetadataDocument, updatedDoc);
    assert.equal(after.ValidUntil!.toISOString(), '2030-01-01T00:00:00.000Z');

    const dup = await rejection(iam.send(new CreateSAMLProviderCommand({ Name: 'corp_idp', SAMLMetadataDocument: doc })));
    assert.deepEqual(dup, { name: 'EntityAlreadyExists', message: 'Provider with name corp_idp already exists.', status: 409 });

    await iam.send(
      new TagSAMLProviderCommand({
        SAMLProviderArn: arn,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['TEAM'] }));
    const page = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn, MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    const rest = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn, Marker: page.Marker }));
    assert.deepEqual(
      [...page.Tags!, ...rest.Tags!],
      [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    );

    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    const gone = await rejection(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })));
    assert.deepEqual(gone, { name: 'NoSuchEntity', message: `Manifest not found for arn ${arn}`, status: 404 });
    assert.equal((await rejection(iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })))).name, 'NoSuchEntity');
  });

  it('rejects unusable metadata and bad names without creating anything', async () => {
    const good = metadata('https://idp.example.com', certificate);
    const noCert = good.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '<md:Extensions/>').padEnd(1200, ' ');
    const encryptionOnly = good.replace('use="signing"', 'use="encryption"');
    const badCert = good.replace(certificate, 'QUJD'.repeat(100));
    const notXml = `<md:EntityDescriptor entityID="x">${' '.repeat(1100)}`;
    const noEntityId = good.replace(' entityID="https://idp.example.com"', '');
    for (const doc of [noCert, encryptionOnly, badCert, notXml, noEntityId]) {
      const err = await rejection(iam.send(new CreateSAMLProviderCommand({ Name: 'bad', SAMLMetadataDocument: doc })));
      assert.deepEqual(err, { name: 'InvalidInput', message: 'Could not parse metadata', status: 400 });
    }
    const short = await rejection(iam.send(new CreateSAMLProviderCommand({ Name: 'bad', SAMLMetadataDocument: '<x/>' })));
    assert.deepEqual([short.name, short.status], ['ValidationError', 400]);
    const badName = await rejection(iam.send(new CreateSAMLProviderCommand({ Name: 'has space', SAMLMetadataDocument: good })));
    assert.deepEqual([badName.name, badName.status], ['ValidationError', 400]);
    assert.deepEqual((await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList, []);
  });

  it("reads a large metadata document (up to IAM's 10,000,000 characters) without stalling the thread that answers calls", async () => {
    // 600,000 extra elements: about three seconds of parsing here, done on a worker thread. The
    // server runs in this process, so its event loop is this test's: it must never stall for long.
    const padding = `<md:Extensions>${'<a>x</a>'.repeat(600_000)}</md:Extensions>`;
    const large = metadata('https://large.example.com', certificate).replace('<md:IDPSSODescriptor', `${padding}<md:IDPSSODescriptor`);
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const arn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Large', SAMLMetadataDocument: large }))).SAMLProviderArn!;
    stalls.disable();
    assert.ok(stalls.max / 1e6 < 1000, `the event loop stalled for ${(stalls.max / 1e6).toFixed(0)} ms`);
    assert.equal((await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument, large);
    // A large document IAM cannot use is refused the same way.
    const unusable = large.replace(' entityID="https://large.example.com"', '');
    assert.deepEqual(await rejection(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: unusable }))), {
      name: 'InvalidInput',
      message: 'Could not parse metadata',
      status: 400,
    });
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
  });
});

describe('IAM OpenID Connect providers', () => {
  let server: TestServer;
  let iam: IAMClient;
  before(async () => {
    server = await startTestServer({ env: { GATEHOUSE_QUOTAS: '{"samlProvidersPerAccount":1,"oidcProvidersPerAccount":2}' } });
    iam = client(server);
  });
  after(async () => {
    await server.stop();
  });

  it('creates, reads, changes and deletes a provider', async () => {
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://Token.Example.com/tenant/',
        ClientIDList: ['sts.amazonaws.com', 'app', 'app'],
        ThumbprintList: [THUMB_A],
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    const arn = `arn:aws:iam::${ACCT}:oidc-provider/token.example.com/tenant`;
    assert.equal(created.OpenIDConnectProviderArn, arn);
    assert.deepEqual(created.Tags, [{ Key: 'k', Value: 'v' }]);

    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, 'token.example.com/tenant');
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com', 'app']);
    assert.deepEqual(got.ThumbprintList, [THUMB_A]);
    assert.deepEqual(got.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.ok(got.CreateDate instanceof Date);

    const forIssuer = await oidcProviderForIssuer(server.gatehouse.store, ACCT, 'https://token.example.com/tenant');
    assert.equal(forIssuer?.arn, arn);
    assert.equal(await oidcProviderForIssuer(server.gatehouse.store, ACCT, 'https://elsewhere.example.com'), undefined);
    const dup = await rejection(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/tenant' })));
    assert.deepEqual(dup, { name: 'EntityAlreadyExists', message: 'Provider with url https://token.example.com/tenant already exists.', status: 409 });

    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'other' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'other' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-there' }));
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [THUMB_A, THUMB_B] }));
    const changed = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(changed.ClientIDList, ['sts.amazonaws.com', 'other']);
    assert.deepEqual(changed.ThumbprintList, [THUMB_A, THUMB_B.toLowerCase()]);

    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'z', Value: '26' }] }));
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['k'] }));
    const tags = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'z', Value: '26' }]);
    assert.equal(tags.IsTruncated, false);

    const noThumbs = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://issuer.example.org', ClientIDList: ['c'] }));
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: noThumbs.OpenIDConnectProviderArn }))).ThumbprintList, []);
    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    assert.deepEqual(list.OpenIDConnectProviderList!.map((p) => p.Arn).sort(), [`arn:aws:iam::${ACCT}:oidc-provider/issuer.example.org`, arn].sort());

    const quota = await rejection(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://third.example.net' })));
    assert.deepEqual(quota, { name: 'LimitExceeded', message: 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 2', status: 409 });

    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    // AWS: deleting is idempotent; a provider that does not exist is no error.
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    const gone = await rejection(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    assert.deepEqual(gone, { name: 'NoSuchEntity', message: `OpenIDConnect Provider not found for arn ${arn}`, status: 404 });
    assert.equal(
      (await rejection(iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' })))).name,
      'NoSuchEntity',
    );
  });

  it('rejects bad URLs, thumbprints and client IDs without creating anything', async () => {
    const before = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList;
    const cases: [Record<string, unknown>, string, number][] = [
      [{ Url: 'http://plain.example.com' }, 'InvalidInput', 400],
      [{ Url: 'https://q.example.com/?a=1' }, 'InvalidInput', 400],
      [{ Url: 'https://t.example.com', ThumbprintList: ['z'.repeat(40)] }, 'InvalidInput', 400],
      [{ Url: 'https://t.example.com', ThumbprintList: ['a'.repeat(39)] }, 'ValidationError', 400],
      [{ Url: 'https://t.example.com', ClientIDList: [''] }, 'ValidationError', 400],
      [{ Url: 'https://t.example.com', ClientIDList: ['c'.repeat(256)] }, 'ValidationError', 400],
      // AWS: InvalidInput "Thumbprint list must contain fewer than 5 entries." (not LimitExceeded).
      [{ Url: 'https://t.example.com', ThumbprintList: ['1', '2', '3', '4', '5', '6'].map((d) => d.repeat(40)) }, 'InvalidInput', 400],
      [
        {
          Url: 'https://t.example.com',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        },
        'InvalidInput',
        400,
      ],
    ];
    for (const [input, code, status] of cases) {
      const err = await rejection(iam.send(new CreateOpenIDConnectProviderCommand(input as never)));
      assert.deepEqual([err.name, err.status], [code, status], JSON.stringify(input));
    }
    const arn = before![0]!.Arn!;
    const badUpdate = await rejection(
      iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['g'.repeat(40)] })),
    );
    assert.equal(badUpdate.name, 'InvalidInput');
    assert.deepEqual((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, before);
  });

  it('enforces the SAML providers quota', async () => {
    const certificate = await selfSignedCertificate('quota.example.com');
    await iam.send(new CreateSAMLProviderCommand({ Name: 'one', SAMLMetadataDocument: metadata('https://one.example.com', certificate) }));
    const err = await rejection(
      iam.send(new CreateSAMLProviderCommand({ Name: 'two', SAMLMetadataDocument: metadata('https://two.example.com', certificate) })),
    );
    assert.deepEqual(err, { name: 'LimitExceeded', message: 'Cannot exceed quota for SAMLProvidersPerAccount: 1', status: 409 });
  });
});
