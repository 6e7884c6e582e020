import { randomUUID } from 'node:crypto';
import type { FederatedCaller, Principal } from '../model/index.js';
import { parseArn } from '../model/index.js';
import { recordsResponse, requestParameters, responseElements } from './parameters.js';
import { dataEventObjects, dataEventResources, isDataEvent } from './dataEvents.js';
import type { Store } from '../store/index.js';

/** CloudTrail's `userIdentity` (cloudtrail-event-reference-user-identity), the members we fill. */
export interface UserIdentity {
  type: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  /** `WebIdentityUser` and `SAMLUser`: the issuer, or `saml:namequalifier`; a workload's: what vouched for it. */
  identityProvider?: string;
  /** `IdentityCenterUser` only: the person a call is made for. */
  onBehalfOf?: { userId: string; identityStoreArn: string };
  /** `IdentityCenterUser` only: the ID of the bearer token the call presented. */
  credentialId?: string;
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
  /**
   * Sign-in events only: the console's `LoginTo`, `MobileVersion`, `MFAUsed` (and `MFAIdentifier`
   * when MFA was used); IAM Identity Center's service events: what the event adds (`CredentialType`,
   * `AuthWorkflowID` …).
   */
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: { ARN?: string; accountId?: string; type: string }[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleSignIn';
  managementEvent: boolean;
  recipientAccountId?: string;
  eventCategory: 'Management' | 'Data';
  /** Set on every copy of an event that more than one account receives (`accountCopies`). */
  sharedEventID?: string;
  /** Service events only: their outcome (`{"CredentialVerification": "Failure"}`). */
  serviceEventDetails?: Record<string, unknown>;
}

/**
 * What makes a record a service event rather than an API call: IAM Identity Center's sign-in
 * events (`signin.amazonaws.com`: CredentialChallenge, CredentialVerification, UserAuthentication),
 * which answer no API request. AWS: IAM Identity Center User Guide, "Understanding IAM Identity
 * Center sign-in events".
 */
export interface ServiceEventFacts {
  readonly additionalEventData?: Record<string, unknown>;
  readonly serviceEventDetails?: Record<string, unknown>;
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
  /** For a denial: why, in one sentence (`policy/denialReason.ts`), as the decoded authorization message says it. */
  readonly reason?: string;
}

export interface AuditInput {
  readonly principal?: Principal;
  /** The verified caller of an unsigned federation call; recorded instead of the anonymous principal. */
  readonly federatedCaller?: FederatedCaller;
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
  /** Set for a service event (eventType `AwsServiceEvent`), absent for an API call. */
  readonly serviceEvent?: ServiceEventFacts;
  /**
   * A console sign-in attempt rather than an API call: recorded as CloudTrail's `ConsoleLogin`
   * event. Written with `recordInTransaction` only (queued records carry API calls).
   */
  readonly signIn?: SignInFacts;
}

/**
 * What a `ConsoleLogin` record says. AWS: CloudTrail User Guide, "AWS Management Console sign-in
 * events" — `eventSource` `signin.amazonaws.com`, `eventType` `AwsConsoleSignIn`,
 * `requestParameters` null, `responseElements` `{"ConsoleLogin": "Success"|"Failure"}`, a failure's
 * `errorMessage` "Failed authentication", and `additionalEventData` with `LoginTo`,
 * `MobileVersion` and `MFAUsed` (`MFAIdentifier`, the device's ARN, when MFA was used). A failed
 * sign-in of a user name that does not exist shows `userName` `HIDDEN_DUE_TO_SECURITY_REASONS`.
 */
export interface SignInFacts {
  readonly result: 'Success' | 'Failure';
  readonly identity: UserIdentity;
  readonly loginTo: string;
  readonly mfaIdentifier?: string;
  readonly mfaUsed: boolean;
}

/** The `ConsoleLogin` record of a sign-in attempt. */
function signInEvent(input: AuditInput, signIn: SignInFacts): AuditEvent {
  const event: AuditEvent = {
    eventVersion: '1.10',
    userIdentity: signIn.identity,
    eventTime: eventTime(input.time.getTime()),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: input.region,
    sourceIPAddress: input.sourceIp,
    userAgent: input.userAgent,
    requestParameters: null,
    responseElements: { ConsoleLogin: signIn.result },
    additionalEventData: {
      LoginTo: signIn.loginTo,
      MobileVersion: 'No',
      ...(signIn.mfaIdentifier !== undefined ? { MFAIdentifier: signIn.mfaIdentifier } : {}),
      MFAUsed: signIn.mfaUsed ? 'Yes' : 'No',
    },
    requestID: input.requestId,
    eventID: newEventId(input.time.getTime()),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    eventCategory: 'Management',
  };
  if (signIn.identity.accountId !== undefined && signIn.identity.accountId !== '') event.recipientAccountId = signIn.identity.accountId;
  if (signIn.result === 'Failure') event.errorMessage = 'Failed authentication';
  return event;
}

/**
 * A CloudTrail event ID: a UUID of RFC 9562's version 7, whose first 48 bits are the event's Unix
 * time in milliseconds and whose other 74 bits are random (from a version 4 UUID). Time-ordered
 * IDs land at the end of the event-ID index rather than anywhere in it, which halves the cost of
 * inserting a record (35 → 17 µs of CPU per record, measured on SQLite with 100k records).
 */
export function newEventId(epochMs: number): string {
  if (epochMs !== idPrefix.ms) {
    const time = epochMs.toString(16).padStart(12, '0');
    idPrefix = { ms: epochMs, text: `${time.slice(0, 8)}-${time.slice(8, 12)}-7` };
  }
  return idPrefix.text + randomUUID().slice(15);
}
let idPrefix = { ms: -1, text: '' };

/** CloudTrail's `eventTime`: ISO 8601 in UTC to the second. Calls come many a second, so the text of the last second is kept. */
export function eventTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== lastSecond.second) lastSecond = { second, text: new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastSecond.text;
}
let lastSecond = { second: Number.NaN, text: '' };

/** Builds the CloudTrail record of one call. */
export function buildAuditEvent(input: AuditInput): AuditEvent {
  if (input.signIn !== undefined) return signInEvent(input, input.signIn);
  const event: AuditEvent = {
    eventVersion: '1.10',
    userIdentity: callIdentity(input),
    eventTime: eventTime(input.time.getTime()),
    eventSource: eventSource(input.service),
    eventName: input.operation ?? 'Unknown',
    awsRegion: input.region,
    sourceIPAddress: input.sourceIp,
    userAgent: input.userAgent,
    requestParameters: requestParameters(input.input),
    responseElements: callResponseElements(input),
    requestID: input.requestId,
    eventID: newEventId(input.time.getTime()),
    readOnly: input.readOnly,
    eventType: input.serviceEvent === undefined ? 'AwsApiCall' : 'AwsServiceEvent',
    managementEvent: true,
    eventCategory: 'Management',
  };
  if (input.serviceEvent?.additionalEventData !== undefined) event.additionalEventData = input.serviceEvent.additionalEventData;
  if (input.serviceEvent?.serviceEventDetails !== undefined) event.serviceEventDetails = input.serviceEvent.serviceEventDetails;
  if (isDataEvent(input.service, input.operation)) {
    event.managementEvent = false;
    event.eventCategory = 'Data';
  }
  const account = recipientAccount(input);
  if (account !== undefined) event.recipientAccountId = account;
  if (input.errorCode !== undefined) event.errorCode = input.errorCode;
  if (input.errorMessage !== undefined) event.errorMessage = input.errorMessage;
  const resources = eventResourcesMember(input.service, input.operation, event.requestParameters, event.errorCode !== undefined);
  if (resources !== undefined) event.resources = resources;
  return event;
}

/** Operations whose record names the role they assumed (the `roleArn` of their request). */
const ROLE_ASSUMING = new Set(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'rolesanywhere:CreateSession']);

/**
 * The event's own `resources` member. AWS: a successful AssumeRole record names the role
 * (`{ ARN, accountId, type: "AWS::IAM::Role" }`, IAM User Guide, "Example AWS STS API events in
 * CloudTrail log"); IAM's records carry none. Gatehouse names the role for STS's three
 * role-assuming calls and Roles Anywhere's CreateSession when they succeed.
 */
export function eventResourcesMember(
  service: string | null,
  operation: string | undefined,
  request: Record<string, unknown> | null,
  failed: boolean,
): AuditEvent['resources'] {
  // AWS: a data event names the objects (and their bucket) it acted on.
  if (isDataEvent(service, operation)) {
    const objects = dataEventObjects(request);
    return objects.length === 0 ? undefined : dataEventResources(objects);
  }
  if (failed || operation === undefined || !ROLE_ASSUMING.has(`${service}:${operation}`)) return undefined;
  const roleArn = request?.['roleArn'] ?? request?.['roleArnInBody'];
  const arn = typeof roleArn === 'string' ? parseArn(roleArn) : undefined;
  if (arn === undefined || arn.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
  return [{ ARN: roleArn as string, accountId: arn.accountId, type: 'AWS::IAM::Role' }];
}

/**
 * The accounts other than the recipient that an event's action involved, each of which receives
 * its own copy of the record: the owners of the resources the event names, when the call
 * succeeded. AWS: CloudTrail's `sharedEventID` identifies "CloudTrail events from the same AWS
 * action that is sent to different AWS accounts"; and (IAM User Guide, "Logging IAM and AWS STS
 * API calls with AWS CloudTrail") "For cross-account role assumption requests, CloudTrail does
 * not log denied AWS STS requests in the target account's CloudTrail", so a failed call has none.
 */
export function otherRecipients(e: Pick<AuditEvent, 'recipientAccountId' | 'errorCode' | 'resources'>): string[] {
  if (e.errorCode !== undefined || e.resources === undefined) return [];
  const accounts: string[] = [];
  for (const r of e.resources) {
    if (r.accountId !== undefined && r.accountId !== '' && r.accountId !== e.recipientAccountId && !accounts.includes(r.accountId)) accounts.push(r.accountId);
  }
  return accounts;
}

type SharedEventParts = Pick<AuditEvent, 'recipientAccountId' | 'errorCode' | 'resources' | 'eventID' | 'sharedEventID'>;

/**
 * The copies of `event` that the other accounts its action involved receive (`otherRecipients`):
 * each the same event with that account as `recipientAccountId` and an event ID of its own. When
 * there are any, `event` and every copy carry one new `sharedEventID` (set last, so that the
 * member comes last in the record's text, as `eventJson` writes it).
 */
export function accountCopies<E extends SharedEventParts>(event: E, epochMs: number): E[] {
  const accounts = otherRecipients(event);
  if (accounts.length === 0) return [];
  event.sharedEventID = randomUUID();
  return accounts.map((account) => ({ ...event, recipientAccountId: account, eventID: newEventId(epochMs) }));
}

/**
 * Event sources that are not `<service name>.amazonaws.com`. AWS: IAM Identity Center User Guide,
 * "Logging IAM Identity Center API calls with AWS CloudTrail" — SSO Admin and the access portal
 * record as `sso.amazonaws.com`, SSO OIDC as `sso-oauth.amazonaws.com` (EventBridge's
 * events-ref-sso-oauth), sign-in events as `signin.amazonaws.com`.
 */
const EVENT_SOURCES: Readonly<Record<string, string>> = {
  'sso-admin': 'sso.amazonaws.com',
  'sso-portal': 'sso.amazonaws.com',
  'sso-oidc': 'sso-oauth.amazonaws.com',
};

/** CloudTrail's `eventSource` of a call to `service` (`unknown` when no service could be told). */
export function eventSource(service: string | null): string {
  // AWS: S3 Control's calls are recorded as S3's (eventSource s3.amazonaws.com).
  if (service === 's3control') return 's3.amazonaws.com';
  return (service === null ? undefined : EVENT_SOURCES[service]) ?? `${service ?? 'unknown'}.amazonaws.com`;
}

/** `recipientAccountId`: the account called, when there is one. */
export function recipientAccount(input: AuditInput): string | undefined {
  const account = input.federatedCaller?.accountId ?? input.principal?.accountId;
  return account === undefined || account === '' ? undefined : account;
}

/** The call's `userIdentity`: the verified federated caller's, or the principal's (shared per principal). */
export function callIdentity(input: AuditInput): UserIdentity {
  return input.federatedCaller !== undefined ? federatedIdentity(input.federatedCaller) : userIdentity(input.principal);
}

/**
 * A principal's `userIdentity`, made once per principal object: the credential cache hands the
 * same principal to every call made with a long-term key. Shared and never modified.
 */
const identities = new WeakMap<Principal, UserIdentity>();
/** The JSON text of each shared `userIdentity`. */
const identityTexts = new WeakMap<UserIdentity, string>();
const UNKNOWN_IDENTITY: UserIdentity = { type: 'Unknown' };

function userIdentity(p: Principal | undefined): UserIdentity {
  if (p === undefined) return UNKNOWN_IDENTITY;
  let identity = identities.get(p);
  if (identity === undefined) {
    identity = makeUserIdentity(p);
    identities.set(p, identity);
  }
  return identity;
}

/** JSON texts of the strings that repeat from call to call (names, sources, regions, addresses, agents, seconds). */
const stringTexts = new Map<string, string>();
const STRING_TEXTS_MAX = 4096;

/** `JSON.stringify(value)` for a string that is likely to repeat: made once, then looked up. */
function repeatedText(value: string): string {
  let text = stringTexts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (stringTexts.size >= STRING_TEXTS_MAX) stringTexts.clear();
    stringTexts.set(value, text);
  }
  return text;
}

/** The JSON text of a shared `userIdentity`, made once per identity. */
export function identityJson(identity: UserIdentity): string {
  let text = identityTexts.get(identity);
  if (text === undefined) {
    text = JSON.stringify(identity);
    identityTexts.set(identity, text);
  }
  return text;
}

/**
 * The record's JSON text: what `JSON.stringify(event)` gives, member for member in the same
 * order, with the `userIdentity` text made once per identity and the text of each repeating
 * string once per value.
 */
export function auditEventJson(e: AuditEvent): string {
  const q = JSON.stringify;
  return eventJson(
    e,
    identityJson(e.userIdentity),
    e.requestParameters === null ? 'null' : q(e.requestParameters),
    e.responseElements === null ? 'null' : q(e.responseElements),
  );
}

/**
 * An event's JSON text from its parts: the one template of a record's text. `identity`,
 * `request` and `response` are the JSON texts of `userIdentity`, `requestParameters` and
 * `responseElements`; every other member is read from `e`.
 */
export function eventJson(
  e: Omit<AuditEvent, 'userIdentity' | 'requestParameters' | 'responseElements'>,
  identity: string,
  request: string,
  response: string,
): string {
  const q = JSON.stringify;
  const r = repeatedText;
  let json =
    `{"eventVersion":${r(e.eventVersion)},"userIdentity":${identity},"eventTime":${r(e.eventTime)},"eventSource":${r(e.eventSource)}` +
    `,"eventName":${r(e.eventName)},"awsRegion":${r(e.awsRegion)},"sourceIPAddress":${r(e.sourceIPAddress)},"userAgent":${r(e.userAgent)}` +
    `,"requestParameters":${request},"responseElements":${response}` +
    (e.additionalEventData !== undefined ? `,"additionalEventData":${q(e.additionalEventData)}` : '') +
    `,"requestID":${q(e.requestID)},"eventID":${q(e.eventID)},"readOnly":${e.readOnly},"eventType":${r(e.eventType)},"managementEvent":${e.managementEvent}` +
    `,"eventCategory":${r(e.eventCategory)}`;
  if (e.recipientAccountId !== undefined) json += `,"recipientAccountId":${r(e.recipientAccountId)}`;
  if (e.errorCode !== undefined) json += `,"errorCode":${r(e.errorCode)}`;
  if (e.errorMessage !== undefined) json += `,"errorMessage":${q(e.errorMessage)}`;
  if (e.resources !== undefined) json += `,"resources":${q(e.resources)}`;
  if (e.sharedEventID !== undefined) json += `,"sharedEventID":${q(e.sharedEventID)}`;
  if (e.serviceEventDetails !== undefined) json += `,"serviceEventDetails":${q(e.serviceEventDetails)}`;
  return `${json}}`;
}

function federatedIdentity(c: FederatedCaller): UserIdentity {
  switch (c.type) {
    case 'IdentityCenterUser':
      return {
        type: c.type,
        accountId: c.accountId,
        onBehalfOf: { userId: c.userId, identityStoreArn: c.identityStoreArn },
        ...(c.credentialId !== undefined ? { credentialId: c.credentialId } : {}),
      };
    case 'Unknown':
      // AWS: sign-in events name the account as principal, with empty ARN and access key.
      return {
        type: 'Unknown',
        principalId: c.accountId,
        arn: '',
        accountId: c.accountId,
        accessKeyId: '',
        ...(c.userName !== undefined ? { userName: c.userName } : {}),
      };
    default:
      return { type: c.type, principalId: c.principalId, userName: c.userName, identityProvider: c.identityProvider };
  }
}

function makeUserIdentity(p: Principal): UserIdentity {
  if (p.type === 'Anonymous') return { type: 'AWSAccount', principalId: '', accountId: 'anonymous' };
  // AWS: CloudTrail User Guide, "userIdentity for a request made on behalf of an IAM Identity
  // Center user": the account, `onBehalfOf` (user ID and identity store ARN) and `credentialId`.
  if (p.type === 'IdentityCenterUser' && p.onBehalfOf !== undefined) {
    const { userId, identityStoreArn, credentialId } = p.onBehalfOf;
    return { type: 'IdentityCenterUser', accountId: p.accountId, onBehalfOf: { userId, identityStoreArn }, credentialId };
  }
  if (p.type === 'Workload' && p.workload !== undefined) {
    // A certificate or a workload token is no IAM identity: CloudTrail's `Unknown` type, with what
    // identifies it (the certificate's serial number and subject, or the token's ID and
    // description) and what vouched for it (the trust anchor, the IoT certificate's ARN).
    const w = p.workload;
    return { type: 'Unknown', principalId: w.id, userName: w.name, identityProvider: w.issuer, accountId: p.accountId };
  }
  const identity: UserIdentity = { type: p.type, principalId: p.userId, arn: p.arn, accountId: p.accountId };
  if (p.accessKeyId !== undefined) identity.accessKeyId = p.accessKeyId;
  if (p.userName !== undefined) identity.userName = p.userName;
  const session = p.session;
  if (session !== undefined) {
    identity.sessionContext = {
      attributes: {
        creationDate: session.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        mfaAuthenticated: String(session.mfaAuthenticatedAt !== undefined),
      },
      ...(session.sourceIdentity !== undefined ? { sourceIdentity: session.sourceIdentity } : {}),
    };
    if (p.roleArn !== undefined) {
      const roleName = p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1);
      identity.sessionContext.sessionIssuer = {
        type: 'Role',
        principalId: p.userId.split(':')[0]!,
        arn: p.roleArn,
        accountId: p.accountId,
        userName: roleName,
      };
    }
  }
  return identity;
}

/** A call's `responseElements`: none for a failed call, nor for a read-only one that issues no credentials. */
export function callResponseElements(input: AuditInput): Record<string, unknown> | null {
  return input.errorCode === undefined ? responseElements(input.output, recordsResponse(input.service, input.operation, input.readOnly)) : null;
}

/** Where finished calls go: a mutation's record joins its transaction; others are batched. */
export interface AuditSink {
  /** True for a sink that records nothing (GATEHOUSE_AUDIT=off): callers need not build events. */
  readonly disabled?: boolean;
  /** Records a call; its CloudTrail event may be built later, from `call` as it is now. */
  record(call: AuditInput, decision?: DecisionRecord): void;
  /** Writes a mutation's record into its transaction `tx` (the audit inbox). */
  recordInTransaction(tx: Store, call: AuditInput, decision?: DecisionRecord): Promise<void>;
  /** A transaction that `recordInTransaction` wrote to has committed: chain its record with the next group commit. */
  committed(): void;
  /** Commits the queued records and chains the inbox's now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
