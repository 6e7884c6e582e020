import type { SessionTokenCache } from '../sessionToken.js';
import { verifySigV4Signature } from '../sigv4/index.js';
import type { CredentialResolver, PresentedCredential } from './resolver.js';
import { sigV4Envelope } from './sigv4Envelope.js';
import type { CurrentPrincipals } from './currentPrincipals.js';

/**
 * Requests signed with SigV4 by temporary credentials (`ASIA…` with `X-Amz-Security-Token`): the
 * secret and the principal come from the self-contained session token, with no storage read.
 *
 * AWS: a long-term key presented with a session token, or a token that is not valid for this key,
 * is refused as an invalid security token; an expired one as expired. The session's principal is
 * checked against the current state of its account (`CurrentPrincipals`).
 */
export function sessionTokenResolver(tokens: SessionTokenCache, current: CurrentPrincipals): CredentialResolver {
  return {
    name: 'session-token',
    read(request, now): PresentedCredential | undefined {
      const envelope = sigV4Envelope(request, now);
      if (envelope === null || envelope.securityToken === undefined) return undefined;
      const token = envelope.securityToken;
      return {
        scopeService: envelope.service,
        form: envelope.form,
        signedAt: envelope.requestTime,
        async resolve(signing) {
          const opened = tokens.open(token);
          if (opened === undefined || opened.claims.accessKeyId !== envelope.accessKeyId) return { outcome: 'unknown' };
          if (now.getTime() >= opened.claims.expiresAt) return { outcome: 'expired' };
          // A session of a principal since deleted (or replaced by another of its name), or of a
          // closed account, is refused as an invalid token.
          if (!(await current.isCurrent(opened.principal))) return { outcome: 'unknown' };
          return {
            outcome: 'resolved',
            principal: opened.principal,
            verify: () => verifySigV4Signature(request, envelope, opened.claims.secretAccessKey, { s3: signing === 's3' }),
          };
        },
      };
    },
  };
}
