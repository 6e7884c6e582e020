import type { NewAuditRecord } from '../store/index.js';
import type { UserIdentity } from './event.js';
import { eventResources } from './resources.js';

/**
 * The columns a stored record is looked up by (LookupEvents' attributes, the account and time),
 * as the record itself says them. The writer stores exactly these, and `gatehouse audit verify`
 * derives them again from each chained record: a column edited apart from its record (an event
 * hidden from a filtered lookup) is found.
 */
export type RecordColumns = Omit<NewAuditRecord, 'record' | 'decision'>;

/**
 * LookupEvents' `Username` of a record: `root` for the root user, the user name (an IAM user's,
 * a web identity or SAML caller's), or a session's name (the part of its principal ID after the
 * role's or account's ID: `AROA…:session`, `123456789012:name`).
 */
export function usernameOf(identity: UserIdentity): string | null {
  if (identity.type === 'Root') return 'root';
  if (identity.userName !== undefined) return identity.userName;
  if (identity.onBehalfOf !== undefined) return identity.onBehalfOf.userId;
  const principalId = identity.principalId ?? '';
  const colon = principalId.indexOf(':');
  return identity.sessionContext !== undefined && colon !== -1 ? principalId.slice(colon + 1) : null;
}

/** The members of a CloudTrail record the columns are derived from. */
interface RecordMembers {
  eventID?: unknown;
  recipientAccountId?: unknown;
  eventTime?: unknown;
  eventName?: unknown;
  eventSource?: unknown;
  readOnly?: unknown;
  userIdentity?: UserIdentity;
  errorCode?: unknown;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
}

/** The columns of a record's JSON text; undefined when it is not a record. */
export function columnsOfRecord(json: string): RecordColumns | undefined {
  let e: RecordMembers;
  try {
    e = JSON.parse(json) as RecordMembers;
  } catch {
    return undefined;
  }
  if (typeof e !== 'object' || e === null) return undefined;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const identity: UserIdentity = typeof e.userIdentity === 'object' && e.userIdentity !== null ? e.userIdentity : { type: 'Unknown' };
  return {
    eventId: text(e.eventID),
    accountId: text(e.recipientAccountId),
    eventTime: text(e.eventTime),
    eventName: text(e.eventName),
    eventSource: text(e.eventSource),
    readOnly: e.readOnly === true,
    username: usernameOf(identity),
    accessKeyId: identity.accessKeyId ?? null,
    errorCode: typeof e.errorCode === 'string' ? e.errorCode : null,
    resources: eventResources(e.requestParameters ?? null, e.responseElements ?? null),
  };
}
