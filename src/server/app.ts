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
import {
  accessKeyResolver,
  consoleSessionResolver,
  CurrentPrincipals,
  postPolicyResolver,
  sessionTokenResolver,
  ssoBearerTokenResolver,
  tlsClientCertificateResolver,
  TrustAnchorCache,
  workloadTokenResolver,
  x509CertificateResolver,
} from '../auth/index.js';
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
import { isConsolePageRequest, loadConsoleBundle, registerConsoleRoutes } from './console/index.js';
import { postureReports } from '../services/gatehouse/index.js';
import { FindingsEngine } from '../services/accessanalyzer/index.js';
import { isPublicBucketPolicy } from '../analysis/customChecks/index.js';
import type { Server as HttpsServer } from 'node:https';
import { iotCredentialsListener } from './iotCredentialsListener.js';
import { tlsIdentity, type TlsIdentity } from './tlsIdentity.js';

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
  /** The IoT credentials provider's endpoint once listening (`--iot-credentials-address`), e.g. `https://127.0.0.1:8443`. */
  iotCredentialsEndpoint?: string;
  /** The IoT credentials provider's server certificate (PEM), for its clients to trust. */
  iotCredentialsCertificate?: string;
  /** Commits queued audit records now (they are group-committed within 10 ms anyway). */
  flushAudit(): Promise<void>;
  /** The audit trail: trail delivery (`audit.deliverer`), settings and derived data. */
  readonly audit: AuditRuntime;
  /** Access Analyzer's findings engine (`idle()` resolves once every change heard is reflected in findings). */
  readonly findings: FindingsEngine;
  close(): Promise<void>;
}

export interface CreateOptions {
  /** The time source for SigV4 and condition keys; tests freeze it. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
  readonly audit?: AuditSink;
  /** Overrides of the audit settings read from the environment (GATEHOUSE_AUDIT_*). */
  readonly auditSettings?: Partial<AuditSettings>;
  /** Where the built console is (default: the package's `dist/console/`); tests build their own. */
  readonly consoleDir?: string;
}

/** Gatehouse's own endpoints (health, metrics, dev reset); every other path is an AWS API request. */
const OPERATIONAL_PREFIX = '/_gatehouse/';

/** Largest request body collected before the pipeline runs, in bytes (S3 uploads stream instead: their operations bound them, 5 GiB). */
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
  // The IoT credentials provider's server certificate, read (or made) before anything is opened.
  let iotIdentity: TlsIdentity | undefined;
  if (config.iotCredentialsAddress !== undefined) {
    const given =
      config.iotCredentialsCert !== undefined && config.iotCredentialsKey !== undefined
        ? { cert: config.iotCredentialsCert, key: config.iotCredentialsKey }
        : undefined;
    try {
      iotIdentity = await tlsIdentity(config.dataDir, 'iot-credentials', given);
    } catch (err) {
      throw new ConfigError(`the IoT credentials provider's certificate: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const store = await openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl !== undefined ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.masterKey !== undefined ? { masterKey: config.masterKey } : {}),
    ...(config.s3Directory !== undefined ? { s3Directory: config.s3Directory } : {}),
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
  const clock = options.clock ?? (() => new Date());
  const posture = postureReports(store);
  metrics.watchPosture(() => {
    posture.refreshInBackground(clock);
    return posture.latest();
  });
  const auditRuntime = startAudit(store, config.dataDir, logger, settings, options.audit, undefined, (organizationId) =>
    organizationTrailAccounts(store, organizationId),
  );
  const audit: AuditSink = auditRuntime.sink;
  // Records a crash left in the audit inbox (committed with their changes) join the chain before
  // the server takes its first request.
  await audit.flush();
  const policies = storePolicyGatherer(store, { isPublicBucketPolicy });
  const currentPrincipals = new CurrentPrincipals(store);
  const sessionTokens = new SessionTokenCache(store.keyRing);
  const trustAnchors = new TrustAnchorCache(store);
  const deps: PipelineDeps = {
    store,
    // The kinds of credential a request may present, asked in order: an X.509 signature first
    // (its Authorization header is no HMAC SigV4 envelope, which the access key resolver refuses).
    // A console session (cookie and CSRF header) comes last: a signed request, or a browser's
    // signed upload form, never reaches it.
    credentials: [
      x509CertificateResolver(trustAnchors),
      workloadTokenResolver(store),
      accessKeyResolver(credentials, lastUsed),
      sessionTokenResolver(sessionTokens, currentPrincipals),
      postPolicyResolver(credentials, sessionTokens, currentPrincipals, lastUsed),
      // The AWS access portal's bearer token (IAM Identity Center), on its unsigned calls.
      ssoBearerTokenResolver(store),
      consoleSessionResolver(store, sessionTokens, currentPrincipals),
    ],
    policies,
    audit,
    // Queued records, and the last-used and last-accessed data kept with them (unused access findings read both).
    flushAudit: async () => {
      await lastUsed.flush();
      await auditRuntime.flush();
    },
    metrics,
    logger,
    clock: options.clock ?? (() => new Date()),
    region: config.region,
    quotas: config.quotas,
    oidc: { allowHttpIssuers: config.allowHttpIssuers ?? config.dev, keys: new OidcKeyCache() },
  };

  // Access Analyzer's findings follow the change feed, off the request path.
  const findings = new FindingsEngine(store, { clock: deps.clock, logger });

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
      // Gatehouse's own routes, the OAuth authorization endpoint `/authorize` of IAM Identity
      // Center (where botocore sends the browser), and a person's browser asking for a console
      // page (unsigned, GET, HTML, at / or under /console) go to fastify; every other request is
      // an AWS API request.
      const server = createServer((req, res) => {
        const url = req.url ?? '/';
        return url.startsWith(OPERATIONAL_PREFIX) || isAuthorizePage(req.method, url) || isConsolePageRequest(req.method, url, req.headers)
          ? fastifyHandler(req, res)
          : api(req, res);
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
  // The IoT credentials provider: its own mutual TLS listener, whose requests present client
  // certificates and nothing else.
  const iotServer: HttpsServer | undefined =
    iotIdentity === undefined ? undefined : iotCredentialsListener({ ...deps, credentials: [tlsClientCertificateResolver(store)] }, iotIdentity);
  const iotCertificate = iotIdentity?.cert;
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

  registerConsoleRoutes(app, {
    store,
    policies,
    current: currentPrincipals,
    audit,
    region: config.region,
    clock: deps.clock,
    quotas: config.quotas,
    bundle: loadConsoleBundle(options.consoleDir),
  });

  // The /_gatehouse/ namespace is Gatehouse's own; nothing under it is an AWS API request.
  app.all('/_gatehouse/*', async (_req, reply) => reply.code(404).send({ message: 'not found' }));

  const gatehouse: Gatehouse = {
    app,
    store,
    logger,
    bootstrapState: state,
    ...(iotCertificate !== undefined ? { iotCredentialsCertificate: iotCertificate } : {}),
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
      if (iotServer !== undefined && config.iotCredentialsAddress !== undefined) {
        const { host, port } = config.iotCredentialsAddress;
        await new Promise<void>((resolve, reject) => {
          iotServer!.once('error', reject);
          iotServer!.listen(port, host, () => resolve());
        });
        const bound = iotServer.address();
        if (bound !== null && typeof bound === 'object') {
          gatehouse.iotCredentialsEndpoint = `https://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
        }
      }
      return endpoint;
    },
    audit: auditRuntime,
    findings,
    flushAudit: () => auditRuntime.flush(),
    async close() {
      if (metricsServer?.listening === true) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      if (iotServer?.listening === true) {
        iotServer.closeAllConnections();
        await new Promise<void>((resolve) => iotServer!.close(() => resolve()));
      }
      await app.close();
      await findings.close();
      await auditRuntime.close();
      await lastUsed.close();
      credentials.close();
      policies.close();
      trustAnchors.close();
      await store.close();
    },
  };
  return gatehouse;
}
