import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { newAccessKeyId, newSecretAccessKey } from '../../src/model/index.js';
import { sealSessionToken } from '../../src/auth/sessionToken.js';
import type { SessionClaims } from '../../src/auth/sessionToken.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

/** Temporary credentials as STS will issue them, sealed with the server's own key ring. */
function session(server: TestServer, overrides: Partial<SessionClaims> = {}) {
  const accessKeyId = newAccessKeyId(true, TEST_ACCOUNT_ID);
  const secretAccessKey = newSecretAccessKey();
  const now = Date.now();
  const claims: SessionClaims = {
    accessKeyId,
    secretAccessKey,
    principal: {
      type: 'AssumedRole',
      accountId: TEST_ACCOUNT_ID,
      arn: `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/deployer/ci-run-7`,
      userId: 'AROAEXAMPLEROLEID0001:ci-run-7',
      roleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/deployer`,
    },
    issuedAt: now - 60_000,
    expiresAt: now + 3_600_000,
    sessionName: 'ci-run-7',
    chainDepth: 0,
    ...overrides,
  };
  return { accessKeyId, secretAccessKey, sessionToken: sealSessionToken(server.gatehouse.store.keyRing, claims) };
}

async function callerOf(server: TestServer, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) {
  const client = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  try {
    return { ok: await client.send(new GetCallerIdentityCommand({})) };
  } catch (err) {
    return { error: err as { name: string; message: string; $metadata: { httpStatusCode?: number } } };
  }
}

describe('temporary credentials (self-contained session tokens)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    // The role the sessions below stand for: a session is refused once its role no longer exists.
    await server.gatehouse.store.roles.create({
      accountId: TEST_ACCOUNT_ID,
      roleId: 'AROAEXAMPLEROLEID0001',
      name: 'deployer',
      path: '/',
      arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/deployer`,
      trustPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: TEST_ACCOUNT_ID }, Action: 'sts:AssumeRole' }] }),
      maxSessionDuration: 3600,
    });
  });
  after(async () => {
    await server.stop();
  });

  it('a session token authenticates its ASIA key as the session principal', async () => {
    const { ok } = await callerOf(server, session(server));
    assert.equal(ok?.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/deployer/ci-run-7`);
    assert.equal(ok?.UserId, 'AROAEXAMPLEROLEID0001:ci-run-7');
    assert.equal(ok?.Account, TEST_ACCOUNT_ID);
  });

  it('an expired session is refused with ExpiredToken', async () => {
    const { error } = await callerOf(server, session(server, { issuedAt: Date.now() - 7_200_000, expiresAt: Date.now() - 1000 }));
    assert.equal(error?.name, 'ExpiredToken');
    assert.equal(error?.$metadata.httpStatusCode, 400);
  });

  it('an altered token, or a token presented with another key ID, is refused', async () => {
    const good = session(server);
    const middle = Math.floor(good.sessionToken.length / 2);
    const flipped = good.sessionToken.slice(0, middle) + (good.sessionToken[middle] === 'A' ? 'B' : 'A') + good.sessionToken.slice(middle + 1);
    assert.equal((await callerOf(server, { ...good, sessionToken: flipped })).error?.name, 'InvalidClientTokenId');
    const other = session(server);
    assert.equal((await callerOf(server, { ...good, sessionToken: other.sessionToken })).error?.name, 'InvalidClientTokenId');
    assert.equal((await callerOf(server, { ...good, sessionToken: 'garbage' })).error?.name, 'InvalidClientTokenId');
  });

  it('the session secret must sign the request', async () => {
    const good = session(server);
    const { error } = await callerOf(server, { ...good, secretAccessKey: newSecretAccessKey() });
    assert.equal(error?.name, 'SignatureDoesNotMatch');
  });
});
