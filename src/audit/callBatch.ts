/**
 * A group commit's calls, as the request thread hands them to the audit writer: compact facts,
 * from which the writer thread builds each CloudTrail record (`decodeBatch`). Building the records
 * there, not between requests, keeps the audit trail's cost off the thread that answers calls.
 *
 * This module is also loaded by the SQLite writer thread (`AuditBatchCodec`), so it imports
 * nothing heavier than the event and frame helpers.
 */
import { FrameReader, frameField as field, type AuditBatchCodec } from '../store/index.js';
import { isDataEvent } from './dataEvents.js';
import type { NewAuditRecord } from '../store/index.js';
import {
  accountCopies,
  callIdentity,
  callResponseElements,
  eventJson,
  eventResourcesMember,
  eventSource,
  eventTime,
  identityJson,
  newEventId,
  recipientAccount,
} from './event.js';
import { usernameOf } from './recordColumns.js';
import type { AuditInput, DecisionRecord, ServiceEventFacts, UserIdentity } from './event.js';
import { requestParameters } from './parameters.js';
import { eventResources } from './resources.js';

/**
 * A batch's text, built call by call. Entries (fields as `frameField`s):
 * - `P` an identity, declared once per batch before the first call that uses it: the
 *   `userIdentity` JSON, LookupEvents' user name, the recipient account, the access key ID;
 * - `R` a call: its identity's number (declaration order, from 0), time in epoch milliseconds,
 *   request ID, service, operation, region, source address, user agent, read-only (`1`/`0`),
 *   error code, error message, and the JSON of `requestParameters`, `responseElements`,
 *   Gatehouse's decision record and a service event's facts (each `~` when there is none).
 */
export class CallBatch {
  #text = '';
  readonly #identities = new Map<UserIdentity, number>();

  /** Adds a call; one whose record cannot be made throws and leaves the batch as it was. */
  add(call: AuditInput, decision: DecisionRecord | undefined): void {
    if (call.signIn !== undefined) throw new Error('a sign-in record is written with recordInTransaction, not queued');
    const request = requestParameters(call.input);
    const response = callResponseElements(call);
    const entry =
      field(String(call.time.getTime())) +
      field(call.requestId) +
      field(call.service) +
      field(call.operation ?? null) +
      field(call.region) +
      field(call.sourceIp) +
      field(call.userAgent) +
      (call.readOnly ? '1' : '0') +
      field(call.errorCode ?? null) +
      field(call.errorMessage ?? null) +
      field(request === null ? null : JSON.stringify(request)) +
      field(response === null ? null : JSON.stringify(response)) +
      field(decision === undefined ? null : JSON.stringify(decision)) +
      field(call.serviceEvent === undefined ? null : JSON.stringify(call.serviceEvent));
    const identity = callIdentity(call);
    let number = this.#identities.get(identity);
    if (number === undefined) {
      number = this.#identities.size;
      this.#identities.set(identity, number);
      this.#text += `P${field(identityJson(identity))}${field(usernameOf(identity))}${field(recipientAccount(call) ?? null)}${field(identity.accessKeyId ?? null)}`;
    }
    this.#text += `R${field(String(number))}${entry}`;
  }

  get text(): string {
    return this.#text;
  }
}

interface DeclaredIdentity {
  readonly json: string;
  readonly username: string | null;
  readonly account: string | null;
  readonly accessKeyId: string | null;
}

/** The records of a `CallBatch`'s text, each CloudTrail event built exactly as `buildAuditEvent` builds it. */
export function decodeBatch(text: string): NewAuditRecord[] {
  const read = new FrameReader(text);
  const identities: DeclaredIdentity[] = [];
  const records: NewAuditRecord[] = [];
  while (!read.done) {
    const kind = read.code();
    if (kind === DECLARATION) {
      identities.push({ json: read.required(), username: read.optional(), account: read.optional(), accessKeyId: read.optional() });
      continue;
    }
    if (kind !== CALL) throw new Error('malformed audit batch');
    const identity = identities[read.count()];
    if (identity === undefined) throw new Error('malformed audit batch');
    const ms = read.count();
    const requestID = read.required(),
      service = read.optional(),
      operation = read.optional();
    const awsRegion = read.required(),
      sourceIPAddress = read.required(),
      userAgent = read.required(),
      readOnly = read.flag();
    const errorCode = read.optional(),
      errorMessage = read.optional();
    const request = read.optional(),
      response = read.optional(),
      decision = read.optional(),
      serviceEvent = parsed(read.optional()) as ServiceEventFacts | null;
    const requestObject = parsed(request),
      responseObject = parsed(response);
    const event: EventParts = {
      eventVersion: '1.10',
      eventTime: eventTime(ms),
      eventSource: eventSource(service),
      eventName: operation ?? 'Unknown',
      awsRegion,
      sourceIPAddress,
      userAgent,
      requestID,
      eventID: newEventId(ms),
      readOnly,
      eventType: serviceEvent === null ? 'AwsApiCall' : 'AwsServiceEvent',
      managementEvent: !isDataEvent(service, operation ?? undefined),
      eventCategory: isDataEvent(service, operation ?? undefined) ? 'Data' : 'Management',
      recipientAccountId: identity.account ?? undefined,
      errorCode: errorCode ?? undefined,
      errorMessage: errorMessage ?? undefined,
      resources: eventResourcesMember(service, operation ?? undefined, requestObject, errorCode !== null),
      additionalEventData: serviceEvent?.additionalEventData,
      serviceEventDetails: serviceEvent?.serviceEventDetails,
    };
    const copies = accountCopies(event, ms);
    const resources = request === null && response === null ? NO_RESOURCES : eventResources(requestObject, responseObject);
    // The caller's record, then any other account's copy, which carries no decision record (that names the caller's own policies).
    for (const e of [event, ...copies]) {
      records.push({
        eventId: e.eventID,
        accountId: e.recipientAccountId ?? '',
        eventTime: e.eventTime,
        eventName: e.eventName,
        eventSource: e.eventSource,
        readOnly,
        username: identity.username,
        accessKeyId: identity.accessKeyId,
        errorCode,
        record: eventJson(e, identity.json, request ?? 'null', response ?? 'null'),
        decision: e === event ? decision : null,
        resources,
      });
    }
  }
  return records;
}

type EventParts = Parameters<typeof eventJson>[0];
const DECLARATION = 0x50; // P
const CALL = 0x52; // R
const NO_RESOURCES: readonly { type: string; name: string }[] = Object.freeze([]);
const parsed = (json: string | null): Record<string, unknown> | null => (json === null ? null : (JSON.parse(json) as Record<string, unknown>));

/** `CallBatch` texts, decoded by the writer thread when there is one. */
export const CALL_BATCH_CODEC: AuditBatchCodec = { module: import.meta.url, decode: decodeBatch };
