import type { PendingRecord, TrailEventSelector, TrailRecord } from '../store/index.js';
import { selectsDataEvent } from './dataEvents.js';

/** How a data event's record text says it is one (`auditEventJson` writes the member so). */
export const DATA_EVENT_MARK = '"managementEvent":false';

/** AWS: IAM and STS (its global endpoint) are global services; their events reach only trails that include global service events. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'sts.amazonaws.com']);

/**
 * Whether a trail delivers a record: its event selectors (management events, and the data events
 * of the objects its DataResources name) and IncludeGlobalServiceEvents.
 *
 * AWS: "Logging management events" — a trail without custom selectors logs all management
 * events; `ReadWriteType` ReadOnly/WriteOnly/All filters by the record's readOnly;
 * `IncludeManagementEvents: false` logs none; `ExcludeManagementEventSources` drops sources.
 * With several selectors, a record is logged if any selector logs it.
 */
export function trailSelects(trail: TrailRecord, record: Pick<PendingRecord, 'eventSource' | 'readOnly'> & { record?: string }): boolean {
  // A data event goes only to a trail whose selectors name one of its objects (none by default).
  if (record.record?.includes(DATA_EVENT_MARK) === true) {
    const resources = (JSON.parse(record.record) as { resources?: { ARN?: string; type?: string }[] }).resources ?? [];
    const objects = resources.filter((r) => r.type === 'AWS::S3::Object' && typeof r.ARN === 'string').map((r) => r.ARN!);
    return selectsDataEvent(trail.eventSelectors, objects, record.readOnly);
  }
  if (!trail.includeGlobalServiceEvents && GLOBAL_SOURCES.has(record.eventSource)) return false;
  const selectors: readonly TrailEventSelector[] = trail.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true }];
  return selectors.some((s) => {
    if (s.IncludeManagementEvents === false) return false;
    if ((s.ExcludeManagementEventSources ?? []).includes(record.eventSource)) return false;
    const type = s.ReadWriteType ?? 'All';
    return type === 'All' || (type === 'ReadOnly') === record.readOnly;
  });
}
