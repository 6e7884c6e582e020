import { randomInt } from 'node:crypto';
import { defineOperation } from '../operation.js';
import { oidcErrors } from './oidcErrors.js';
import { clientAllows, DEVICE_CODE, DEVICE_CODE_LIFETIME_SECONDS, DEVICE_POLL_INTERVAL_SECONDS, newSecret, secretHash, verifiedClient } from './oidcTokens.js';
import { instanceForStartUrl } from './startUrls.js';
import { callerOrigin, SIGN_IN_PREFIX } from './origin.js';

/**
 * RFC 8628 §6.1: user codes of consonants only (no vowels: no words; no look-alike characters),
 * eight of them, shown as two groups of four. 20^8 ≈ 2.6 × 10^10 codes; the verification page
 * limits attempts.
 */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * SSO OIDC `StartDeviceAuthorization`: a device code for the client to poll CreateToken with, and
 * a user code the person enters on Gatehouse's verification page (`verificationUri`, or
 * `verificationUriComplete` with the code filled in). The device code lasts 10 minutes and the
 * client polls every second, as AWS's do.
 *
 * AWS: IAM Identity Center OIDC API reference, StartDeviceAuthorization; InvalidClientException
 * for a client whose secret does not match or whose registration expired;
 * UnauthorizedClientException for a client registered without the device code grant.
 */
export const StartDeviceAuthorization = defineOperation<{ clientId: string; clientSecret: string; startUrl: string }>({
  service: 'sso-oidc',
  name: 'StartDeviceAuthorization',
  readOnly: false,
  authorize: () => null,
  handle: async (input, ctx) => {
    const client = await verifiedClient(ctx.store, input.clientId, input.clientSecret, ctx.now);
    if (!clientAllows(client, DEVICE_CODE)) throw oidcErrors.unauthorizedClient();
    const instance = await instanceForStartUrl(ctx.store, input.startUrl);
    if (instance === undefined || (client.instanceId !== null && client.instanceId !== instance.instanceId)) {
      throw oidcErrors.invalidRequest('Invalid start URL');
    }
    ctx.identifyCaller?.({ type: 'Unknown', accountId: instance.ownerAccountId });
    const deviceCode = newSecret('', 48);
    let userCode = newUserCode();
    while ((await ctx.store.ssoLogins.deviceByUserCode(userCode)) !== undefined) userCode = newUserCode();
    await ctx.store.ssoLogins.createDevice({
      deviceCodeHash: secretHash(deviceCode),
      userCode,
      clientId: client.clientId,
      instanceId: instance.instanceId,
      intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
      lastPollAt: null,
      status: 'PENDING',
      sessionId: null,
      createdAt: ctx.now.toISOString(),
      expiresAt: new Date(ctx.now.getTime() + DEVICE_CODE_LIFETIME_SECONDS * 1000).toISOString(),
    });
    const verificationUri = `${callerOrigin(ctx)}${SIGN_IN_PREFIX}/device`;
    return {
      deviceCode,
      userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
      expiresIn: DEVICE_CODE_LIFETIME_SECONDS,
      interval: DEVICE_POLL_INTERVAL_SECONDS,
    };
  },
});
