import { LookupEventsCommand, type LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { cloudtrail } from '../api/cloudtrail.js';

/** A CloudTrail record as LookupEvents returns it in `CloudTrailEvent`. */
export interface TrailRecord {
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  readOnly?: boolean;
  eventType?: string;
  userIdentity: {
    type: string;
    arn?: string;
    userName?: string;
    principalId?: string;
    accountId?: string;
    sessionContext?: { sessionIssuer?: { arn?: string } };
  };
  requestParameters?: unknown;
  responseElements?: unknown;
  [member: string]: unknown;
}

export interface EventFilter {
  readonly key?: LookupAttributeKey | undefined;
  readonly value?: string | undefined;
  readonly start?: Date | undefined;
  readonly end?: Date | undefined;
}

/** One page of LookupEvents, records parsed. */
export async function lookupEvents(filter: EventFilter, nextToken?: string, max = 50): Promise<{ records: TrailRecord[]; next?: string | undefined }> {
  const out = await cloudtrail().send(
    new LookupEventsCommand({
      MaxResults: max,
      ...(filter.key !== undefined && filter.value ? { LookupAttributes: [{ AttributeKey: filter.key, AttributeValue: filter.value }] } : {}),
      ...(filter.start !== undefined ? { StartTime: filter.start } : {}),
      ...(filter.end !== undefined ? { EndTime: filter.end } : {}),
      ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
    }),
  );
  return { records: (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as TrailRecord), next: out.NextToken };
}

/** Who made a call, as a person reads it. */
export function caller(r: TrailRecord): string {
  const id = r.userIdentity;
  if (id.type === 'Root') return 'root';
  return id.userName ?? id.arn ?? id.principalId ?? id.type;
}

/** Whether the record is a denial. */
export function isDenied(r: TrailRecord): boolean {
  return r.errorCode !== undefined && /AccessDenied|UnauthorizedOperation|Forbidden/.test(r.errorCode);
}

/** The IAM principal a denied call would be simulated for: the user, or the role behind a session. */
export function simulationPrincipal(r: TrailRecord): string | undefined {
  const id = r.userIdentity;
  if (id.type === 'IAMUser') return id.arn;
  if (id.type === 'AssumedRole') return id.sessionContext?.sessionIssuer?.arn;
  return undefined;
}

/** The IAM action of a recorded call: its service's prefix and the operation. */
export function actionOf(r: TrailRecord): string {
  return `${r.eventSource.replace(/\.amazonaws\.com$/, '')}:${r.eventName}`;
}
