import type { AccessKeyCache } from './accessKeyCache.js';
import type { LastUsedTracker } from './lastUsed.js';
import { verifySigV4Signature } from '../sigv4/index.js';
import type { CredentialResolver, PresentedCredential } from './resolver.js';
import { sigV4Envelope } from './sigv4Envelope.js';

/**
 * Requests signed with SigV4 by a long-term access key (`AKIA…`, no session token): the key's
 * secret and owner come from storage (cached, dropped when the key or its owner changes), and a
 * verified use is recorded as the key's last use.
 *
 * AWS: ServiceName in GetAccessKeyLastUsed is the service's endpoint prefix (iam, sts, s3 …).
 */
export function accessKeyResolver(keys: AccessKeyCache, lastUsed: LastUsedTracker): CredentialResolver {
  return {
    name: 'access-key',
    read(request, now): PresentedCredential | undefined {
      const envelope = sigV4Envelope(request, now);
      if (envelope === null || envelope.securityToken !== undefined) return undefined;
      return {
        scopeService: envelope.service,
        form: envelope.form,
        signedAt: envelope.requestTime,
        async resolve(signing) {
          const credential = await keys.resolve(envelope.accessKeyId);
          if (credential === undefined || !credential.active) return { outcome: 'unknown' };
          return {
            outcome: 'resolved',
            principal: credential.principal,
            verify() {
              const payload = verifySigV4Signature(request, envelope, credential.secretAccessKey, { s3: signing === 's3' });
              lastUsed.record(envelope.accessKeyId, now, envelope.service, envelope.region);
              return payload;
            },
          };
        },
      };
    },
  };
}
