import { randomBytes } from 'node:crypto';
import { defineOperation } from '../operation.js';
import { oidcErrors } from './oidcErrors.js';
import { AUTHORIZATION_CODE, CLIENT_LIFETIME_SECONDS, GRANT_TYPES, newSecret, secretHash } from './oidcTokens.js';
import { instanceForStartUrl } from './startUrls.js';
import { callerOrigin } from './origin.js';

interface RegisterClientInput {
  clientName: string;
  clientType: string;
  scopes?: string[];
  redirectUris?: string[];
  grantTypes?: string[];
  issuerUrl?: string;
  entitledApplicationArn?: string;
}

/**
 * RFC 8252 §7.3: a native app's redirect URI is a loopback address over plain HTTP — 127.0.0.1,
 * [::1] or localhost — and matches whatever port the app listens on.
 */
export function isLoopbackRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname) && url.username === '' && url.password === '' && url.hash === ''
  );
}

/** A scope the service knows the shape of: `sso:account:access`, `codewhisperer:completions`, `openid`. */
export function isScope(scope: string): boolean {
  return scope === 'openid' || /^[a-z][a-z0-9-]*(:[A-Za-z0-9_*.-]+)+$/.test(scope);
}

/**
 * SSO OIDC `RegisterClient`: a public client, its grant types (authorization code with PKCE,
 * refresh token, device code), loopback redirect URIs, scopes, and the access portal it is for
 * (`issuerUrl`, the start URL). The secret is returned once; the registration lasts 90 days.
 *
 * AWS: IAM Identity Center OIDC API reference, RegisterClient — clientType "Anything other than
 * public will be rejected"; InvalidRedirectUriException "Requested client type must use loopback
 * interface for redirect"; UnsupportedGrantTypeException; InvalidScopeException. Clients that
 * name no grant types (the device flow's older ones) may use the device code only.
 */
export const RegisterClient = defineOperation<RegisterClientInput>({
  service: 'sso-oidc',
  name: 'RegisterClient',
  readOnly: false,
  authorize: () => null,
  handle: async (input, ctx) => {
    if (input.clientType !== 'public') throw oidcErrors.invalidClientMetadata('Invalid client type: only public clients are supported');
    const grantTypes = [...new Set(input.grantTypes ?? [])];
    if (grantTypes.some((g) => !GRANT_TYPES.has(g))) throw oidcErrors.unsupportedGrantType();
    const redirectUris = input.redirectUris ?? [];
    if (redirectUris.some((uri) => !isLoopbackRedirect(uri))) throw oidcErrors.invalidRedirectUri();
    if (grantTypes.includes(AUTHORIZATION_CODE) && redirectUris.length === 0) throw oidcErrors.invalidRedirectUri();
    const scopes = [...new Set(input.scopes ?? [])];
    const bad = scopes.find((s) => !isScope(s));
    if (bad !== undefined) throw oidcErrors.invalidScope(`Invalid scope: ${bad}`);
    if (input.entitledApplicationArn !== undefined) throw oidcErrors.invalidRequest('Applications are not supported');
    let instanceId: string | null = null;
    if (input.issuerUrl !== undefined) {
      const instance = await instanceForStartUrl(ctx.store, input.issuerUrl);
      if (instance === undefined) throw oidcErrors.invalidRequest('Invalid issuer URL');
      instanceId = instance.instanceId;
      ctx.identifyCaller?.({ type: 'Unknown', accountId: instance.ownerAccountId });
    }
    const clientSecret = newSecret('', 48);
    const issuedAt = Math.floor(ctx.now.getTime() / 1000);
    const expiresAt = issuedAt + CLIENT_LIFETIME_SECONDS;
    const clientId = randomBytes(16).toString('base64url');
    await ctx.store.ssoLogins.createClient({
      clientId,
      secretHash: secretHash(clientSecret),
      name: input.clientName,
      scopes,
      grantTypes,
      redirectUris,
      instanceId,
      issuedAt: new Date(issuedAt * 1000).toISOString(),
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    });
    await ctx.store.ssoLogins.purgeExpired(ctx.now.toISOString());
    const origin = callerOrigin(ctx);
    return {
      clientId,
      clientSecret,
      clientIdIssuedAt: issuedAt,
      clientSecretExpiresAt: expiresAt,
      ...(grantTypes.includes(AUTHORIZATION_CODE) ? { authorizationEndpoint: `${origin}/authorize` } : {}),
      tokenEndpoint: `${origin}/token`,
    };
  },
});
