export { buildAuditEvent } from './event.js';
export type { AuditEvent, AuditInput, AuditSink, UserIdentity } from './event.js';
