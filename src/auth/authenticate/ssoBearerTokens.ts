import { createHash } from 'node:crypto';
import type { FederatedCaller, Principal } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { PAYLOAD_AS_SENT, type CredentialResolver, type PresentedCredential, type Resolution } from './resolver.js';

/** The header the AWS access portal's calls carry their bearer token in. */
export const SSO_BEARER_HEADER = 'x-amz-sso_bearer_token';

/**
 * The AWS access portal's bearer token (`x-amz-sso_bearer_token`): an access token SSO OIDC's
 * CreateToken issued for a person's signed-in session. The token is looked up by its SHA-256; it
 * stands for the person while it has not expired, its session has not been revoked (Logout, a
 * replayed code or refresh token) or ended, and the person is still in the identity store.
 *
 * AWS: SSO portal API reference — GetRoleCredentials, ListAccounts, ListAccountRoles and Logout
 * take "The token issued by the CreateToken API call" in this header, and answer
 * UnauthorizedException when the session token is not found or is invalid.
 */
export function ssoBearerTokenResolver(store: Store): CredentialResolver {
  return {
    name: 'sso-bearer-token',
    read(request, now): PresentedCredential | undefined {
      const raw = request.headers[SSO_BEARER_HEADER];
      const token = Array.isArray(raw) ? raw[0] : raw;
      if (token === undefined) return undefined;
      return {
        resolve: async (): Promise<Resolution> => {
          const principal = await bearerPrincipal(store, token, now);
          if (principal === undefined) return { outcome: 'unknown' };
          if ('refused' in principal) return { outcome: principal.refused, caller: principal.caller };
          return { outcome: 'resolved', principal, verify: () => PAYLOAD_AS_SENT };
        },
      };
    },
  };
}

/**
 * The person an access token stands for; for a token that was issued but no longer stands for
 * anyone (expired, signed out, its session ended), who it named, for the refusal's record.
 */
async function bearerPrincipal(
  store: Store,
  token: string,
  now: Date,
): Promise<Principal | { refused: 'expired' | 'unknown'; caller: FederatedCaller } | undefined> {
  if (token.length === 0 || token.length > 4096) return undefined;
  const record = await store.ssoLogins.getToken(createHash('sha256').update(token, 'utf8').digest('hex'));
  if (record === undefined || record.kind !== 'access') return undefined;
  const session = await store.ssoLogins.getSession(record.sessionId);
  if (session === undefined) return undefined;
  const instance = await store.ssoInstances.get(session.instanceId);
  if (instance === undefined) return undefined;
  const identityStoreArn = `arn:aws:identitystore::${instance.ownerAccountId}:identitystore/${instance.identityStoreId}`;
  const caller: FederatedCaller = {
    type: 'IdentityCenterUser',
    accountId: instance.ownerAccountId,
    userId: session.userId,
    identityStoreArn,
    credentialId: record.tokenId,
  };
  if (Date.parse(record.expiresAt) <= now.getTime()) return { refused: 'expired', caller };
  if (session.revokedAt !== null || Date.parse(session.expiresAt) <= now.getTime()) return { refused: 'unknown', caller };
  const user = await store.identityStore.getUser(instance.identityStoreId, session.userId);
  if (user === undefined) return { refused: 'unknown', caller };
  return {
    type: 'IdentityCenterUser',
    accountId: instance.ownerAccountId,
    arn: `${identityStoreArn}/user/${user.userId}`,
    userId: user.userId,
    userName: user.userName,
    onBehalfOf: { userId: user.userId, identityStoreArn, credentialId: record.tokenId },
  };
}
