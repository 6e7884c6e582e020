import { randomUUID } from 'node:crypto';
import type { Principal } from '../model/index.js';

/** CloudTrail's `userIdentity` (cloudtrail-event-reference-user-identity), the members we fill. */
export interface UserIdentity {
  type: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
}

/** One call as CloudTrail records it (cloudtrail-event-reference-record-contents). */
export interface AuditEvent {
  eventVersion: '1.10';
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId?: string;
  eventCategory: 'Management' | 'Data';
}

export interface AuditInput {
  readonly principal?: Principal;
  readonly service: string | null;
  readonly operation?: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly requestId: string;
  readonly time: Date;
  readonly readOnly: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** Builds the CloudTrail record of one call. Request and response elements are left null until the audit trail records them with redaction. */
export function buildAuditEvent(input: AuditInput): AuditEvent {
  const p = input.principal;
  const userIdentity: UserIdentity =
    p === undefined || p.type === 'Anonymous'
      ? { type: p === undefined ? 'Unknown' : 'AWSAccount' }
      : {
          type: p.type,
          principalId: p.userId,
          arn: p.arn,
          accountId: p.accountId,
          ...(p.accessKeyId !== undefined ? { accessKeyId: p.accessKeyId } : {}),
          ...(p.userName !== undefined ? { userName: p.userName } : {}),
        };
  const event: AuditEvent = {
    eventVersion: '1.10',
    userIdentity,
    eventTime: input.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${input.service ?? 'unknown'}.amazonaws.com`,
    eventName: input.operation ?? 'Unknown',
    awsRegion: input.region,
    sourceIPAddress: input.sourceIp,
    userAgent: input.userAgent,
    requestParameters: null,
    responseElements: null,
    requestID: input.requestId,
    eventID: randomUUID(),
    readOnly: input.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    eventCategory: 'Management',
  };
  if (p !== undefined && p.accountId !== '') event.recipientAccountId = p.accountId;
  if (input.errorCode !== undefined) event.errorCode = input.errorCode;
  if (input.errorMessage !== undefined) event.errorMessage = input.errorMessage;
  return event;
}

/** Where finished calls go. The audit-trail issue replaces the logging sink with durable storage. */
export interface AuditSink {
  record(event: AuditEvent): void;
}
