export { buildAuditEvent, lookupUsername } from './event.js';
export type { AuditEvent, AuditInput, AuditSink, DecisionRecord, UserIdentity } from './event.js';
export { AuditRecorder } from './recorder.js';
export { eventResources } from './resources.js';
export { cloudTrailDate, HIDDEN, requestParameters, responseElements } from './parameters.js';
