import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ServiceError, isServiceError } from '../errors.js';
import type { FederatedCaller, IamQuotas, Principal } from '../model/index.js';
import { ANONYMOUS } from '../model/index.js';
import { decodeRequest, encodeError, encodeResponse, identifyService, isUnsignedOperation } from '../protocol/index.js';
import type { DecodedRequest, ServiceName, WireRequest, WireResponse } from '../protocol/index.js';
import { dateHeader } from '../protocol/httpDate.js';
import { parseSigV4, scopeServiceOf, verifySigV4 } from '../auth/sigv4.js';
import { authorize } from '../auth/authorize.js';
import type { AuthorizationOutcome, PolicySource } from '../auth/authorize.js';
import type { CredentialResolver } from '../auth/credentials.js';
import type { LastUsedTracker } from '../auth/lastUsed.js';
import type { OidcSettings } from '../auth/oidcKeys.js';
import type { SessionTokenCache } from '../auth/sessionToken.js';
import { sessionCallRestriction } from '../auth/sessionPolicies.js';
import { encodeAuthorizationMessage } from '../auth/encodedMessage.js';
import { denialReason } from '../policy/index.js';
import { findOperation } from '../services/index.js';
import type { OperationContext } from '../services/index.js';
import { StalePreparation } from '../services/operation.js';
import type { Store } from '../store/index.js';
import type { AuditInput, AuditSink, DecisionRecord } from '../audit/index.js';
import type { Metrics } from './metrics.js';
import { accessDenied, expiredToken, inServiceFamily, missingAuthentication, unknownAccessKey } from './authErrors.js';

/** The response header that carries a denial's encoded authorization message. */
export const ENCODED_DENIAL_HEADER = 'x-gatehouse-encoded-authorization-message';

/** What the pipeline needs from the running server. */
export interface PipelineDeps {
  readonly store: Store;
  readonly credentials: CredentialResolver;
  /** Session tokens already opened (a client repeats its token on every call). */
  readonly sessionTokens: SessionTokenCache;
  readonly lastUsed: LastUsedTracker;
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
  /** The sealed details of a denial, for sts:DecodeAuthorizationMessage. */
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
    const failure = isServiceError(err) ? inServiceFamily(state.service, err) : internalFailure(deps.logger, err, call.requestId);
    response = encodeError(state.service, failure, call.requestId);
    // Gatehouse extension: every AccessDenied carries its encoded authorization message in a
    // header (AWS puts one in some services' messages only), for sts:DecodeAuthorizationMessage.
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
  let signature: ReturnType<typeof parseSigV4>;
  try {
    signature = parseSigV4(wire, call.now);
  } catch (err) {
    // A refused envelope (malformed, expired) is still answered in its service's protocol.
    state.service = identifyService(wire, scopeServiceOf(wire));
    throw err;
  }
  state.service = identifyService(wire, signature?.service);
  const service = state.service;
  if (service === null) {
    throw new ServiceError('InvalidAction', 'Could not determine the service and operation this request is for.');
  }

  let body = wire.body;
  // An unsigned request's body is final as received: decoded once, here.
  let decoded: DecodedRequest | undefined;
  if (signature === null) {
    decoded = decodeRequest(service, wire);
    if (decoded.operation !== undefined) state.operation = decoded.operation;
    if (service !== 's3' && (decoded.operation === undefined || !isUnsignedOperation(service, decoded.operation))) {
      throw missingAuthentication(service);
    }
    state.principal = ANONYMOUS;
  } else {
    const credential = await resolveCredential(deps, signature.accessKeyId, signature.securityToken, call.now, service);
    // A failed signature is recorded against the key's owner, as the key claims to be.
    state.principal = credential.principal;
    try {
      body = verifySigV4(wire, signature, credential.secretAccessKey, { s3: service === 's3' }).body;
    } catch (err) {
      // The record of a failed signature still names the operation it asked for.
      const peek = decodeRequest(service, wire);
      if (peek.operation !== undefined) state.operation = peek.operation;
      throw err;
    }
    // AWS: ServiceName in GetAccessKeyLastUsed is the service's endpoint prefix (iam, sts, s3 …).
    if (signature.securityToken === undefined) deps.lastUsed.record(signature.accessKeyId, call.now, signature.service, signature.region);
  }

  decoded ??= decodeRequest(service, body === wire.body ? wire : { ...wire, body });
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
    principal,
    now: call.now,
    region: deps.region,
    sourceIp: call.conn.sourceIp,
    userAgent: call.userAgent,
    store: deps.store,
    quotas: deps.quotas,
    flushAudit: deps.flushAudit,
    ...(deps.oidc !== undefined ? { oidc: deps.oidc } : {}),
    ...(signature === null ? { identifyCaller: (caller: FederatedCaller) => { state.federatedCaller = caller; } } : {}),
  };
  const input = decoded.input ?? {};
  const needs = await operation.authorize(input, ctx);
  const authorized: OperationContext = needs === null ? ctx : { ...ctx, needs };
  if (needs !== null) {
    const facts = { now: call.now, sourceIp: call.conn.sourceIp, secureTransport: call.conn.secure, userAgent: call.userAgent, region: deps.region };
    const outcome = await authorize(principal, needs, facts, deps.policies);
    for (const { decision } of outcome.decisions) deps.metrics.decisions.inc({ decision: decision.decision });
    state.decision = decisionRecord(outcome);
    if (!outcome.allowed) {
      if (outcome.denial !== undefined) {
        const { request, decision, policies } = outcome.denial;
        state.encodedDenial = encodeAuthorizationMessage(deps.store.keyRing, request, decision, policies);
        state.decision = { ...state.decision, reason: denialReason(request, decision, policies) };
      }
      throw accessDenied(service, outcome.message ?? 'Access Denied');
    }
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
    try {
      const output = await deps.store.transaction(async (tx) => {
        const output = await operation.handle(input, { ...prepared, store: tx });
        if (!deps.audit.disabled) await deps.audit.recordInTransaction(tx, auditInput(deps, state, call, output), state.decision);
        state.recorded = true;
        return output;
      });
      deps.audit.committed();
      return output;
    } catch (err) {
      if (!(err instanceof StalePreparation)) throw err;
      if (attempt >= PREPARE_ATTEMPTS) {
        throw new ServiceError('ConcurrentModification', 'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.');
      }
    }
  }
}

/** How many times a mutation whose prepared work went stale is prepared and tried. */
const PREPARE_ATTEMPTS = 3;

function decisionRecord(outcome: AuthorizationOutcome): DecisionRecord {
  return {
    allowed: outcome.allowed,
    decisions: outcome.decisions.map(({ need, decision }) => ({
      action: need.action,
      resource: need.resource,
      result: decision.result,
      blockedBy: decision.blockedBy,
      matchedStatements: decision.matchedStatements.map((m) => ({
        policyId: m.policyId,
        policyType: m.policyType,
        index: m.index,
        effect: m.effect,
        ...(m.sid !== undefined ? { sid: m.sid } : {}),
      })),
    })),
  };
}

/**
 * The secret to verify a signature with, and whose it is: a long-term key from storage (cached),
 * or a temporary key from its self-contained session token (no storage read).
 */
async function resolveCredential(
  deps: PipelineDeps,
  accessKeyId: string,
  securityToken: string | undefined,
  now: Date,
  service: ServiceName,
): Promise<{ secretAccessKey: string; principal: Principal }> {
  if (securityToken === undefined) {
    const credential = await deps.credentials.resolve(accessKeyId);
    if (credential === undefined || !credential.active) throw unknownAccessKey(service);
    return credential;
  }
  // AWS: a long-term key presented with a session token, or a token that is not valid for
  // this key, is refused as an invalid security token.
  const opened = deps.sessionTokens.open(securityToken);
  if (opened === undefined || opened.claims.accessKeyId !== accessKeyId) throw unknownAccessKey(service);
  if (now.getTime() >= opened.claims.expiresAt) throw expiredToken(service);
  return { secretAccessKey: opened.claims.secretAccessKey, principal: opened.principal };
}

function internalFailure(logger: Logger, err: unknown, requestId: string): ServiceError {
  logger.error({ err, requestId }, 'unhandled error in request pipeline');
  return new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
