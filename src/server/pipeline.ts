import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ServiceError, isServiceError } from '../errors.js';
import type { IamQuotas, Principal } from '../model/index.js';
import { ANONYMOUS } from '../model/index.js';
import { decodeRequest, encodeError, encodeResponse, identifyService, isUnsignedOperation } from '../protocol/index.js';
import type { ServiceName, WireRequest, WireResponse } from '../protocol/index.js';
import { parseSigV4, verifySigV4 } from '../auth/sigv4.js';
import { authorize } from '../auth/authorize.js';
import type { PolicySource } from '../auth/authorize.js';
import type { CredentialResolver } from '../auth/credentials.js';
import type { LastUsedTracker } from '../auth/lastUsed.js';
import { openSessionToken, principalFromClaims } from '../auth/sessionToken.js';
import { findOperation } from '../services/index.js';
import type { OperationContext } from '../services/index.js';
import type { Store } from '../store/index.js';
import { buildAuditEvent } from '../audit/index.js';
import type { AuditSink } from '../audit/index.js';
import type { Metrics } from './metrics.js';
import { accessDenied, expiredToken, missingAuthentication, unknownAccessKey } from './authErrors.js';

/** What the pipeline needs from the running server. */
export interface PipelineDeps {
  readonly store: Store;
  readonly credentials: CredentialResolver;
  readonly lastUsed: LastUsedTracker;
  readonly policies: PolicySource;
  readonly audit: AuditSink;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly region: string;
  readonly quotas: Readonly<IamQuotas>;
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
  readOnly: boolean;
}

/**
 * The one path every AWS API request takes:
 * decode → authenticate → authorize → handle → encode → audit.
 * Never throws: every failure becomes the protocol's error response.
 */
export async function handleApiRequest(deps: PipelineDeps, wire: WireRequest, conn: Connection): Promise<WireResponse> {
  const started = process.hrtime.bigint();
  const requestId = randomUUID();
  const now = deps.clock();
  const userAgent = headerValue(wire.headers['user-agent']) ?? '';
  const state: CallState = { service: null, readOnly: false };
  let response: WireResponse;
  let failure: ServiceError | undefined;
  try {
    const output = await run(deps, wire, conn, state, { requestId, now, userAgent });
    response = encodeResponse(state.service!, state.operation!, output, requestId);
  } catch (err) {
    failure = isServiceError(err) ? err : internalFailure(deps.logger, err, requestId);
    response = encodeError(state.service, failure, requestId);
  }
  deps.audit.record(
    buildAuditEvent({
      ...(state.principal !== undefined ? { principal: state.principal } : {}),
      service: state.service,
      ...(state.operation !== undefined ? { operation: state.operation } : {}),
      region: deps.region,
      sourceIp: conn.sourceIp,
      userAgent,
      requestId,
      time: now,
      readOnly: state.readOnly,
      ...(failure !== undefined ? { errorCode: failure.code, errorMessage: failure.message } : {}),
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  deps.metrics.observe(state.service ?? 'unknown', state.operation ?? 'unknown', response.status, seconds);
  return response;
}

async function run(
  deps: PipelineDeps,
  wire: WireRequest,
  conn: Connection,
  state: CallState,
  call: { requestId: string; now: Date; userAgent: string },
): Promise<Record<string, unknown>> {
  const signature = parseSigV4(wire, call.now);
  state.service = identifyService(wire, signature?.service);
  const service = state.service;
  if (service === null) {
    throw new ServiceError('InvalidAction', 'Could not determine the service and operation this request is for.');
  }

  let body = wire.body;
  if (signature === null) {
    const peek = decodeRequest(service, wire);
    if (peek.operation !== undefined) state.operation = peek.operation;
    if (service !== 's3' && (peek.operation === undefined || !isUnsignedOperation(service, peek.operation))) {
      throw missingAuthentication(service);
    }
    state.principal = ANONYMOUS;
  } else {
    const credential = await resolveCredential(deps, signature.accessKeyId, signature.securityToken, call.now, service);
    body = verifySigV4(wire, signature, credential.secretAccessKey, { s3: service === 's3' }).body;
    state.principal = credential.principal;
    // AWS: ServiceName in GetAccessKeyLastUsed is the service's endpoint prefix (iam, sts, s3 …).
    if (signature.securityToken === undefined) deps.lastUsed.record(signature.accessKeyId, call.now, signature.service, signature.region);
  }

  const decoded = decodeRequest(service, body === wire.body ? wire : { ...wire, body });
  if (decoded.operation !== undefined) state.operation = decoded.operation;
  if (decoded.error !== undefined) throw decoded.error;
  const operationName = decoded.operation!;
  const operation = findOperation(service, operationName);
  if (operation === undefined) {
    throw new ServiceError('NotImplemented', `Gatehouse does not implement ${service}:${operationName} yet.`);
  }
  state.readOnly = operation.readOnly;
  const principal = state.principal;
  const ctx: OperationContext = {
    requestId: call.requestId,
    principal,
    now: call.now,
    region: deps.region,
    sourceIp: conn.sourceIp,
    userAgent: call.userAgent,
    store: deps.store,
    quotas: deps.quotas,
  };
  const input = decoded.input ?? {};
  const needs = await operation.authorize(input, ctx);
  if (needs !== null) {
    const outcome = await authorize(
      principal,
      needs,
      { now: call.now, sourceIp: conn.sourceIp, secureTransport: conn.secure, userAgent: call.userAgent, region: deps.region },
      deps.policies,
    );
    for (const { decision } of outcome.decisions) deps.metrics.decisions.inc({ decision: decision.decision });
    if (!outcome.allowed) throw accessDenied(service, outcome.message ?? 'Access Denied');
  }
  if (operation.readOnly) return operation.handle(input, ctx);
  // A mutation runs in one transaction: all of it commits, or none of it.
  return deps.store.transaction((tx) => operation.handle(input, { ...ctx, store: tx }));
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
  const claims = openSessionToken(deps.store.keyRing, securityToken);
  if (claims === undefined || claims.accessKeyId !== accessKeyId) throw unknownAccessKey(service);
  if (now.getTime() >= claims.expiresAt) throw expiredToken(service);
  return { secretAccessKey: claims.secretAccessKey, principal: principalFromClaims(claims) };
}

function internalFailure(logger: Logger, err: unknown, requestId: string): ServiceError {
  logger.error({ err, requestId }, 'unhandled error in request pipeline');
  return new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
