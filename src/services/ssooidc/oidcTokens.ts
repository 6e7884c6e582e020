import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SsoClientRecord, SsoInstanceRecord, SsoSessionRecord, Store } from '../../store/index.js';
import { oidcErrors } from './oidcErrors.js';

/**
 * The login service's secrets, sessions and tokens. Every secret handed to a client is random
 * and kept only as its SHA-256; a person's sign-in becomes a session (as long as the instance's
 * session duration) whose access tokens the portal accepts and whose refresh tokens make new
 * ones, each refresh token once.
 */

/** A new random secret: base64url of `bytes` random bytes, after `prefix`. */
export function newSecret(prefix: string, bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** What the store keeps of a secret. */
export function secretHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(value: string, hash: string): boolean {
  const presented = Buffer.from(secretHash(value), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** AWS: a client registration lasts 90 days (RegisterClient's clientSecretExpiresAt). */
export const CLIENT_LIFETIME_SECONDS = 90 * 86_400;
/** AWS: a device code lasts 10 minutes (StartDeviceAuthorization's expiresIn: 600). */
export const DEVICE_CODE_LIFETIME_SECONDS = 600;
/** AWS: the device flow's polling interval (StartDeviceAuthorization's interval: 1). */
export const DEVICE_POLL_INTERVAL_SECONDS = 1;
/** RFC 8628 §3.5: after `slow_down` the interval grows by 5 seconds. */
export const SLOW_DOWN_SECONDS = 5;
/** An authorization code lasts 5 minutes (RFC 6749 §4.1.2 recommends at most 10). */
export const CODE_LIFETIME_SECONDS = 300;
/** A sign-in on the pages lasts 10 minutes (or its device code's lifetime). */
export const SIGN_IN_LIFETIME_SECONDS = 600;
/** An access token that can be refreshed lasts an hour, at most until its session ends. */
export const REFRESHABLE_ACCESS_TOKEN_SECONDS = 3600;

/** The grant types a client may register. */
export const AUTHORIZATION_CODE = 'authorization_code';
export const REFRESH_TOKEN = 'refresh_token';
export const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
export const GRANT_TYPES: ReadonlySet<string> = new Set([AUTHORIZATION_CODE, REFRESH_TOKEN, DEVICE_CODE]);

/** The scope the AWS access portal requires of a token (a token of a client registered with no scopes has every scope). */
export const ACCOUNT_ACCESS_SCOPE = 'sso:account:access';

/** Whether a client may use a grant: one registered without grant types (the device flow's legacy clients) may use the device code. */
export function clientAllows(client: SsoClientRecord, grant: string): boolean {
  if (client.grantTypes.length === 0) return grant === DEVICE_CODE;
  return client.grantTypes.includes(grant);
}

/** The registered client a call names, when its secret matches and its registration has not expired. */
export async function verifiedClient(store: Store, clientId: string, clientSecret: string, now: Date): Promise<SsoClientRecord> {
  const client = await store.ssoLogins.getClient(clientId);
  if (client === undefined || !secretMatches(clientSecret, client.secretHash) || Date.parse(client.expiresAt) <= now.getTime())
    throw oidcErrors.invalidClient();
  return client;
}

/** Starts a person's session with a client, for as long as the instance's session duration. */
export async function startSession(
  store: Store,
  now: Date,
  request: { instance: SsoInstanceRecord; userId: string; client: SsoClientRecord; credentialTypes: readonly string[] },
): Promise<SsoSessionRecord> {
  const session: SsoSessionRecord = {
    sessionId: newSecret('ses-', 16),
    instanceId: request.instance.instanceId,
    userId: request.userId,
    clientId: request.client.clientId,
    scopes: request.client.scopes,
    credentialTypes: request.credentialTypes.join(','),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + request.instance.settings.sessionDurationSeconds * 1000).toISOString(),
    revokedAt: null,
  };
  await store.ssoLogins.createSession(session);
  return session;
}

/** CreateToken's answer. */
export interface TokenOutput {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken?: string;
}

/**
 * New tokens of a session: an access token (an hour when the client may refresh it, else until
 * the session ends) and, for a client registered for `refresh_token`, a refresh token valid
 * until the session ends.
 */
export async function issueTokens(
  store: Store,
  now: Date,
  session: SsoSessionRecord,
  client: SsoClientRecord,
): Promise<{ output: TokenOutput; tokenId: string }> {
  const sessionLeft = Math.floor((Date.parse(session.expiresAt) - now.getTime()) / 1000);
  const refreshable = clientAllows(client, REFRESH_TOKEN);
  const expiresIn = Math.max(1, refreshable ? Math.min(REFRESHABLE_ACCESS_TOKEN_SECONDS, sessionLeft) : sessionLeft);
  const accessToken = newSecret('aoa', 48);
  const tokenId = newSecret('', 12);
  await store.ssoLogins.createToken({
    tokenHash: secretHash(accessToken),
    tokenId,
    kind: 'access',
    sessionId: session.sessionId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + expiresIn * 1000).toISOString(),
    usedAt: null,
  });
  const output: TokenOutput = { accessToken, tokenType: 'Bearer', expiresIn };
  if (refreshable) {
    const refreshToken = newSecret('aor', 48);
    await store.ssoLogins.createToken({
      tokenHash: secretHash(refreshToken),
      tokenId: newSecret('', 12),
      kind: 'refresh',
      sessionId: session.sessionId,
      createdAt: now.toISOString(),
      expiresAt: session.expiresAt,
      usedAt: null,
    });
    output.refreshToken = refreshToken;
  }
  return { output, tokenId };
}
