import type { AuditSink } from './event.js';

/**
 * The sink of `GATEHOUSE_AUDIT=off`: records nothing. UNSAFE outside development and
 * benchmarks — no call and no change leaves a record.
 */
export class NullAuditSink implements AuditSink {
  readonly disabled = true;
  record(): void {}
  async recordInTransaction(): Promise<void> {}
  committed(): void {}
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
