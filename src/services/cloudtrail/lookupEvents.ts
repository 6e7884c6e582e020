import { createHash } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import type { LookupAttributeKey } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import { isoSeconds } from '../../time.js';

interface LookupEventsInput {
  LookupAttributes?: { AttributeKey: LookupAttributeKey; AttributeValue: string }[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

/**
 * CloudTrail event history: the caller's account's records, newest first.
 *
 * AWS: LookupEvents (CloudTrail API reference): at most one lookup attribute; MaxResults 1–50,
 * default 50; StartTime after EndTime is InvalidTimeRangeException; a NextToken is only valid for
 * the query that produced it.
 */
export const LookupEvents = defineOperation<LookupEventsInput>({
  service: 'cloudtrail',
  name: 'LookupEvents',
  readOnly: true,
  authorize: () => [{ action: 'cloudtrail:LookupEvents', resource: '*' }],
  handle: async (input, ctx) => {
    const attributes = input.LookupAttributes ?? [];
    if (attributes.length > 1) {
      throw new ServiceError('InvalidLookupAttributesException', 'You cannot have more than one lookup attribute.');
    }
    if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
      throw new ServiceError('InvalidEventCategoryException', `Event category ${input.EventCategory} is not valid.`);
    }
    if (input.StartTime !== undefined && input.EndTime !== undefined && input.StartTime > input.EndTime) {
      throw new ServiceError('InvalidTimeRangeException', 'Start time must be before end time.');
    }
    const maxResults = input.MaxResults ?? 50;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
      throw new ServiceError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
    }
    const attribute = attributes[0] === undefined ? undefined : { key: attributes[0].AttributeKey, value: attributes[0].AttributeValue };
    const fingerprint = queryFingerprint(ctx.principal.accountId, attribute, input.StartTime, input.EndTime);
    const beforeSeq = input.NextToken === undefined ? undefined : readToken(input.NextToken, fingerprint);
    // Gatehouse: a first page includes every call this node has answered (AWS's event history
    // lags by minutes). Later pages continue below the first, so they need no flush.
    if (beforeSeq === undefined) await ctx.flushAudit?.();
    // Insight events are not produced: their history is empty.
    if (input.EventCategory === 'insight') return { Events: [] };
    const page = await ctx.store.auditEvents.lookup({
      accountId: ctx.principal.accountId,
      maxResults,
      ...(attribute !== undefined ? { attribute } : {}),
      ...(input.StartTime !== undefined ? { startTime: isoSeconds(input.StartTime) } : {}),
      ...(input.EndTime !== undefined ? { endTime: isoSeconds(input.EndTime) } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    return {
      Events: page.items.map((r) => ({
        EventId: r.eventId,
        EventName: r.eventName,
        ReadOnly: String(r.readOnly),
        ...(r.accessKeyId !== null ? { AccessKeyId: r.accessKeyId } : {}),
        EventTime: new Date(r.eventTime),
        EventSource: r.eventSource,
        ...(r.username !== null ? { Username: r.username } : {}),
        Resources: r.resources.map((res) => ({ ResourceType: res.type, ResourceName: res.name })),
        CloudTrailEvent: r.record,
      })),
      ...(page.nextSeq !== undefined ? { NextToken: writeToken(page.nextSeq, fingerprint) } : {}),
    };
  },
});

function queryFingerprint(account: string, attribute: { key: string; value: string } | undefined, start?: Date, end?: Date): string {
  return createHash('sha256')
    .update(JSON.stringify([account, attribute, start?.getTime(), end?.getTime()]))
    .digest('base64url')
    .slice(0, 16);
}

function writeToken(seq: number, fingerprint: string): string {
  return Buffer.from(`${seq}.${fingerprint}`, 'utf8').toString('base64url');
}

function readToken(token: string, fingerprint: string): number {
  const [seq, mark] = Buffer.from(token, 'base64url').toString('utf8').split('.');
  const n = Number(seq);
  if (mark !== fingerprint || !Number.isInteger(n) || n < 1) {
    throw new ServiceError('InvalidNextTokenException', 'Invalid NextToken.');
  }
  return n;
}
