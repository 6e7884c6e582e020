import { ServiceError } from '../../errors.js';
import type { TrailEventSelector } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { Operation } from '../operation.js';
import { loadTrail, trailArn, trailNeed } from './trailRecords.js';

/** AWS: "You can configure up to five event selectors for a trail" (PutEventSelectors). */
const MAX_SELECTORS = 5;

/** What GetEventSelectors shows for a trail that never had selectors put: all management events. */
const DEFAULT_SELECTOR = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };

/**
 * PutEventSelectors with basic event selectors: management events, and the S3 data events of the
 * objects their DataResources (`AWS::S3::Object`) name (`audit/dataEvents.ts`). Advanced event
 * selectors are not implemented.
 */
export const PutEventSelectors = defineOperation<{ TrailName: string; EventSelectors?: TrailEventSelector[]; AdvancedEventSelectors?: unknown[] }>({
  service: 'cloudtrail',
  name: 'PutEventSelectors',
  readOnly: false,
  authorize: (input, ctx) => trailNeed('PutEventSelectors', ctx, input.TrailName),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.TrailName);
    if (input.AdvancedEventSelectors !== undefined) {
      throw new ServiceError('NotImplemented', 'Gatehouse does not implement advanced event selectors yet.');
    }
    const selectors = input.EventSelectors;
    // AWS: PutEventSelectors — EventSelectors or AdvancedEventSelectors is required, with at most five selectors.
    if (selectors === undefined || selectors.length === 0 || selectors.length > MAX_SELECTORS) {
      throw new ServiceError(
        'InvalidEventSelectorsException',
        `You can specify from 1 to ${MAX_SELECTORS} event selectors for a trail; the request has ${selectors?.length ?? 0}.`,
      );
    }
    await ctx.store.trails.update(trail.accountId, trail.name, { eventSelectors: selectors });
    return { TrailARN: trailArn(trail.homeRegion, trail.accountId, trail.name), EventSelectors: selectors.map(withDefaults) };
  },
});

function withDefaults(s: TrailEventSelector): Record<string, unknown> {
  return {
    ReadWriteType: s.ReadWriteType ?? 'All',
    IncludeManagementEvents: s.IncludeManagementEvents ?? true,
    DataResources: s.DataResources ?? [],
    ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
  };
}

export const GetEventSelectors = defineOperation<{ TrailName: string }>({
  service: 'cloudtrail',
  name: 'GetEventSelectors',
  readOnly: true,
  authorize: (input, ctx) => trailNeed('GetEventSelectors', ctx, input.TrailName),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.TrailName, 'read');
    return {
      TrailARN: trailArn(trail.homeRegion, trail.accountId, trail.name),
      EventSelectors: trail.eventSelectors === null ? [DEFAULT_SELECTOR] : trail.eventSelectors.map(withDefaults),
    };
  },
});

export const eventSelectorOperations: Operation[] = [PutEventSelectors, GetEventSelectors];
