import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import { TrailDeliverer } from './deliverer.js';
import type { AuditSink } from './event.js';
import { LastAccessedTracker } from './lastAccessed.js';
import { NullAuditSink } from './nullSink.js';
import { AuditRecorder } from './recorder.js';
import type { AuditSettings } from './settings.js';

/** The audit trail of a running server: the sink the pipeline records into, trail delivery and derived data. */
export interface AuditRuntime {
  readonly settings: AuditSettings;
  readonly sink: AuditSink;
  readonly deliverer: TrailDeliverer;
  readonly lastAccessed: LastAccessedTracker;
  /** Commits queued records and pending last-accessed data now. */
  flush(): Promise<void>;
  /** Stops delivery, then commits everything pending. */
  close(): Promise<void>;
}

/**
 * Starts the audit trail for a server: the recorder (or a no-op sink when auditing is off, or
 * `sink` when given), last-accessed derivation, and trail delivery from `dataDir`
 * (`organizationAccounts`: the accounts an organization trail logs).
 */
export function startAudit(
  store: Store,
  dataDir: string,
  logger: Logger,
  settings: AuditSettings,
  sink?: AuditSink,
  clock?: () => Date,
  organizationAccounts?: (organizationId: string) => Promise<string[]>,
): AuditRuntime {
  const lastAccessed = new LastAccessedTracker(store);
  const chosen =
    sink ?? (settings.enabled ? new AuditRecorder(store, logger, { observer: (call, decision) => lastAccessed.observe(call, decision) }) : new NullAuditSink());
  if (!settings.enabled) logger.warn('auditing is OFF (GATEHOUSE_AUDIT=off): no call leaves a record; never use this in production');
  const deliverer = new TrailDeliverer(store, dataDir, settings, logger, clock, organizationAccounts);
  deliverer.start();
  return {
    settings,
    sink: chosen,
    deliverer,
    lastAccessed,
    async flush() {
      await chosen.flush();
      await lastAccessed.flush();
    },
    async close() {
      await deliverer.stop();
      await chosen.close();
      await lastAccessed.close();
    },
  };
}
