import type { PendingRecord, TrailEventSelector, TrailRecord } from '../store/index.js';

/** AWS: IAM and STS (its global endpoint) are global services; their events reach only trails that include global service events. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'sts.amazonaws.com']);

/**
 * Whether a trail delivers a record: its event selectors (management events only — Gatehouse
 * records no data events) and IncludeGlobalServiceEvents.
 *
 * AWS: "Logging management events" — a trail without custom selectors logs all management
 * events; `ReadWriteType` ReadOnly/WriteOnly/All filters by the record's readOnly;
 * `IncludeManagementEvents: false` logs none; `ExcludeManagementEventSources` drops sources.
 * With several selectors, a record is logged if any selector logs it.
 */
export function trailSelects(trail: TrailRecord, record: Pick<PendingRecord, 'eventSource' | 'readOnly'>): boolean {
  if (!trail.includeGlobalServiceEvents && GLOBAL_SOURCES.has(record.eventSource)) return false;
  const selectors: readonly TrailEventSelector[] = trail.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true }];
  return selectors.some((s) => {
    if (s.IncludeManagementEvents === false) return false;
    if ((s.ExcludeManagementEventSources ?? []).includes(record.eventSource)) return false;
    const type = s.ReadWriteType ?? 'All';
    return type === 'All' || (type === 'ReadOnly') === record.readOnly;
  });
}
