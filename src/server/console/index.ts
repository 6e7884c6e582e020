import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditSink } from '../../audit/index.js';
import { CONSOLE_CSRF_HEADER, consoleCsrfToken, type CurrentPrincipals, type PolicySource } from '../../auth/index.js';
import { passwordExpiry, readPasswordPolicy } from '../../services/iam/index.js';
import type { IamQuotas } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { loadConsoleBundle, type ConsoleBundle } from './assets.js';
import { ConsoleFederation } from './federation.js';
import { securityHeaders } from './headers.js';
import { SecurityKeyRegistration } from './securityKeys.js';
import { clearedCookie, ConsoleSessions, sessionCookie, type IssuedSession, type ReadSession } from './sessions.js';
import { SignIn, type Attempt, type SignInOutcome } from './signIn.js';
import { SignInThrottle } from './throttle.js';

export { isConsolePageRequest, CONTENT_SECURITY_POLICY } from './headers.js';
export { CONSOLE_BUILD_DIR, loadConsoleBundle } from './assets.js';

/** Where the console's pages live; `/` redirects browsers here. */
export const CONSOLE_PATH = '/console/';
/** The console's own endpoints (sign-in, sessions, security keys, federation) and its built assets. */
export const CONSOLE_API = '/_gatehouse/console/api';
export const CONSOLE_ASSETS = '/_gatehouse/console/assets';
export const CONSOLE_FEDERATION = '/_gatehouse/console/federation';

/** What the console's routes need from the server. */
export interface ConsoleDeps {
  readonly store: Store;
  readonly policies: PolicySource;
  readonly current: CurrentPrincipals;
  readonly audit: AuditSink;
  readonly region: string;
  readonly clock: () => Date;
  readonly quotas: Readonly<IamQuotas>;
  /** The built console (tests pass their own build). */
  readonly bundle?: ConsoleBundle;
}

/**
 * The web console's routes on the fastify app: its page at `/console/…` (and `/` redirecting
 * there, for browsers: `isConsolePageRequest` decides which requests reach fastify), its assets,
 * and its own JSON endpoints for signing in and out. Every AWS call the console's pages make goes
 * to the API listener like any client's, authenticated by the session cookie and CSRF header
 * (`auth/authenticate/consoleSessions.ts`).
 */
export function registerConsoleRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const bundle = deps.bundle ?? loadConsoleBundle();
  const sessions = new ConsoleSessions(deps.store);
  const throttle = new SignInThrottle(deps.store);
  const signIn = new SignIn({ store: deps.store, sessions, throttle, audit: deps.audit, region: deps.region, clock: deps.clock });
  const keys = new SecurityKeyRegistration({
    store: deps.store,
    policies: deps.policies,
    audit: deps.audit,
    region: deps.region,
    clock: deps.clock,
    mfaDevicesPerUser: deps.quotas.mfaDevicesPerUser,
  });
  const federation = new ConsoleFederation({ store: deps.store, sessions, current: deps.current, audit: deps.audit, region: deps.region, clock: deps.clock });
  // Expired sessions are removed now and then; an expired one is refused whether or not it is still stored.
  const sweep = setInterval(() => void deps.store.consoleSessions.deleteExpired(deps.clock().toISOString()).catch(() => undefined), 10 * 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));

  const page = (req: FastifyRequest, reply: FastifyReply) => {
    const secure = isSecure(req);
    reply.headers({ ...securityHeaders(secure), 'cache-control': 'no-store' });
    if (bundle.page === undefined) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Gatehouse console has not been built. Run `npm run build:console` (npm ci runs it), then restart Gatehouse.\n');
    }
    return reply.type('text/html; charset=utf-8').send(bundle.page);
  };
  app.get('/', (req, reply) => {
    reply.headers(securityHeaders(isSecure(req)));
    return reply.redirect(CONSOLE_PATH, 302);
  });
  app.get('/console', (req, reply) => {
    reply.headers(securityHeaders(isSecure(req)));
    return reply.redirect(CONSOLE_PATH, 301);
  });
  app.get('/console/*', page);

  app.get(`${CONSOLE_ASSETS}/:name`, (req, reply) => {
    const asset = bundle.assets.get((req.params as { name: string }).name);
    reply.headers(securityHeaders(isSecure(req)));
    if (asset === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('not found\n');
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding').type(asset.contentType);
    const accepts = String(req.headers['accept-encoding'] ?? '');
    if (asset.gzip !== undefined && /\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });

  // The JSON endpoints: a JSON body and a custom header, neither of which a page of another
  // origin can send without a CORS preflight (never granted); the session's ones the CSRF token too.
  const api = (handler: (req: FastifyRequest, reply: FastifyReply, body: Record<string, unknown>) => Promise<unknown>, needsSession = false) => {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      reply.headers({ ...securityHeaders(isSecure(req)), 'cache-control': 'no-store' });
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json') || req.headers[CONSOLE_CSRF_HEADER] === undefined) {
        return reply.code(403).send({ code: 'Forbidden', message: 'Console requests must be JSON and carry the console header.' });
      }
      if (!sameOrigin(req)) return reply.code(403).send({ code: 'Forbidden', message: 'Cross-origin console requests are refused.' });
      let body: Record<string, unknown> = {};
      const raw = req.body as Buffer | undefined;
      if (raw !== undefined && raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          return reply.code(400).send({ code: 'InvalidInput', message: 'The request body is not JSON.' });
        }
      }
      if (needsSession) {
        const session = await sessions.read(req.headers, deps.clock());
        if (session === undefined || req.headers[CONSOLE_CSRF_HEADER] !== consoleCsrfToken(session.sessionId)) {
          return reply.code(401).send({ code: 'NotSignedIn', message: 'Your console session has ended. Sign in again.' });
        }
        (req as FastifyRequest & { session?: ReadSession }).session = session;
      }
      return handler(req, reply, body);
    };
  };
  const sessionOf = (req: FastifyRequest): ReadSession => (req as FastifyRequest & { session?: ReadSession }).session!;

  const answer = (req: FastifyRequest, reply: FastifyReply, outcome: SignInOutcome) => {
    if (outcome.status === 'refused') return reply.code(outcome.httpStatus).send({ code: 'SignInFailed', message: outcome.message });
    if (outcome.status === 'mfa') {
      return reply.send({ status: 'mfa', transaction: outcome.transaction, totp: outcome.totp, securityKey: outcome.securityKey ?? null });
    }
    return signedIn(req, reply, outcome.session, outcome.passwordChange);
  };
  const signedIn = (req: FastifyRequest, reply: FastifyReply, session: IssuedSession, passwordChange: boolean) =>
    reply
      .header('set-cookie', sessionCookie(session.sessionId, isSecure(req)))
      .send({ status: passwordChange ? 'password-change' : 'signed-in', csrf: session.csrf, expiresAt: session.expiresAt.toISOString() });

  app.post(
    `${CONSOLE_API}/signin`,
    api(async (req, reply, body) => {
      const password = text(body['password']);
      const step =
        body['kind'] === 'root'
          ? { kind: 'root' as const, email: text(body['email']), password }
          : { kind: 'iam' as const, account: text(body['account']), userName: text(body['userName']), password };
      return answer(req, reply, await signIn.password(step, attemptOf(req)));
    }),
  );
  app.post(
    `${CONSOLE_API}/signin/mfa`,
    api(async (req, reply, body) => {
      const step = {
        transaction: text(body['transaction']),
        ...(typeof body['code'] === 'string' ? { code: body['code'] } : {}),
        ...(typeof body['assertion'] === 'object' && body['assertion'] !== null ? { assertion: body['assertion'] as never } : {}),
      };
      return answer(req, reply, await signIn.mfa(step, attemptOf(req)));
    }),
  );
  app.get(`${CONSOLE_API}/session`, async (req, reply) => {
    reply.headers({ ...securityHeaders(isSecure(req)), 'cache-control': 'no-store' });
    const session = await sessions.read(req.headers, deps.clock());
    if (session === undefined) return reply.code(401).send({ code: 'NotSignedIn', message: 'You are not signed in.' });
    const p = session.principal;
    const alias = (await deps.store.accountAliases.list(p.accountId))[0];
    return reply.send({
      csrf: consoleCsrfToken(session.sessionId),
      state: session.record.state,
      expiresAt: session.record.expiresAt,
      principal: {
        type: p.type,
        arn: p.arn,
        accountId: p.accountId,
        userId: p.userId,
        ...(p.userName !== undefined ? { userName: p.userName } : {}),
        ...(p.roleArn !== undefined ? { roleArn: p.roleArn } : {}),
        mfa: p.session?.mfaAuthenticatedAt !== undefined,
      },
      ...(alias !== undefined ? { accountAlias: alias } : {}),
    });
  });
  app.post(
    `${CONSOLE_API}/signout`,
    api(async (req, reply) => {
      await sessions.signOut(sessionOf(req).sessionId);
      return reply.header('set-cookie', clearedCookie(isSecure(req))).send({ status: 'signed-out' });
    }, true),
  );
  // After ChangePassword (an IAM call the page made through the API, as the user), a session that
  // had to change its password may do everything its user may, once the new password holds.
  app.post(
    `${CONSOLE_API}/session/password-changed`,
    api(async (_req, reply) => {
      const session = sessionOf(_req);
      const p = session.principal;
      if (session.record.state === 'password-change' && p.userName !== undefined) {
        const profile = await deps.store.loginProfiles.get(p.accountId, p.userName);
        const expiry = profile === undefined ? undefined : passwordExpiry(await readPasswordPolicy(deps.store, p.accountId), profile.passwordChangedAt);
        const stillDue = profile === undefined || profile.passwordResetRequired || (expiry !== undefined && expiry <= deps.clock());
        if (stillDue) return reply.code(409).send({ code: 'PasswordChangeRequired', message: 'Set a new password first.' });
        await sessions.activate(session);
      }
      return reply.send({ status: 'signed-in' });
    }, true),
  );
  app.post(
    `${CONSOLE_API}/security-keys/options`,
    api(async (req, reply, body) => {
      const outcome = await keys.options(sessionOf(req), body['deviceName'], attemptOf(req));
      return outcome.ok ? reply.send(outcome.body) : reply.code(outcome.status).send({ code: outcome.code, message: outcome.message });
    }, true),
  );
  app.post(
    `${CONSOLE_API}/security-keys`,
    api(async (req, reply, body) => {
      const outcome = await keys.register(sessionOf(req), body['transaction'], body['response'] as never, attemptOf(req));
      return outcome.ok ? reply.send(outcome.body) : reply.code(outcome.status).send({ code: outcome.code, message: outcome.message });
    }, true),
  );

  const federate = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.headers({ ...securityHeaders(isSecure(req)), 'cache-control': 'no-store' });
    const params = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
    const raw = req.body as Buffer | undefined;
    if (req.method === 'POST' && raw !== undefined) for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) params.set(k, v);
    const action = params.get('Action');
    if (action === 'getSigninToken') {
      const result = await federation.signinToken(params.get('Session'), params.get('SessionDuration') ?? undefined);
      return reply.code(result.status).send(result.body);
    }
    if (action === 'login') {
      const issued = await federation.login(params.get('SigninToken'), attemptOf(req));
      if (issued === undefined) return reply.code(400).type('text/plain; charset=utf-8').send('The sign-in token is not valid or has expired.\n');
      const destination = params.get('Destination') ?? CONSOLE_PATH;
      return reply
        .header('set-cookie', sessionCookie(issued.sessionId, isSecure(req)))
        .redirect(destination.startsWith(CONSOLE_PATH) && !destination.startsWith('//') ? destination : CONSOLE_PATH, 302);
    }
    return reply.code(400).send({ message: 'Action must be getSigninToken or login.' });
  };
  app.get(CONSOLE_FEDERATION, federate);
  app.post(CONSOLE_FEDERATION, federate);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isSecure(req: FastifyRequest): boolean {
  return 'encrypted' in req.raw.socket;
}

/** The console's origin as the browser reached it (its Host header). */
function originOf(req: FastifyRequest): string {
  return `${isSecure(req) ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

/** A POST's Origin header, when the browser sends one, must be this console's. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === originOf(req);
}

function attemptOf(req: FastifyRequest): Attempt {
  const origin = originOf(req);
  const address = req.raw.socket.remoteAddress ?? '';
  return {
    sourceIp: address.startsWith('::ffff:') ? address.slice(7) : address,
    userAgent: String(req.headers['user-agent'] ?? ''),
    origin,
    rpId: new URL(origin).hostname,
  };
}
