import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleWithWebIdentityCommandInput, Credentials } from '@aws-sdk/client-sts';
import { fromWebToken } from '@aws-sdk/credential-providers';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startTestServer, TEST_ACCOUNT_ID as ACCOUNT } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { startOidcIssuer } from '../support/oidcIssuer.js';
import type { OidcIssuer } from '../support/oidcIssuer.js';

const CLIENT_ID = 'gatehouse-app';

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

function webTrust(providerArn: string, host: string, actions: string[], sub = 'user-1'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: actions,
        Condition: { StringEquals: { [`${host}:aud`]: CLIENT_ID, [`${host}:sub`]: sub } },
      },
    ],
  });
}

/** A Gatehouse with the issuer registered as an OIDC provider and two roles trusting it. */
async function federationServer(issuer: OidcIssuer, env: Record<string, string> = {}) {
  const server = await startTestServer({ env });
  const iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  const provider = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${issuer.host}`, ClientIDList: [CLIENT_ID] }));
  const providerArn = provider.OpenIDConnectProviderArn!;
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'WebRole',
      AssumeRolePolicyDocument: webTrust(providerArn, issuer.host, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']),
    }),
  );
  const blueOnly = { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } };
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'WebRole',
      PolicyName: 'blue-team',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [blueOnly] }),
    }),
  );
  await iam.send(
    new CreateRoleCommand({ RoleName: 'UntaggedRole', AssumeRolePolicyDocument: webTrust(providerArn, issuer.host, ['sts:AssumeRoleWithWebIdentity']) }),
  );
  const sts = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
  return { server, sts, providerArn };
}

describe('sts:AssumeRoleWithWebIdentity', () => {
  let issuer: OidcIssuer;
  let server: TestServer;
  let sts: STSClient;
  const webRole = `arn:aws:iam::${ACCOUNT}:role/WebRole`;
  const assume = (token: string, extra: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) =>
    sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: webRole, RoleSessionName: 'web-session', WebIdentityToken: token, ...extra }));

  before(async () => {
    issuer = await startOidcIssuer();
    ({ server, sts } = await federationServer(issuer));
  });
  after(async () => {
    await server.stop();
    await issuer.close();
  });

  it('issues a role session for a token the trust policy accepts, which then acts as the role', async () => {
    const token = await issuer.token({ sub: 'user-1', aud: CLIENT_ID });
    const out = await assume(token);
    assert.equal(out.SubjectFromWebIdentityToken, 'user-1');
    assert.equal(out.Audience, CLIENT_ID);
    assert.equal(out.Provider, issuer.url);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/web-session`);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z0-9]+:web-session$/);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    const lifetime = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(lifetime > 3_500_000 && lifetime <= 3_600_000, 'one hour by default');
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
    const me = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/web-session`);
    assert.equal(me.Account, ACCOUNT);
  });

  it('works as the SDK credential provider fromWebToken', async () => {
    const provider = fromWebToken({
      roleArn: webRole,
      roleSessionName: 'from-web-token',
      webIdentityToken: await issuer.token({ sub: 'user-1', aud: CLIENT_ID }),
      durationSeconds: 900,
      clientConfig: { endpoint: server.endpoint, region: 'us-east-1' },
    });
    const session = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: provider });
    assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/WebRole/from-web-token`);
  });

  it('evaluates the trust policy conditions on <provider>:sub (AccessDenied 403)', async () => {
    const failure = await rejection(assume(await issuer.token({ sub: 'user-2', aud: CLIENT_ID })));
    assert.deepEqual(failure, { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', status: 403 });
  });

  it('records the verified web identity as the caller in CloudTrail (WebIdentityUser), allowed or denied', async () => {
    await assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }));
    await rejection(assume(await issuer.token({ sub: 'user-2', aud: CLIENT_ID })));
    await server.gatehouse.flushAudit();
    const cloudtrail = new CloudTrailClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const events =
      (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithWebIdentity' }] })))
        .Events ?? [];
    const records = events.map((e) => ({ username: e.Username, record: JSON.parse(e.CloudTrailEvent!) }));
    for (const sub of ['user-1', 'user-2']) {
      const found = records.find((r) => r.record.userIdentity.userName === sub);
      assert.ok(found, `a record of ${sub}'s call`);
      assert.deepEqual(found.record.userIdentity, {
        type: 'WebIdentityUser',
        principalId: `${issuer.host}:${CLIENT_ID}:${sub}`,
        userName: sub,
        identityProvider: issuer.host,
      });
      assert.equal(found.record.recipientAccountId, ACCOUNT);
      assert.equal(found.username, sub);
      assert.equal(found.record.errorCode, sub === 'user-2' ? 'AccessDenied' : undefined);
    }
  });

  it('refuses a token for an audience that is not a registered client ID', async () => {
    const failure = await rejection(assume(await issuer.token({ sub: 'user-1', aud: 'someone-else' })));
    assert.deepEqual(failure, { code: 'InvalidIdentityToken', message: 'Incorrect token audience', status: 400 });
  });

  it('refuses an expired token with ExpiredTokenException', async () => {
    const failure = await rejection(assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }, { expiresIn: -3600 })));
    assert.equal(failure.code, 'ExpiredTokenException');
    assert.equal(failure.status, 400);
    assert.match(failure.message, /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/);
  });

  it('refuses a token whose signature is not the issuer key (forged)', async () => {
    const forged = await issuer.token({ sub: 'user-1', aud: CLIENT_ID }, { forgeWith: await issuer.strangerKey() });
    const failure = await rejection(assume(forged));
    assert.equal(failure.code, 'InvalidIdentityToken');
    assert.equal(failure.status, 400);
    const [header, payload] = (await issuer.token({ sub: 'user-1', aud: CLIENT_ID })).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    assert.equal((await rejection(assume(unsigned))).code, 'InvalidIdentityToken', 'alg none is refused');
    assert.ok(header);
  });

  it('fetches the JWKS again when a token names a key it has not seen (rotation)', async () => {
    await assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }));
    const before = issuer.jwksFetches;
    const kid = await issuer.addKey(false);
    issuer.publish(kid);
    const out = await assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }, { kid }));
    assert.equal(out.SubjectFromWebIdentityToken, 'user-1');
    assert.equal(issuer.jwksFetches, before + 1, 'one refresh for the rotated key');
    await assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }, { kid }));
    assert.equal(issuer.jwksFetches, before + 1, 'the refreshed set is cached');
  });

  it('refuses a key the issuer does not publish, without refetching within the cooldown', async () => {
    const kid = await issuer.addKey(false);
    const before = issuer.jwksFetches;
    const failure = await rejection(assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }, { kid })));
    assert.equal(failure.code, 'InvalidIdentityToken');
    assert.match(failure.message, /^Couldn't retrieve verification key from your identity provider/);
    assert.equal(issuer.jwksFetches, before, 'the previous refresh was moments ago');
  });

  it('refuses a token from an issuer with no provider in the account', async () => {
    const stranger = await startOidcIssuer();
    try {
      const failure = await rejection(assume(await stranger.token({ sub: 'user-1', aud: CLIENT_ID })));
      assert.deepEqual(failure, { code: 'InvalidIdentityToken', message: `No OpenIDConnect provider found in your account for ${stranger.url}`, status: 400 });
    } finally {
      await stranger.close();
    }
  });

  it('needs sts:TagSession in the trust policy for the tags claim, and carries the tags', async () => {
    const tagged = await issuer.token({
      sub: 'user-1',
      aud: CLIENT_ID,
      'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] }, transitive_tag_keys: ['team'] },
    });
    const out = await assume(tagged);
    assert.ok(out.PackedPolicySize! > 0, 'session tags are packed');
    const asSession = (c: Credentials | undefined) =>
      new IAMClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! },
      });
    assert.ok((await asSession(out.Credentials).send(new ListRolesCommand({}))).Roles!.length >= 2, 'aws:PrincipalTag/team comes from the tags claim');
    const plain = await assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }));
    assert.equal((await rejection(asSession(plain.Credentials).send(new ListRolesCommand({})))).code, 'AccessDenied');
    const untagged = `arn:aws:iam::${ACCOUNT}:role/UntaggedRole`;
    const failure = await rejection(assume(tagged, { RoleArn: untagged }));
    assert.equal(failure.code, 'AccessDenied');
    assert.ok((await assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID }), { RoleArn: untagged })).Credentials);
    const malformed = await issuer.token({
      sub: 'user-1',
      aud: CLIENT_ID,
      'https://aws.amazon.com/tags': { principal_tags: { team: 'a', other: ['x', 'y'] } },
    });
    assert.equal((await rejection(assume(malformed))).code, 'InvalidIdentityToken');
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ['v']]));
    const tooMany = await rejection(assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID, 'https://aws.amazon.com/tags': { principal_tags: many } })));
    assert.deepEqual(tooMany, { code: 'InvalidIdentityToken', message: 'The identity provider passed 51 session tags; at most 50 are allowed.', status: 400 });
    const reserved = await rejection(
      assume(await issuer.token({ sub: 'user-1', aud: CLIENT_ID, 'https://aws.amazon.com/tags': { principal_tags: { 'aws:team': ['blue'] } } })),
    );
    assert.equal(reserved.code, 'InvalidIdentityToken');
    assert.match(reserved.message, /begins with aws:/);
    const sourced = await issuer.token({ sub: 'user-1', aud: CLIENT_ID, 'https://aws.amazon.com/source_identity': 'user-1-src' });
    assert.equal((await rejection(assume(sourced))).code, 'AccessDenied', 'the trust policy does not allow sts:SetSourceIdentity');
  });

  it('checks DurationSeconds against the role, that the role exists, the token shape and ProviderId', async () => {
    const token = await issuer.token({ sub: 'user-1', aud: CLIENT_ID });
    const tooLong = await rejection(assume(token, { DurationSeconds: 7200 }));
    assert.deepEqual(tooLong, {
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      status: 400,
    });
    assert.equal((await rejection(assume(token, { DurationSeconds: 60 }))).code, 'ValidationError', 'below the 900-second minimum');
    const missingRole = await rejection(assume(token, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/Nope` }));
    assert.equal(missingRole.code, 'AccessDenied');
    assert.equal((await rejection(assume('not.a.jwt'))).code, 'InvalidIdentityToken');
    assert.equal((await rejection(assume(token, { ProviderId: 'www.amazon.com' }))).code, 'InvalidParameterValue');
    assert.equal((await rejection(assume(token, { Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' }))).code, 'MalformedPolicyDocument');
    const scoped = await assume(token, {
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] }),
    });
    assert.ok(scoped.PackedPolicySize! > 0, 'a session policy is packed');
  });
});

describe('sts:AssumeRoleWithWebIdentity with http:// issuers not allowed', () => {
  it('treats an http:// issuer as having no provider (GATEHOUSE_ALLOW_HTTP_ISSUERS=0)', async () => {
    const issuer = await startOidcIssuer();
    const { server, sts } = await federationServer(issuer, { GATEHOUSE_ALLOW_HTTP_ISSUERS: '0' });
    try {
      const token = await issuer.token({ sub: 'user-1', aud: CLIENT_ID });
      const failure = await rejection(
        sts.send(
          new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/WebRole`, RoleSessionName: 'session', WebIdentityToken: token }),
        ),
      );
      assert.deepEqual(failure, { code: 'InvalidIdentityToken', message: `No OpenIDConnect provider found in your account for ${issuer.url}`, status: 400 });
      assert.equal(issuer.jwksFetches, 0, 'the issuer was never contacted');
    } finally {
      await server.stop();
      await issuer.close();
    }
  });
});
