import { WriteBehind } from '../store/index.js';
import type { ActionAccess, Store } from '../store/index.js';
import type { AuditInput, DecisionRecord } from './event.js';
import { eventSource } from './event.js';

/** Errors of calls whose caller never authenticated: they are no one's access. */
const UNAUTHENTICATED = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
]);

type Access = ActionAccess & { accountId: string };

/**
 * Service and action last-accessed data, derived from the audit records as they are made: each
 * authenticated call by an IAM user or a role session is an access of its service action by
 * that user or role, allowed or denied.
 *
 * AWS: "Refining permissions using last accessed information" — IAM reports when an entity last
 * attempted to access a service (and, for tracked services, an action), and the data may lag by
 * hours. Gatehouse keeps accesses in memory and writes them in one batch each `intervalMs`
 * (and on flush/close); a crash loses at most that interval of last-accessed updates, never a
 * record. Role accesses also update the role's RoleLastUsed.
 */
export class LastAccessedTracker {
  readonly #accesses: WriteBehind<Access>;

  constructor(store: Store, intervalMs = 1000) {
    this.#accesses = new WriteBehind<Access>(store, intervalMs, async (tx, batch) => {
      await tx.auditLastAccessed.record(batch);
      for (const r of latestRoleUses(batch)) await tx.roles.recordLastUsed(r.accountId, r.name, r.at, r.region);
    });
  }

  /** Notes the access a recorded call made, if it was an IAM user's or a role's. */
  observe(call: AuditInput, decision: DecisionRecord | undefined): void {
    const principal = call.principal;
    if (principal === undefined || (call.errorCode !== undefined && UNAUTHENTICATED.has(call.errorCode) && decision === undefined)) return;
    const entityArn = principal.type === 'IAMUser' ? principal.arn : principal.type === 'AssumedRole' ? principal.roleArn : undefined;
    if (entityArn === undefined) return;
    // As the record names them: its eventSource's service, eventName, and eventTime (to the second).
    const source = eventSource(call.service);
    const service = source.slice(0, source.indexOf('.amazonaws.com'));
    const action = call.operation ?? 'Unknown';
    const key = `${entityArn}\n${service}\n${action}`;
    const at = new Date(call.time.getTime() - (call.time.getTime() % 1000)).toISOString();
    const known = this.#accesses.get(key);
    if (known === undefined || known.at < at) {
      this.#accesses.set(key, { entityArn, service, action, at, region: call.region, accountId: principal.accountId });
    }
  }

  /** Writes every pending access. */
  flush(): Promise<void> {
    return this.#accesses.flush();
  }

  close(): Promise<void> {
    return this.#accesses.close();
  }
}

/** The latest access of each role in a batch (for GetRole's RoleLastUsed). */
function latestRoleUses(batch: readonly Access[]): { accountId: string; name: string; at: string; region: string }[] {
  const roles = new Map<string, { accountId: string; name: string; at: string; region: string }>();
  for (const a of batch) {
    if (!a.entityArn.includes(':role/')) continue;
    const known = roles.get(a.entityArn);
    if (known === undefined || known.at < a.at) {
      roles.set(a.entityArn, { accountId: a.accountId, name: a.entityArn.slice(a.entityArn.lastIndexOf('/') + 1), at: a.at, region: a.region });
    }
  }
  return [...roles.values()];
}
