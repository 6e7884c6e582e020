import { ServiceError } from '../../errors.js';
import type { TrailEventSelector, TrailInsightSelector } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { AuthorizationNeed, Operation, OperationContext } from '../operation.js';
import { loadTrail, trailArn, trailNeed } from './trailRecords.js';

type InsightType = TrailInsightSelector['InsightType'];

/**
 * Whether each Insights type needs the trail to log write management events (true) or read or
 * write ones (false). AWS: "To log CloudTrail Insights events on API call volume, the trail must
 * log write management events. To log CloudTrail Insights events on API error rate, the trail must
 * log read or write management events" (PutInsightSelectors).
 */
const NEEDS_WRITE_EVENTS: Readonly<Record<InsightType, boolean>> = {
  ApiCallRateInsight: true,
  ApiErrorRateInsight: false,
};

/** The members that say which trail or event data store a call is about. */
interface InsightTarget {
  TrailName?: string;
  EventDataStore?: string;
  InsightsDestination?: string;
}

/** A requested selector as decoded: the model lets InsightType (and a list element) be absent. */
type RequestedSelector = { InsightType?: string } | null;

const invalidSelectors = (message: string) => new ServiceError('InvalidInsightSelectorsException', message);

function isInsightType(type: string | undefined): type is InsightType {
  return type !== undefined && Object.hasOwn(NEEDS_WRITE_EVENTS, type);
}

/**
 * The trail a call names. AWS: TrailName cannot be used with the EventDataStore and
 * InsightsDestination parameters (PutInsightSelectors, GetInsightSelectors). AWS does not say what
 * a call naming neither gets; Gatehouse answers InvalidParameterCombinationException too.
 */
function targetTrail({ TrailName, EventDataStore, InsightsDestination }: InsightTarget): string {
  if (TrailName !== undefined && (EventDataStore !== undefined || InsightsDestination !== undefined)) {
    throw new ServiceError('InvalidParameterCombinationException', 'TrailName cannot be specified with EventDataStore or InsightsDestination.');
  }
  if (TrailName !== undefined) return TrailName;
  if (EventDataStore !== undefined || InsightsDestination !== undefined) {
    throw new ServiceError('NotImplemented', 'Gatehouse does not implement event data stores yet.');
  }
  throw new ServiceError('InvalidParameterCombinationException', 'You must specify either TrailName or EventDataStore.');
}

/** `cloudtrail:<operation>` on the named trail; a call naming no trail is authorized on `*` and then refused by its handler. */
async function insightNeed(operation: string, input: InsightTarget, ctx: OperationContext): Promise<AuthorizationNeed[]> {
  return input.TrailName !== undefined ? trailNeed(operation, ctx, input.TrailName) : [{ action: `cloudtrail:${operation}`, resource: '*' }];
}

/** Whether event selectors (null: the default, all management events) log the management events an Insights type needs. */
function logsManagementEvents(selectors: readonly TrailEventSelector[] | null, writes: boolean): boolean {
  if (selectors === null) return true;
  return selectors.some((s) => (s.IncludeManagementEvents ?? true) && (!writes || (s.ReadWriteType ?? 'All') !== 'ReadOnly'));
}

/**
 * The selectors to store, in the order given, or InvalidInsightSelectorsException. AWS: the
 * exception is for an InsightType that is not valid (CloudTrail API reference,
 * InvalidInsightSelectorsException). AWS documents neither a repeated type nor the error for a trail
 * that does not log the management events a type needs; Gatehouse refuses both with the same
 * exception, as AWS does for an event data store whose selectors do not fit its Insights types.
 */
function checkSelectors(requested: readonly RequestedSelector[], eventSelectors: readonly TrailEventSelector[] | null): TrailInsightSelector[] {
  const types: InsightType[] = [];
  for (const selector of requested) {
    const type = selector?.InsightType;
    if (!isInsightType(type)) {
      throw invalidSelectors(`Insight type ${type ?? 'null'} is not valid. Valid Insight types are ApiCallRateInsight and ApiErrorRateInsight.`);
    }
    if (types.includes(type)) throw invalidSelectors(`Insight type ${type} is specified more than once.`);
    const writes = NEEDS_WRITE_EVENTS[type];
    if (!logsManagementEvents(eventSelectors, writes)) {
      throw invalidSelectors(`To log ${type} Insights events, the trail must log ${writes ? 'write' : 'read or write'} management events.`);
    }
    types.push(type);
  }
  return types.map((InsightType) => ({ InsightType }));
}

/**
 * PutInsightSelectors for trails; an empty list turns Insights off (AWS: PutInsightSelectors).
 * The selectors are kept and shown; Gatehouse does not generate Insights events. `EventCategories`
 * is not in the service model Gatehouse decodes with, so every selector is for management events,
 * AWS's default when it is absent (API reference, InsightSelector).
 */
export const PutInsightSelectors = defineOperation<InsightTarget & { InsightSelectors: RequestedSelector[] }>({
  service: 'cloudtrail',
  name: 'PutInsightSelectors',
  readOnly: false,
  authorize: (input, ctx) => insightNeed('PutInsightSelectors', input, ctx),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, targetTrail(input));
    const selectors = checkSelectors(input.InsightSelectors, trail.eventSelectors);
    await ctx.store.trails.update(trail.accountId, trail.name, { insightSelectors: selectors.length === 0 ? null : selectors });
    return { TrailARN: trailArn(trail.homeRegion, trail.accountId, trail.name), InsightSelectors: selectors };
  },
});

/** GetInsightSelectors for trails. AWS: a trail without Insights enabled gets InsightNotEnabledException. */
export const GetInsightSelectors = defineOperation<InsightTarget>({
  service: 'cloudtrail',
  name: 'GetInsightSelectors',
  readOnly: true,
  authorize: (input, ctx) => insightNeed('GetInsightSelectors', input, ctx),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, targetTrail(input), 'read');
    const arn = trailArn(trail.homeRegion, trail.accountId, trail.name);
    if (trail.insightSelectors === null) {
      // AWS: the message the CLI shows (CloudTrail User Guide, "Logging Insights events with the AWS CLI").
      throw new ServiceError(
        'InsightNotEnabledException',
        `Trail ${arn} does not have Insights enabled. Edit the trail settings to enable Insights, and then try the operation again.`,
      );
    }
    return { TrailARN: arn, InsightSelectors: trail.insightSelectors };
  },
});

export const insightSelectorOperations: Operation[] = [PutInsightSelectors, GetInsightSelectors];
