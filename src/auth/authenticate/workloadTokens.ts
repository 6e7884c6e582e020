import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { headerValue } from '../sigv4/parse.js';
import { PAYLOAD_AS_SENT, type CredentialResolver, type PresentedCredential } from './resolver.js';

/**
 * Gatehouse workload tokens, as the AWS SDKs' container credential provider presents them: the
 * `Authorization` header's whole value (`AWS_CONTAINER_AUTHORIZATION_TOKEN`). A token is
 * `ghwt.<token ID>.<secret>`; only its SHA-256 is stored, and it is read on every request, so that
 * revoking a token stops it at once on every node. The caller is a `Workload` principal of the
 * token's role's account, which may only fetch the token's role credentials.
 */
export function workloadTokenResolver(store: Store): CredentialResolver {
  return {
    name: 'workload-token',
    read(request, now): PresentedCredential | undefined {
      const token = headerValue(request.headers, 'authorization')?.trim();
      const match = token === undefined ? null : WORKLOAD_TOKEN.exec(token);
      if (match === null) return undefined;
      const tokenId = match[1]!;
      return {
        scopeService: 'gatehouse',
        async resolve() {
          const record = await store.workloadTokens.get(tokenId);
          if (record === undefined || record.revokedAt !== null || !sameHash(record.tokenHash, workloadTokenHash(token!))) return { outcome: 'unknown' };
          if (Date.parse(record.expiresAt) <= now.getTime()) return { outcome: 'expired' };
          const principal: Principal = {
            type: 'Workload',
            accountId: record.accountId,
            arn: record.roleArn,
            userId: record.tokenId,
            workload: { kind: 'workload-token', id: record.tokenId, name: record.description, issuer: 'gatehouse', roleArn: record.roleArn },
          };
          return { outcome: 'resolved', principal, verify: () => PAYLOAD_AS_SENT };
        },
      };
    },
  };
}

/** `ghwt.<token ID>.<secret>`. */
const WORKLOAD_TOKEN = /^ghwt\.(wkt-[0-9a-f]{20})\.[A-Za-z0-9_-]{43}$/;

/** What is stored of a token: its SHA-256, hex. */
export function workloadTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function sameHash(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(presented, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
