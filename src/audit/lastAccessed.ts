import type { Principal } from '../model/index.js';
import type { ActionAccess, Store } from '../store/index.js';
import type { AuditEvent, DecisionRecord } from './event.js';

/** Errors of calls whose caller never authenticated: they are no one's access. */
const UNAUTHENTICATED = new Set([
  'InvalidClientTokenId', 'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken', 'ExpiredToken',
  'ExpiredTokenException', 'RequestExpired', 'InvalidToken', 'UnrecognizedClientException', 'InvalidAccessKeyId',
]);

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
  readonly #store: Store;
  readonly #pending = new Map<string, ActionAccess & { accountId: string }>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(store: Store, intervalMs = 1000) {
    this.#store = store;
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  /** Notes the access a recorded call made, if it was an IAM user's or a role's. */
  observe(event: AuditEvent, principal: Principal | undefined, decision: DecisionRecord | undefined): void {
    if (principal === undefined || (event.errorCode !== undefined && UNAUTHENTICATED.has(event.errorCode) && decision === undefined)) return;
    const entityArn = principal.type === 'IAMUser' ? principal.arn : principal.type === 'AssumedRole' ? principal.roleArn : undefined;
    if (entityArn === undefined) return;
    const service = event.eventSource.replace(/\.amazonaws\.com$/, '');
    const key = `${entityArn}\n${service}\n${event.eventName}`;
    const at = new Date(event.eventTime).toISOString();
    const known = this.#pending.get(key);
    if (known === undefined || known.at < at) {
      this.#pending.set(key, { entityArn, service, action: event.eventName, at, region: event.awsRegion, accountId: principal.accountId });
    }
  }

  /** Writes every pending access; concurrent calls are serialized. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = [...this.#pending.values()];
      this.#pending.clear();
      const roles = new Map<string, { accountId: string; name: string; at: string; region: string }>();
      for (const a of batch) {
        if (!a.entityArn.includes(':role/')) continue;
        const name = a.entityArn.slice(a.entityArn.lastIndexOf('/') + 1);
        const known = roles.get(a.entityArn);
        if (known === undefined || known.at < a.at) roles.set(a.entityArn, { accountId: a.accountId, name, at: a.at, region: a.region });
      }
      try {
        await this.#store.transaction(async (tx) => {
          await tx.auditLastAccessed.record(batch);
          for (const r of roles.values()) await tx.roles.recordLastUsed(r.accountId, r.name, r.at, r.region);
        }, { durable: false });
      } catch {
        // The store is closing; last-accessed data is approximate by definition.
      }
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
