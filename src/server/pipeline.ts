import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ServiceError, isServiceError } from '../errors.js';
import type { FederatedCaller, IamQuotas, Principal } from '../model/index.js';
import { ANONYMOUS } from '../model/index.js';
import { decodeRequest, encodeError, encodeResponse, identifyService, isUnsignedOperation, signingNameOf } from '../protocol/index.js';
import type { DecodedRequest, ServiceName, WireRequest, WireResponse } from '../protocol/index.js';
import { dateHeader } from '../protocol/index.js';
import { checkedPayload, scopeServiceOf, unsignedPayloadCheck } from '../auth/index.js';
import { authorize } from '../auth/index.js';
import type { PolicySource } from '../auth/index.js';
import type { CredentialResolver, PresentedCredential } from '../auth/index.js';
import type { OidcSettings } from '../auth/index.js';
import { sessionCallRestriction } from '../auth/index.js';
import { encodeAuthorizationMessage } from '../auth/index.js';
import { denialReason } from '../policy/index.js';
import { descriptorOf, findOperation, QUERY_AUTH_ERRORS, StalePreparation } from '../services/index.js';
import type { OperationContext, ServiceDescriptor } from '../services/index.js';
import type { Store } from '../store/index.js';
import type { AuditInput, AuditSink, DecisionRecord } from '../audit/index.js';
import { decisionRecord } from './decisionRecord.js';
import type { Metrics } from './metrics.js';

/** The response header that carries a denial's encoded authorization message. */
export const ENCODED_DENIAL_HEADER = 'x-gatehouse-encoded-authorization-message';

/** What the pipeline needs from the running server. */
export interface PipelineDeps {
  readonly store: Store;
  /** The kinds of credential a request may present, asked in order (`auth/authenticate/`). */
  readonly credentials: readonly CredentialResolver[];
  readonly policies: PolicySource;
  readonly audit: AuditSink;
  /** `audit.flush`, bound once. */
  readonly flushAudit: () => Promise<void>;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly region: string;
  readonly quotas: Readonly<IamQuotas>;
  readonly oidc?: OidcSettings;
}

/** Facts about the connection a request came on. */
export interface Connection {
  readonly sourceIp: string;
  readonly secure: boolean;
}

/** Where one call got to, for its audit record and metrics. */
interface CallState {
  service: ServiceName | null;
  operation?: string;
  principal?: Principal;
  /** The verified caller of an unsigned federation call. */
  federatedCaller?: FederatedCaller;
  readOnly: boolean;
  input?: Record<string, unknown>;
  decision?: DecisionRecord;
  /** Set once the call's record has been committed with its mutation. */
  recorded: boolean;
  /** The sealed details of a denial, for DecodeAuthorizationMessage. */
  encodedDenial?: string;
}

interface Call {
  readonly requestId: string;
  readonly now: Date;
  readonly userAgent: string;
  readonly conn: Connection;
}

/**
 * The one path every AWS API request takes:
 * decode → authenticate → authorize → handle → encode → audit.
 * Never throws: every failure becomes the protocol's error response, and every call, allowed or
 * denied, authenticated or not, leaves an audit record.
 */
export async function handleApiRequest(deps: PipelineDeps, wire: WireRequest, conn: Connection): Promise<WireResponse> {
  const started = process.hrtime.bigint();
  const call: Call = { requestId: randomUUID(), now: deps.clock(), userAgent: headerValue(wire.headers['user-agent']) ?? '', conn };
  const state: CallState = { service: null, readOnly: false, recorded: false };
  let response: WireResponse;
  try {
    const output = await run(deps, wire, state, call);
    response = encodeResponse(state.service!, state.operation!, output, call.requestId);
  } catch (err) {
    const failure = isServiceError(err) ? authErrorsOf(state.service).signatureRefused(err) : internalFailure(deps.logger, err, call.requestId);
    response = encodeError(state.service, failure, call.requestId);
    // Gatehouse extension: every AccessDenied carries its encoded authorization message in a
    // header (AWS puts one in some services' messages only), for DecodeAuthorizationMessage.
    if (state.encodedDenial !== undefined) response.headers[ENCODED_DENIAL_HEADER] = state.encodedDenial;
    if (!state.recorded && !deps.audit.disabled) deps.audit.record(auditInput(deps, state, call, undefined, failure), state.decision);
  }
  // The Date header is Gatehouse's clock, which SigV4 checks requests against: an SDK whose
  // request was refused as skewed corrects its clock from this header and retries.
  response.headers['Date'] = dateHeader(call.now.getTime());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  deps.metrics.observe(state.service ?? 'unknown', state.operation ?? 'unknown', response.status, seconds);
  return response;
}

/** What the audit record of this call is made from. */
function auditInput(deps: PipelineDeps, state: CallState, call: Call, output: Record<string, unknown> | undefined, failure?: ServiceError): AuditInput {
  return {
    principal: state.principal,
    ...(state.federatedCaller !== undefined ? { federatedCaller: state.federatedCaller } : {}),
    service: state.service,
    operation: state.operation,
    region: deps.region,
    sourceIp: call.conn.sourceIp,
    userAgent: call.userAgent,
    requestId: call.requestId,
    time: call.now,
    readOnly: state.readOnly,
    input: state.input,
    output,
    ...(failure !== undefined ? { errorCode: failure.code, errorMessage: failure.message } : {}),
  };
}

async function run(deps: PipelineDeps, wire: WireRequest, state: CallState, call: Call): Promise<Record<string, unknown>> {
  let presented: PresentedCredential | undefined;
  try {
    presented = presentedCredential(deps.credentials, wire, call.now);
  } catch (err) {
    // A refused envelope (malformed, expired) is still answered in its service's protocol.
    state.service = identifyService(wire, scopeServiceOf(wire));
    throw err;
  }
  state.service = identifyService(wire, presented?.scopeService);
  const service = state.service;
  if (service === null) throw unidentified(wire, presented, state);
  const descriptor = descriptorOf(service);

  let body = wire.body;
  let stream = wire.stream;
  let trailers: () => Record<string, string> = NO_TRAILERS;
  // An unsigned request's body is final as received: decoded once, here.
  let decoded: DecodedRequest | undefined;
  if (presented === undefined) {
    if (stream !== undefined) {
      const checked = checkedPayload(stream, unsignedPayloadCheck(wire.headers).incremental());
      stream = checked;
      trailers = checked.trailers;
    }
    decoded = decodeRequest(service, stream === wire.stream ? wire : { ...wire, stream });
    if (decoded.operation !== undefined) state.operation = decoded.operation;
    if (descriptor.unsigned !== 'anonymous' && (decoded.operation === undefined || !isUnsignedOperation(service, decoded.operation))) {
      throw descriptor.authErrors.missingAuthentication();
    }
    state.principal = ANONYMOUS;
  } else {
    const resolution = await presented.resolve(descriptor.signing);
    if (resolution.outcome !== 'resolved' && resolution.caller !== undefined) {
      // A refused bearer token (nothing signed: the request is final as received) is recorded
      // with the operation it asked for, in the account of whom it named.
      state.federatedCaller = resolution.caller;
      try {
        const asked = decodeRequest(service, wire).operation;
        if (asked !== undefined) state.operation = asked;
      } catch {
        // Undecodable: recorded without an operation.
      }
    }
    if (resolution.outcome === 'unknown') throw descriptor.authErrors.unknownAccessKey();
    if (resolution.outcome === 'expired') throw descriptor.authErrors.expiredToken();
    // A failed signature is recorded against the credential's owner, as the credential claims to be.
    state.principal = resolution.principal;
    try {
      const check = resolution.verify();
      if (stream !== undefined) {
        // The body streams on to the operation, checked as it passes (`checkedPayload`).
        const checked = checkedPayload(stream, check.incremental());
        stream = checked;
        trailers = checked.trailers;
      } else {
        const payload = check.whole(wire.body);
        body = payload.body;
        if (payload.trailers !== undefined) {
          const received = payload.trailers;
          trailers = () => received;
        }
      }
    } catch (err) {
      // The record of a failed signature still names the operation it asked for.
      const peek = decodeRequest(service, wire);
      if (peek.operation !== undefined) state.operation = peek.operation;
      throw err;
    }
  }

  decoded ??= decodeRequest(service, body === wire.body && stream === wire.stream ? wire : { ...wire, body, stream });
  if (decoded.operation !== undefined) state.operation = decoded.operation;
  if (decoded.input !== undefined) state.input = decoded.input;
  if (decoded.error !== undefined) throw decoded.error;
  const operationName = decoded.operation!;
  const operation = findOperation(service, operationName);
  if (operation === undefined) {
    throw new ServiceError('NotImplemented', `Gatehouse does not implement ${service}:${operationName} yet.`);
  }
  state.readOnly = operation.readOnly;
  const principal = state.principal;
  const restricted = sessionCallRestriction(principal, service, operationName);
  if (restricted !== undefined) throw restricted;
  const ctx: OperationContext = {
    requestId: call.requestId,
    memo: new Map(),
    principal,
    now: call.now,
    region: deps.region,
    sourceIp: call.conn.sourceIp,
    userAgent: call.userAgent,
    origin: { host: headerValue(wire.headers.host) ?? '', secure: call.conn.secure },
    store: deps.store,
    quotas: deps.quotas,
    flushAudit: deps.flushAudit,
    secureTransport: call.conn.secure,
    headers: wire.headers,
    payloadTrailers: trailers,
    ...(presented?.form !== undefined && presented.signedAt !== undefined ? { signature: { form: presented.form, signedAt: presented.signedAt } } : {}),
    ...(deps.oidc !== undefined ? { oidc: deps.oidc } : {}),
    ...(presented === undefined
      ? {
          identifyCaller: (caller: FederatedCaller) => {
            state.federatedCaller = caller;
          },
        }
      : {}),
  };
  const input = decoded.input ?? {};
  const needs = await operation.authorize(input, ctx);
  let authorized: OperationContext = needs === null ? ctx : { ...ctx, needs };
  if (needs !== null) {
    const referer = headerValue(wire.headers['referer']);
    const facts = {
      now: call.now,
      sourceIp: call.conn.sourceIp,
      secureTransport: call.conn.secure,
      userAgent: call.userAgent,
      region: deps.region,
      ...(referer !== undefined ? { referer } : {}),
    };
    const outcome = await authorize(principal, needs, facts, deps.policies);
    for (const { decision } of outcome.decisions) deps.metrics.decisions.inc({ decision: decision.decision });
    state.decision = decisionRecord(outcome);
    if (!outcome.allowed) {
      if (outcome.denial !== undefined) {
        const { request, decision, policies } = outcome.denial;
        state.encodedDenial = encodeAuthorizationMessage(deps.store.keyRing, request, decision, policies);
        state.decision = { ...state.decision, reason: denialReason(request, decision, policies) };
      }
      const message = outcome.message ?? 'Access Denied';
      throw outcome.decisions.at(-1)?.need.refusal?.(message) ?? descriptor.authErrors.accessDenied(message);
    }
    if (outcome.refused.size > 0) authorized = { ...authorized, refused: outcome.refused };
  }
  const prepare = async (): Promise<OperationContext> =>
    operation.prepare === undefined ? authorized : { ...authorized, prepared: await operation.prepare(input, authorized) };
  if (operation.readOnly) {
    const output = await operation.handle(input, operation.prepare === undefined ? authorized : await prepare());
    if (!deps.audit.disabled) deps.audit.record(auditInput(deps, state, call, output), state.decision);
    state.recorded = true;
    return output;
  }
  // A mutation and its audit record commit in one transaction: all of it, or none of it. Work
  // prepared outside it that a concurrent change made stale is prepared again (StalePreparation).
  for (let attempt = 1; ; attempt++) {
    const prepared = await prepare();
    let committed = false;
    try {
      const outcome = await deps.store.transaction(async (tx): Promise<{ output: Record<string, unknown> } | { refusal: ServiceError }> => {
        let output: Record<string, unknown>;
        try {
          output = await operation.handle(input, { ...prepared, store: tx, memo: new Map() });
        } catch (err) {
          // A refusal that is itself a change commits, with the call's record.
          if (!isServiceError(err) || !err.commitsChanges) throw err;
          if (!deps.audit.disabled) await deps.audit.recordInTransaction(tx, auditInput(deps, state, call, undefined, err), state.decision);
          state.recorded = true;
          return { refusal: err };
        }
        if (!deps.audit.disabled) await deps.audit.recordInTransaction(tx, auditInput(deps, state, call, output), state.decision);
        state.recorded = true;
        return { output };
      });
      committed = true;
      deps.audit.committed();
      if ('refusal' in outcome) throw outcome.refusal;
      return outcome.output;
    } catch (err) {
      if (!(err instanceof StalePreparation)) throw err;
      if (attempt >= PREPARE_ATTEMPTS) {
        throw new ServiceError(
          'ConcurrentModification',
          'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.',
        );
      }
    } finally {
      // What the attempt left outside the database (an upload's bytes) is kept or dropped by how it ended.
      if (operation.settle !== undefined && prepared.prepared !== undefined)
        await settle(deps.logger, operation.settle(prepared.prepared, committed, prepared), call.requestId);
    }
  }
}

/** Waits for an operation's settling; a failure there is logged, never the call's answer (the call is decided). */
async function settle(logger: Logger, settling: Promise<void>, requestId: string): Promise<void> {
  try {
    await settling;
  } catch (err) {
    logger.error({ err, requestId }, 'an operation could not settle what a call left outside the database');
  }
}

const NO_TRAILERS = (): Record<string, string> => ({});

/** How many times a mutation whose prepared work went stale is prepared and tried. */
const PREPARE_ATTEMPTS = 3;

/** The credential the request presents: the first resolver that recognizes its kind; undefined when unsigned. */
function presentedCredential(resolvers: readonly CredentialResolver[], wire: WireRequest, now: Date): PresentedCredential | undefined {
  for (const resolver of resolvers) {
    const presented = resolver.read(wire, now);
    if (presented !== undefined) return presented;
  }
  return undefined;
}

/**
 * The answer to a request Gatehouse cannot place: a credential scoped to a service it does not
 * serve is refused in the words of the service the request is otherwise for (AWS: "Credential
 * should be scoped to correct service: '<signing name>'. ", SignatureDoesNotMatch, or InvalidSignatureException
 * for JSON services); an unsigned request no service claims needs authentication; any other is an
 * unknown action.
 */
function unidentified(wire: WireRequest, presented: PresentedCredential | undefined, state: CallState): ServiceError {
  if (presented === undefined) return QUERY_AUTH_ERRORS.missingAuthentication();
  if (presented.scopeService === undefined) return new ServiceError('InvalidAction', 'Could not determine the service and operation this request is for.');
  const intended = identifyService(wire, undefined);
  state.service = intended;
  const scoped = new ServiceError(
    'SignatureDoesNotMatch',
    intended === null ? 'Credential should be scoped to a valid service. ' : `Credential should be scoped to correct service: '${signingNameOf(intended)}'. `,
  );
  return authErrorsOf(intended).signatureRefused(scoped);
}

/** How the service words authentication failures; a request for no known service gets the query services' wording. */
function authErrorsOf(service: ServiceName | null): ServiceDescriptor['authErrors'] {
  return service === null ? QUERY_AUTH_ERRORS : descriptorOf(service).authErrors;
}

function internalFailure(logger: Logger, err: unknown, requestId: string): ServiceError {
  logger.error({ err, requestId }, 'unhandled error in request pipeline');
  return new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
