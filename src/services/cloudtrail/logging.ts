import { defineOperation } from '../operation.js';
import type { Operation } from '../operation.js';
import { loadTrail, trailNeed } from './trailRecords.js';

/**
 * StartLogging: the trail delivers every record committed from now on (this call's own record
 * included) and, with log file validation, starts a digest period. Starting a logging trail
 * changes nothing (AWS: StartLogging is idempotent).
 */
export const StartLogging = defineOperation<{ Name: string }>({
  service: 'cloudtrail',
  name: 'StartLogging',
  readOnly: false,
  authorize: (input, ctx) => trailNeed('StartLogging', ctx, input.Name),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.Name);
    if (trail.isLogging) return {};
    const head = await ctx.store.auditEvents.head();
    const now = ctx.now.toISOString();
    await ctx.store.trails.update(trail.accountId, trail.name, { isLogging: true, startLoggingTime: now, cursorSeq: head.seq, digestStartTime: now });
    return {};
  },
});

/** StopLogging: records not yet delivered when logging stops (at most one delivery interval of them) are not delivered. */
export const StopLogging = defineOperation<{ Name: string }>({
  service: 'cloudtrail',
  name: 'StopLogging',
  readOnly: false,
  authorize: (input, ctx) => trailNeed('StopLogging', ctx, input.Name),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.Name);
    if (!trail.isLogging) return {};
    await ctx.store.trails.update(trail.accountId, trail.name, { isLogging: false, stopLoggingTime: ctx.now.toISOString() });
    return {};
  },
});

/** AWS: the `TimeLogging*`/`Latest*AttemptTime` string members use this rendering, e.g. `2015-08-17T15:01:31Z`. */
function text(iso: string | null): string | undefined {
  return iso === null ? undefined : iso.replace(/\.\d{3}Z$/, 'Z');
}

export const GetTrailStatus = defineOperation<{ Name: string }>({
  service: 'cloudtrail',
  name: 'GetTrailStatus',
  readOnly: true,
  authorize: (input, ctx) => trailNeed('GetTrailStatus', ctx, input.Name),
  handle: async (input, ctx) => {
    const t = await loadTrail(ctx, input.Name, 'read');
    const date = (iso: string | null) => (iso === null ? undefined : new Date(iso));
    return {
      IsLogging: t.isLogging,
      LatestDeliveryError: t.latestDeliveryError ?? undefined,
      LatestDeliveryTime: date(t.latestDeliveryTime),
      StartLoggingTime: date(t.startLoggingTime),
      StopLoggingTime: date(t.stopLoggingTime),
      LatestDigestDeliveryTime: date(t.latestDigestTime),
      TimeLoggingStarted: text(t.startLoggingTime),
      TimeLoggingStopped: text(t.stopLoggingTime),
      LatestDeliveryAttemptTime: text(t.latestDeliveryTime),
      LatestDeliveryAttemptSucceeded: text(t.latestDeliveryTime),
      LatestNotificationAttemptTime: '',
      LatestNotificationAttemptSucceeded: '',
    };
  },
});

export const loggingOperations: Operation[] = [StartLogging, StopLogging, GetTrailStatus];
