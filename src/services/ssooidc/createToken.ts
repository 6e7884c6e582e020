import { createHash } from 'node:crypto';
import { committingRefusal } from '../../errors.js';
import type { SsoClientRecord, SsoSessionRecord } from '../../store/index.js';
import { defineOperation, type OperationContext } from '../operation.js';
import { identityStoreArn } from '../shared/index.js';
import { oidcErrors } from './oidcErrors.js';
import {
  AUTHORIZATION_CODE,
  clientAllows,
  DEVICE_CODE,
  issueTokens,
  REFRESH_TOKEN,
  SLOW_DOWN_SECONDS,
  secretHash,
  verifiedClient,
  type TokenOutput,
} from './oidcTokens.js';

interface CreateTokenInput {
  clientId: string;
  clientSecret: string;
  grantType: string;
  deviceCode?: string;
  code?: string;
  refreshToken?: string;
  scope?: string[];
  redirectUri?: string;
  codeVerifier?: string;
}

/**
 * SSO OIDC `CreateToken`: an access token (and, for clients registered for it, a refresh token)
 * for a device code the person approved, an authorization code with its PKCE verifier, or a
 * refresh token.
 *
 * AWS: IAM Identity Center OIDC API reference, CreateToken. Device code (RFC 8628 §3.5):
 * AuthorizationPendingException until the person approves, SlowDownException when polled sooner
 * than the interval (which then grows by 5 seconds), ExpiredTokenException after 10 minutes,
 * AccessDeniedException when the person denied it. Authorization code (RFC 6749 §4.1.3, RFC 7636
 * §4.6): the code is used once, by the client it was issued to, with the redirect URI of the
 * request and the verifier whose S256 challenge it was issued for; a second use revokes what the
 * first one issued (RFC 6749 §4.1.2). Refresh token: used once, a new one with every access
 * token; a used one presented again revokes its session (RFC 9700 §4.14.2). Any failure of a
 * code or token is InvalidGrantException "Invalid grant provided".
 */
export const CreateToken = defineOperation<CreateTokenInput, TokenOutput>({
  service: 'sso-oidc',
  name: 'CreateToken',
  readOnly: false,
  authorize: () => null,
  handle: async (input, ctx) => {
    const client = await verifiedClient(ctx.store, input.clientId, input.clientSecret, ctx.now);
    // A refused grant is recorded in the account of the instance the client registered with
    // (AWS: SSO OIDC's events are recorded in the Identity Center instance's account); a grant
    // that issues tokens names the person instead.
    const instance = client.instanceId === null ? undefined : await ctx.store.ssoInstances.get(client.instanceId);
    if (instance !== undefined) ctx.identifyCaller?.({ type: 'Unknown', accountId: instance.ownerAccountId });
    switch (input.grantType) {
      case DEVICE_CODE:
        return deviceCodeGrant(input, ctx, client);
      case AUTHORIZATION_CODE:
        return authorizationCodeGrant(input, ctx, client);
      case REFRESH_TOKEN:
        return refreshTokenGrant(input, ctx, client);
      default:
        throw oidcErrors.unsupportedGrantType();
    }
  },
});

/** The tokens of a session, with the call's caller named for its record. */
async function tokensFor(ctx: OperationContext, session: SsoSessionRecord, client: SsoClientRecord): Promise<TokenOutput> {
  const instance = await ctx.store.ssoInstances.get(session.instanceId);
  if (instance === undefined) throw oidcErrors.invalidGrant();
  const { output, tokenId } = await issueTokens(ctx.store, ctx.now, session, client);
  ctx.identifyCaller?.({
    type: 'IdentityCenterUser',
    accountId: instance.ownerAccountId,
    userId: session.userId,
    identityStoreArn: identityStoreArn(instance),
    credentialId: tokenId,
  });
  return output;
}

/** A live session: not revoked, not ended. */
function live(session: SsoSessionRecord | undefined, now: Date): session is SsoSessionRecord {
  return session !== undefined && session.revokedAt === null && Date.parse(session.expiresAt) > now.getTime();
}

async function deviceCodeGrant(input: CreateTokenInput, ctx: OperationContext, client: SsoClientRecord): Promise<TokenOutput> {
  if (!clientAllows(client, DEVICE_CODE)) throw oidcErrors.unauthorizedClient();
  if (input.deviceCode === undefined) throw oidcErrors.invalidRequest('Invalid request: deviceCode is required');
  const logins = ctx.store.ssoLogins;
  const device = await logins.deviceByCode(secretHash(input.deviceCode));
  if (device === undefined || device.clientId !== client.clientId) throw oidcErrors.invalidGrant();
  if (client.instanceId === null) {
    const instance = await ctx.store.ssoInstances.get(device.instanceId);
    if (instance !== undefined) ctx.identifyCaller?.({ type: 'Unknown', accountId: instance.ownerAccountId });
  }
  if (Date.parse(device.expiresAt) <= ctx.now.getTime()) throw oidcErrors.expiredToken();
  const at = ctx.now.toISOString();
  if (device.status === 'PENDING') {
    // RFC 8628 §3.5: a client polling sooner than the interval is told to slow down, for good.
    if (device.lastPollAt !== null && ctx.now.getTime() - Date.parse(device.lastPollAt) < device.intervalSeconds * 1000) {
      await logins.updateDevice(device.deviceCodeHash, 'PENDING', { lastPollAt: at, intervalSeconds: device.intervalSeconds + SLOW_DOWN_SECONDS });
      throw committingRefusal(oidcErrors.slowDown());
    }
    await logins.updateDevice(device.deviceCodeHash, 'PENDING', { lastPollAt: at });
    throw committingRefusal(oidcErrors.authorizationPending());
  }
  if (device.status === 'DENIED') {
    await logins.updateDevice(device.deviceCodeHash, 'DENIED', { status: 'CONSUMED' });
    throw committingRefusal(oidcErrors.accessDenied());
  }
  if (device.status !== 'APPROVED' || device.sessionId === null || !(await logins.updateDevice(device.deviceCodeHash, 'APPROVED', { status: 'CONSUMED' }))) {
    throw oidcErrors.invalidGrant();
  }
  const session = await logins.getSession(device.sessionId);
  if (!live(session, ctx.now)) throw oidcErrors.invalidGrant();
  return tokensFor(ctx, session, client);
}

/** RFC 7636 §4.1: a verifier is 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

async function authorizationCodeGrant(input: CreateTokenInput, ctx: OperationContext, client: SsoClientRecord): Promise<TokenOutput> {
  if (!clientAllows(client, AUTHORIZATION_CODE)) throw oidcErrors.unauthorizedClient();
  if (input.code === undefined || input.redirectUri === undefined || input.codeVerifier === undefined) {
    throw oidcErrors.invalidRequest('Invalid request: code, redirectUri and codeVerifier are required');
  }
  const logins = ctx.store.ssoLogins;
  const code = await logins.getCode(secretHash(input.code));
  if (code === undefined || code.clientId !== client.clientId) throw oidcErrors.invalidGrant();
  if (code.usedAt !== null) {
    // RFC 6749 §4.1.2: a code used twice revokes what its first use issued.
    await logins.revokeSession(code.sessionId, ctx.now.toISOString());
    throw committingRefusal(oidcErrors.invalidGrant());
  }
  if (Date.parse(code.expiresAt) <= ctx.now.getTime() || code.redirectUri !== input.redirectUri) throw oidcErrors.invalidGrant();
  const challenge = createHash('sha256').update(input.codeVerifier, 'ascii').digest('base64url');
  if (!VERIFIER.test(input.codeVerifier) || challenge !== code.codeChallenge) throw oidcErrors.invalidGrant();
  if (!(await logins.useCode(code.codeHash, ctx.now.toISOString()))) throw oidcErrors.invalidGrant();
  const session = await logins.getSession(code.sessionId);
  if (!live(session, ctx.now)) throw oidcErrors.invalidGrant();
  return tokensFor(ctx, session, client);
}

async function refreshTokenGrant(input: CreateTokenInput, ctx: OperationContext, client: SsoClientRecord): Promise<TokenOutput> {
  if (!clientAllows(client, REFRESH_TOKEN)) throw oidcErrors.unauthorizedClient();
  if (input.refreshToken === undefined) throw oidcErrors.invalidRequest('Invalid request: refreshToken is required');
  const logins = ctx.store.ssoLogins;
  const token = await logins.getToken(secretHash(input.refreshToken));
  if (token === undefined || token.kind !== 'refresh') throw oidcErrors.invalidGrant();
  const session = await logins.getSession(token.sessionId);
  if (session === undefined || session.clientId !== client.clientId) throw oidcErrors.invalidGrant();
  if (token.usedAt !== null) {
    // RFC 9700 §4.14.2: a refresh token presented twice means one copy was stolen; end the session.
    await logins.revokeSession(session.sessionId, ctx.now.toISOString());
    throw committingRefusal(oidcErrors.invalidGrant());
  }
  if (!live(session, ctx.now) || Date.parse(token.expiresAt) <= ctx.now.getTime()) throw oidcErrors.invalidGrant();
  if (!(await logins.useToken(token.tokenHash, ctx.now.toISOString()))) throw oidcErrors.invalidGrant();
  return tokensFor(ctx, session, client);
}
