import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Store } from '../store/index.js';
import type { Metrics } from './metrics.js';

/**
 * Gatehouse's operational endpoints, and who may read them. Nothing here is an AWS API, so none
 * of it is signed: an unauthenticated caller learns only whether the node is up.
 *
 * - `GET /_gatehouse/health`: `{"status":"ok"}` (503 when storage does not answer); the details
 *   (storage kind, management account) in dev mode or to the operational bearer token.
 * - `GET /_gatehouse/metrics`: Prometheus text, in dev mode or to the bearer token; otherwise on
 *   the separate metrics listener only (`--metrics-address`), which serves `/metrics` too.
 */
export interface OperationalAccess {
  readonly dev: boolean;
  /** The operational bearer token (`--ops-token`, `GATEHOUSE_OPS_TOKEN`). */
  readonly token?: string;
}

/** What the endpoints report. */
export interface OperationalSources {
  readonly store: Store;
  readonly metrics: Metrics;
  /** The management account, once bootstrapped (it changes on a dev reset's bootstrap). */
  readonly accountId: () => string;
}

type Answer = { status: number; headers: Record<string, string>; body: string };

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function bearerMatches(headers: IncomingHttpHeaders, token: string | undefined): boolean {
  if (token === undefined) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (match === null) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

async function health(sources: OperationalSources, detailed: boolean): Promise<Answer> {
  try {
    await sources.store.kv.get('bootstrap');
  } catch {
    return json(503, { status: 'unavailable' });
  }
  return json(200, detailed ? { status: 'ok', storage: sources.store.kind, accountId: sources.accountId() } : { status: 'ok' });
}

async function metricsText(sources: OperationalSources): Promise<Answer> {
  return { status: 200, headers: { 'content-type': sources.metrics.registry.contentType }, body: await sources.metrics.registry.metrics() };
}

/** The refusal of a metrics scrape without the token. */
function refused(access: OperationalAccess, elsewhere: boolean): Answer {
  if (access.token !== undefined) {
    return json(
      401,
      { message: 'the metrics need the operational bearer token (Authorization: Bearer …)' },
      { 'www-authenticate': 'Bearer realm="gatehouse"' },
    );
  }
  return json(403, {
    message: elsewhere
      ? 'the metrics are served on the metrics address (--metrics-address, GATEHOUSE_METRICS_ADDRESS)'
      : 'the metrics are served only to a bearer token (--ops-token, GATEHOUSE_OPS_TOKEN) or on their own address (--metrics-address, GATEHOUSE_METRICS_ADDRESS)',
  });
}

/** Registers health and metrics on the main listener (fastify serves `/_gatehouse/`). */
export function registerOperationalRoutes(app: FastifyInstance, sources: OperationalSources, access: OperationalAccess, metricsElsewhere: boolean): void {
  const send = (reply: FastifyReply, answer: Answer) => reply.code(answer.status).headers(answer.headers).send(answer.body);
  app.get('/_gatehouse/health', async (req, reply) => send(reply, await health(sources, access.dev || bearerMatches(req.headers, access.token))));
  app.get('/_gatehouse/metrics', async (req, reply) =>
    send(reply, access.dev || bearerMatches(req.headers, access.token) ? await metricsText(sources) : refused(access, metricsElsewhere)),
  );
}

/**
 * The separate metrics listener: `/metrics` and `/_gatehouse/metrics` (Prometheus text) and
 * `/_gatehouse/health`, to anyone who can reach its address — or, when a token is configured, to
 * its bearer only.
 */
export function metricsListener(sources: OperationalSources, access: OperationalAccess): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const authorized = access.token === undefined || bearerMatches(req.headers, access.token);
    const answer = async (): Promise<Answer> => {
      if (req.method !== 'GET') return json(405, { message: 'only GET is served here' }, { allow: 'GET' });
      if (path === '/_gatehouse/health') return health(sources, access.dev || bearerMatches(req.headers, access.token));
      if (path !== '/metrics' && path !== '/_gatehouse/metrics') return json(404, { message: 'not found' });
      return authorized ? metricsText(sources) : refused(access, false);
    };
    answer().then(
      (a) => res.writeHead(a.status, a.headers).end(a.body),
      () => res.writeHead(500, JSON_TYPE).end(JSON.stringify({ message: 'internal error' })),
    );
  });
}
