import { createServer } from 'node:http';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Logger } from 'pino';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { AccessKeyCache } from '../auth/index.js';
import { SessionTokenCache } from '../auth/index.js';
import { storePolicyGatherer } from '../auth/index.js';
import { accessKeyResolver, CurrentPrincipals, sessionTokenResolver, ssoBearerTokenResolver } from '../auth/index.js';
import { LastUsedTracker } from '../auth/index.js';
import { OidcKeyCache } from '../auth/index.js';
import { auditSettings, startAudit } from '../audit/index.js';
import type { AuditRuntime, AuditSettings, AuditSink } from '../audit/index.js';
import { ConfigError } from './config.js';
import type { ServerConfig } from './config.js';
import { bootstrap } from './bootstrap.js';
import type { BootstrapState } from './bootstrap.js';
import { Metrics } from './metrics.js';
import { answerClientError, apiListener } from './apiListener.js';
import { ResetGate } from './resetGate.js';
import { metricsListener, registerOperationalRoutes } from './operational.js';
import { isAuthorizePage, registerSignInPages } from './signInPages.js';
import type { PipelineDeps } from './pipeline.js';
import { organizationTrailAccounts } from '../services/cloudtrail/index.js';

/** A running (or ready to listen) Gatehouse server and what it is made of. */
export interface Gatehouse {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly logger: Logger;
  /** The management account and root key as bootstrapped (the secret only when this process knows it). */
  bootstrapState: BootstrapState;
  /** Starts listening; returns the API endpoint (and opens the metrics listener, when configured). */
  listen(): Promise<string>;
  /** The metrics listener's endpoint once listening (`--metrics-address`), e.g. `http://127.0.0.1:9464`. */
  metricsEndpoint?: string;
  /** Commits queued audit records now (they are group-committed within 10 ms anyway). */
  flushAudit(): Promise<void>;
  /** The audit trail: trail delivery (`audit.deliverer`), settings and derived data. */
  readonly audit: AuditRuntime;
  close(): Promise<void>;
}

export interface CreateOptions {
  /** The time source for SigV4 and condition keys; tests freeze it. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
  readonly audit?: AuditSink;
  /** Overrides of the audit settings read from the environment (GATEHOUSE_AUDIT_*). */
  readonly auditSettings?: Partial<AuditSettings>;
}

/** Gatehouse's own endpoints (health, metrics, dev reset); every other path is an AWS API request. */
const OPERATIONAL_PREFIX = '/_gatehouse/';

/** Largest request body accepted, in bytes (S3 single PUT objects included). */
const BODY_LIMIT = 64 * 1024 * 1024;
/** How long an idle keep-alive connection stays open (AWS's load balancers: 60 s). */
const KEEP_ALIVE_MS = 65_000;

/** Opens storage, bootstraps it if empty, and builds the HTTP server (not yet listening). */
export async function createGatehouse(config: ServerConfig, options: CreateOptions = {}): Promise<Gatehouse> {
  const logger =
    options.logger ??
    pino({
      level: config.logLevel,
      redact: { paths: ['*.secretAccessKey', '*.SecretAccessKey', '*.authorization', '*.password', '*.sessionToken'], censor: '[redacted]' },
    });
  // Read (and check) the audit settings before anything is opened, so a bad value leaks nothing.
  let settings: AuditSettings;
  try {
    settings = { ...auditSettings(), ...options.auditSettings };
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
  if (!settings.enabled && !config.dev) throw new ConfigError('GATEHOUSE_AUDIT=off (no audit trail at all) is allowed only in dev mode');
  const store = await openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl !== undefined ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.masterKey !== undefined ? { masterKey: config.masterKey } : {}),
    logger,
  });
  let state: BootstrapState;
  try {
    state = await bootstrap(store, config);
  } catch (err) {
    await store.close();
    throw err;
  }
  const credentials = new AccessKeyCache(store);
  const lastUsed = new LastUsedTracker(store);
  const metrics = new Metrics();
  const auditRuntime = startAudit(store, config.dataDir, logger, settings, options.audit, undefined, (organizationId) =>
    organizationTrailAccounts(store, organizationId),
  );
  const audit: AuditSink = auditRuntime.sink;
  // Records a crash left in the audit inbox (committed with their changes) join the chain before
  // the server takes its first request.
  await audit.flush();
  const policies = storePolicyGatherer(store);
  const currentPrincipals = new CurrentPrincipals(store);
  const deps: PipelineDeps = {
    store,
    // The kinds of credential a request may present, asked in order.
    credentials: [
      accessKeyResolver(credentials, lastUsed),
      sessionTokenResolver(new SessionTokenCache(store.keyRing), currentPrincipals),
      // The AWS access portal's bearer token (IAM Identity Center), on its unsigned calls.
      ssoBearerTokenResolver(store),
    ],
    policies,
    audit,
    flushAudit: () => audit.flush(),
    metrics,
    logger,
    clock: options.clock ?? (() => new Date()),
    region: config.region,
    quotas: config.quotas,
    oidc: { allowHttpIssuers: config.allowHttpIssuers ?? config.dev, keys: new OidcKeyCache() },
  };

  // AWS API requests go straight from node:http to the pipeline; fastify serves /_gatehouse/.
  const resetGate = config.dev ? new ResetGate() : undefined;
  const api = apiListener(deps, BODY_LIMIT, resetGate);
  const app = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    clientErrorHandler: answerClientError,
    serverFactory: (fastifyHandler) => {
      // Gatehouse's own routes and pages go to fastify: everything under /_gatehouse/, and the
      // OAuth authorization endpoint `/authorize` (where botocore sends the browser).
      const server = createServer((req, res) => {
        const url = req.url ?? '/';
        return url.startsWith(OPERATIONAL_PREFIX) || isAuthorizePage(req.method, url) ? fastifyHandler(req, res) : api(req, res);
      });
      // Idle keep-alive connections stay open a minute (Node's default is 5 s). SDKs keep their
      // connections for reuse: a server closing one just as a client reuses it resets the
      // client's request (ECONNRESET), which a client calling every few seconds met often.
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      server.headersTimeout = KEEP_ALIVE_MS + 1000;
      return server;
    },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const operational = { store, metrics, accountId: () => gatehouse.bootstrapState.accountId };
  const access = { dev: config.dev, ...(config.opsToken !== undefined ? { token: config.opsToken } : {}) };
  registerOperationalRoutes(app, operational, access, config.metricsAddress !== undefined);
  registerSignInPages(app, { store, audit, clock: deps.clock, region: config.region, logger });
  const metricsServer = config.metricsAddress !== undefined ? metricsListener(operational, access) : undefined;
  if (config.dev) {
    app.post('/_gatehouse/reset', async () =>
      resetGate!.reset(async () => {
        const root = await store.accessKeys.get(gatehouse.bootstrapState.rootAccessKeyId);
        const fixed = {
          accountId: gatehouse.bootstrapState.accountId,
          rootAccessKeyId: gatehouse.bootstrapState.rootAccessKeyId,
          rootSecretAccessKey: root?.secretAccessKey ?? gatehouse.bootstrapState.rootSecretAccessKey ?? '',
        };
        await lastUsed.flush();
        await audit.flush();
        await store.reset();
        credentials.clear();
        gatehouse.bootstrapState = await bootstrap(store, config, fixed);
        return { status: 'reset', accountId: fixed.accountId };
      }),
    );
  }

  // The /_gatehouse/ namespace is Gatehouse's own; nothing under it is an AWS API request.
  app.all('/_gatehouse/*', async (_req, reply) => reply.code(404).send({ message: 'not found' }));

  const gatehouse: Gatehouse = {
    app,
    store,
    logger,
    bootstrapState: state,
    async listen() {
      const endpoint = await app.listen({ host: config.host, port: config.port });
      if (metricsServer !== undefined && config.metricsAddress !== undefined) {
        const { host, port } = config.metricsAddress;
        await new Promise<void>((resolve, reject) => {
          metricsServer.once('error', reject);
          metricsServer.listen(port, host, () => resolve());
        });
        const bound = metricsServer.address();
        if (bound !== null && typeof bound === 'object') {
          gatehouse.metricsEndpoint = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
        }
      }
      return endpoint;
    },
    audit: auditRuntime,
    flushAudit: () => auditRuntime.flush(),
    async close() {
      if (metricsServer?.listening === true) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await app.close();
      await auditRuntime.close();
      await lastUsed.close();
      credentials.close();
      policies.close();
      currentPrincipals.close();
      await store.close();
    },
  };
  return gatehouse;
}
