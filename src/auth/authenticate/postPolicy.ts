import type { SessionTokenCache } from '../sessionToken.js';
import { parsePostPolicy, verifyPostPolicy } from '../sigv4/index.js';
import type { AccessKeyCache } from './accessKeyCache.js';
import type { CurrentPrincipals } from './currentPrincipals.js';
import type { LastUsedTracker } from './lastUsed.js';
import { PAYLOAD_AS_SENT, type CredentialResolver, type PresentedCredential } from './resolver.js';

/**
 * Browser-based POST uploads: the credential travels in the form's fields (`x-amz-credential`,
 * `x-amz-date`, `x-amz-signature` over the base64 `policy`, and `x-amz-security-token` for
 * temporary credentials), read before the request is authenticated. Its key is a long-term
 * access key or a session's, resolved as the header-signed kinds resolve theirs; the signature
 * is checked with its secret and the policy's expiration here, the policy's conditions on the
 * form by the upload itself. A form without a signature is an anonymous upload.
 * AWS: S3 API Reference, "Authenticating Requests in Browser-Based Uploads Using POST".
 */
export function postPolicyResolver(keys: AccessKeyCache, tokens: SessionTokenCache, current: CurrentPrincipals, lastUsed: LastUsedTracker): CredentialResolver {
  return {
    name: 'post-policy',
    read(request, now): PresentedCredential | undefined {
      const fields = request.form?.fields;
      if (fields === undefined) return undefined;
      const envelope = parsePostPolicy(fields, now);
      if (envelope === null) return undefined;
      return {
        scopeService: envelope.service,
        form: 'form',
        signedAt: envelope.requestTime,
        async resolve() {
          const token = envelope.securityToken;
          if (token !== undefined) {
            const opened = tokens.open(token);
            if (opened === undefined || opened.claims.accessKeyId !== envelope.accessKeyId) return { outcome: 'unknown' };
            if (now.getTime() >= opened.claims.expiresAt) return { outcome: 'expired' };
            if (!(await current.isCurrent(opened.principal))) return { outcome: 'unknown' };
            return {
              outcome: 'resolved',
              principal: opened.principal,
              verify() {
                verifyPostPolicy(envelope, opened.claims.secretAccessKey);
                return PAYLOAD_AS_SENT;
              },
            };
          }
          const credential = await keys.resolve(envelope.accessKeyId);
          if (credential === undefined || !credential.active) return { outcome: 'unknown' };
          return {
            outcome: 'resolved',
            principal: credential.principal,
            verify() {
              verifyPostPolicy(envelope, credential.secretAccessKey);
              lastUsed.record(envelope.accessKeyId, now, envelope.service, envelope.region);
              return PAYLOAD_AS_SENT;
            },
          };
        },
      };
    },
  };
}
