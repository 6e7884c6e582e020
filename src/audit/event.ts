import { randomUUID } from 'node:crypto';
import type { Principal } from '../model/index.js';
import { requestParameters, responseElements } from './parameters.js';
import type { Store } from '../store/index.js';

/** CloudTrail's `userIdentity` (cloudtrail-event-reference-user-identity), the members we fill. */
export interface UserIdentity {
  type: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer?: { type: string; principalId: string; arn: string; accountId: string; userName: string };
    attributes: { creationDate: string; mfaAuthenticated: string };
    sourceIdentity?: string;
  };
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
  resources?: { accountId?: string; type: string; ARN?: string }[];
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId?: string;
  eventCategory: 'Management' | 'Data';
}

/** Gatehouse's own decision record, kept beside the CloudTrail event. */
export interface DecisionRecord {
  readonly allowed: boolean;
  readonly decisions: readonly {
    action: string;
    resource: string;
    result: string;
    blockedBy: readonly string[];
    matchedStatements: readonly { policyId: string; policyType: string; sid?: string; index: number; effect: string }[];
  }[];
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
  readonly input?: Record<string, unknown>;
  readonly output?: Record<string, unknown>;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** Builds the CloudTrail record of one call. */
export function buildAuditEvent(input: AuditInput): AuditEvent {
  const event: AuditEvent = {
    eventVersion: '1.10',
    userIdentity: userIdentity(input.principal),
    eventTime: input.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${input.service ?? 'unknown'}.amazonaws.com`,
    eventName: input.operation ?? 'Unknown',
    awsRegion: input.region,
    sourceIPAddress: input.sourceIp,
    userAgent: input.userAgent,
    requestParameters: requestParameters(input.input),
    responseElements: input.errorCode === undefined ? responseElements(input.output, input.readOnly) : null,
    requestID: input.requestId,
    eventID: randomUUID(),
    readOnly: input.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    eventCategory: 'Management',
  };
  const account = input.principal?.accountId;
  if (account !== undefined && account !== '') event.recipientAccountId = account;
  if (input.errorCode !== undefined) event.errorCode = input.errorCode;
  if (input.errorMessage !== undefined) event.errorMessage = input.errorMessage;
  return event;
}

function userIdentity(p: Principal | undefined): UserIdentity {
  if (p === undefined) return { type: 'Unknown' };
  if (p.type === 'Anonymous') return { type: 'AWSAccount', principalId: '', accountId: 'anonymous' };
  const identity: UserIdentity = { type: p.type, principalId: p.userId, arn: p.arn, accountId: p.accountId };
  if (p.accessKeyId !== undefined) identity.accessKeyId = p.accessKeyId;
  if (p.userName !== undefined) identity.userName = p.userName;
  const session = p.session;
  if (session !== undefined) {
    identity.sessionContext = {
      attributes: { creationDate: session.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: String(session.mfaAuthenticatedAt !== undefined) },
      ...(session.sourceIdentity !== undefined ? { sourceIdentity: session.sourceIdentity } : {}),
    };
    if (p.roleArn !== undefined) {
      const roleName = p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1);
      identity.sessionContext.sessionIssuer = { type: 'Role', principalId: p.userId.split(':')[0]!, arn: p.roleArn, accountId: p.accountId, userName: roleName };
    }
  }
  return identity;
}

/** LookupEvents' `Username`: the IAM user name, `root`, or the role session name. */
export function lookupUsername(p: Principal | undefined): string | null {
  if (p === undefined) return null;
  if (p.type === 'Root') return 'root';
  if (p.userName !== undefined) return p.userName;
  if (p.session?.sessionName !== undefined) return p.session.sessionName;
  return null;
}

/** Where finished calls go: a mutation's record joins its transaction; others are batched. */
export interface AuditSink {
  /** True for a sink that records nothing (GATEHOUSE_AUDIT=off): callers need not build events. */
  readonly disabled?: boolean;
  record(event: AuditEvent, principal: Principal | undefined, decision?: DecisionRecord): void;
  recordInTransaction(tx: Store, event: AuditEvent, principal: Principal | undefined, decision?: DecisionRecord): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
