import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { AuditInput, AuditSink } from '../audit/index.js';
import {
  checkPassword,
  EXPIRED_REQUEST,
  openSignIn,
  SIGN_IN_PREFIX,
  startAuthorization,
  startDeviceVerification,
  submitConsent,
  submitEnrollment,
  submitMfaCode,
  submitNewPassword,
  submitPassword,
  type SignInContext,
  type SignInEvent,
  type SignInPage,
  type SignInStep,
} from '../services/ssooidc/index.js';
import { hashPassword } from '../services/shared/index.js';
import { renderSignInPage, SIGN_IN_CSS } from './signInHtml.js';

/**
 * IAM Identity Center's sign-in pages: the authorization endpoint of the authorization code flow
 * (`GET /authorize`, where the AWS CLI sends the browser: botocore builds
 * `<SSO OIDC endpoint>/authorize?…`) and the device flow's verification page, then the same
 * forms for both: password, new password, MFA code or MFA registration, consent.
 *
 * They are served by fastify beside the operational routes, under `/_gatehouse/sso/` (a name no
 * S3 bucket can have), so that the API path stays raw `node:http`; `/authorize` redirects there.
 * Every form is a plain POST protected by a per-sign-in cookie (HttpOnly, SameSite=Strict) whose
 * hash the sign-in keeps; the pages allow no script, no framing and no referrer. Credential
 * forms are limited per client address; failed passwords and codes lock the user out (the
 * sign-in flow counts them). Every step's sign-in events are recorded in the audit trail, in the
 * transaction of the change they describe.
 */

export interface SignInPagesDeps {
  readonly store: Store;
  readonly audit: AuditSink;
  readonly clock: () => Date;
  readonly region: string;
  readonly logger: Logger;
}

/** Credential submissions one client address may make in a minute (a user is locked out after 5 failures anyway). */
export const ATTEMPTS_PER_MINUTE = 30;

/** A sliding one-minute window of attempts per client address, on this node. */
export class AttemptLimiter {
  readonly #attempts = new Map<string, number[]>();

  constructor(private readonly limit: number = ATTEMPTS_PER_MINUTE) {}

  /** Counts an attempt; false when the address has made `limit` already in the last minute. */
  allow(address: string, now: number): boolean {
    const recent = (this.#attempts.get(address) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.limit) {
      this.#attempts.set(address, recent);
      return false;
    }
    recent.push(now);
    this.#attempts.set(address, recent);
    if (this.#attempts.size > 10_000) for (const key of [...this.#attempts.keys()].slice(0, 5_000)) this.#attempts.delete(key);
    return true;
  }
}

const COOKIE_PREFIX = 'gh_sso_';

function cookies(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function formOf(req: FastifyRequest): URLSearchParams {
  const body = req.body;
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  return new URLSearchParams(text.length > 65_536 ? '' : text);
}

function secure(req: FastifyRequest): boolean {
  return 'encrypted' in req.raw.socket;
}

function clientIp(req: FastifyRequest): string {
  const address = req.raw.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The origin a redirect goes to, which the page's form-action must allow (browsers check redirects after a form post). */
function formTargets(page: SignInPage, signInRedirect: string | undefined): string {
  const targets = ["'self'"];
  if (signInRedirect !== undefined) {
    try {
      targets.push(new URL(signInRedirect).origin);
    } catch {
      // A redirect URI the sign-in already checked.
    }
  }
  if (page.kind === 'redirect') targets.push(new URL(page.location).origin);
  return targets.join(' ');
}

/** Registers the pages on the fastify app that serves `/_gatehouse/`. */
export function registerSignInPages(app: FastifyInstance, deps: SignInPagesDeps): void {
  const limiter = new AttemptLimiter();
  const prefix = SIGN_IN_PREFIX;

  const send = async (req: FastifyRequest, reply: FastifyReply, result: SignInStep): Promise<FastifyReply> => {
    const { page } = result;
    const signIn = 'signIn' in page ? page.signIn : undefined;
    const redirectUri = signIn?.kind === 'authorize' ? String(signIn.request['redirectUri']) : undefined;
    reply.header(
      'content-security-policy',
      `default-src 'none'; style-src 'self'; img-src data:; form-action ${formTargets(page, redirectUri)}; frame-ancestors 'none'; base-uri 'none'`,
    );
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
    if (result.csrfSecret !== undefined && signIn !== undefined) {
      const maxAge = Math.max(1, Math.floor((Date.parse(signIn.expiresAt) - deps.clock().getTime()) / 1000));
      reply.header(
        'set-cookie',
        `${COOKIE_PREFIX}${signIn.signInId}=${result.csrfSecret}; Path=${prefix}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure(req) ? '; Secure' : ''}`,
      );
    }
    if (page.kind === 'redirect') return reply.code(302).header('location', page.location).send();
    const { status, html } = await renderSignInPage(page, prefix);
    return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(html);
  };

  /** Runs a step in one transaction with the audit records of its sign-in events. */
  const run = async (req: FastifyRequest, fn: (ctx: SignInContext) => Promise<SignInStep>): Promise<SignInStep> => {
    const now = deps.clock();
    const result = await deps.store.transaction(async (tx) => {
      const step = await fn({ store: tx, now });
      if (!deps.audit.disabled) for (const e of step.events) await deps.audit.recordInTransaction(tx, auditInput(e, req, now));
      return step;
    });
    if (result.events.length > 0) deps.audit.committed();
    return result;
  };

  const auditInput = (e: SignInEvent, req: FastifyRequest, now: Date): AuditInput => ({
    federatedCaller: { type: 'Unknown', accountId: e.instance.ownerAccountId, userName: e.userName },
    service: 'signin',
    operation: e.name,
    region: deps.region,
    sourceIp: clientIp(req),
    userAgent: String(req.headers['user-agent'] ?? ''),
    requestId: randomUUID(),
    time: now,
    readOnly: false,
    serviceEvent: {
      additionalEventData: { AuthWorkflowID: e.workflowId, CredentialType: e.credentialType, ...e.extra },
      serviceEventDetails: { [e.name]: e.outcome },
    },
  });

  const tooMany = (req: FastifyRequest, reply: FastifyReply) =>
    send(req, reply, {
      page: {
        kind: 'error',
        status: 429,
        title: 'Too many attempts',
        message: 'There were too many sign-in attempts from your network. Wait a minute and try again.',
      },
      events: [],
    });

  const failed = (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
    deps.logger.error({ err }, 'sign-in page failed');
    return send(req, reply, {
      page: { kind: 'error', status: 500, title: 'Something went wrong', message: 'The sign-in could not be completed. Try again.' },
      events: [],
    });
  };

  app.get(`${prefix}/style.css`, async (_req, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SIGN_IN_CSS),
  );

  // botocore's authorization URL: `<SSO OIDC endpoint>/authorize?response_type=code&…`.
  app.get('/authorize', async (req, reply) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    return reply.code(302).header('location', `${prefix}/authorize${query}`).header('cache-control', 'no-store').send();
  });

  app.get(`${prefix}/authorize`, async (req, reply) => {
    try {
      return await send(req, reply, await run(req, (ctx) => startAuthorization(ctx, req.query as Record<string, string>)));
    } catch (err) {
      return failed(req, reply, err);
    }
  });

  app.get(`${prefix}/device`, async (req, reply) => {
    const code = (req.query as Record<string, string | undefined>)['user_code'];
    return send(req, reply, { page: { kind: 'device-code', ...(code !== undefined ? { userCode: code } : {}) }, events: [] });
  });

  app.post(`${prefix}/device`, async (req, reply) => {
    if (!limiter.allow(clientIp(req), Date.now())) return tooMany(req, reply);
    try {
      const code = formOf(req).get('user_code') ?? '';
      return await send(req, reply, await run(req, (ctx) => startDeviceVerification(ctx, code)));
    } catch (err) {
      return failed(req, reply, err);
    }
  });

  app.post(`${prefix}/sign-in`, async (req, reply) => {
    try {
      const form = formOf(req);
      const id = form.get('sign_in') ?? '';
      const signIn = await openSignIn({ store: deps.store, now: deps.clock() }, id, cookies(req).get(`${COOKIE_PREFIX}${id}`));
      if (signIn === undefined) {
        return send(req, reply, {
          page: {
            kind: 'error',
            status: 403,
            title: 'This form cannot be used',
            message: 'This sign-in form was not opened in this browser, or its cookie is gone. Go back to the application and start again.',
          },
          events: [],
        });
      }
      if (signIn === 'expired') return send(req, reply, EXPIRED_REQUEST);
      switch (signIn.stage) {
        case 'password': {
          if (!limiter.allow(clientIp(req), Date.now())) return tooMany(req, reply);
          const userName = (form.get('username') ?? '').trim();
          const check = await checkPassword({ store: deps.store, now: deps.clock() }, signIn, userName, form.get('password') ?? '');
          return send(req, reply, await run(req, (ctx) => submitPassword(ctx, signIn, userName, check)));
        }
        case 'new-password': {
          const password = form.get('new_password') ?? '';
          const hash = await hashPassword(password);
          return send(req, reply, await run(req, (ctx) => submitNewPassword(ctx, signIn, password, form.get('confirm_password') ?? '', hash)));
        }
        case 'mfa':
          if (!limiter.allow(clientIp(req), Date.now())) return tooMany(req, reply);
          return send(req, reply, await run(req, (ctx) => submitMfaCode(ctx, signIn, (form.get('code') ?? '').trim())));
        case 'enroll':
          if (!limiter.allow(clientIp(req), Date.now())) return tooMany(req, reply);
          return send(req, reply, await run(req, (ctx) => submitEnrollment(ctx, signIn, (form.get('code') ?? '').trim())));
        case 'consent':
          return send(req, reply, await run(req, (ctx) => submitConsent(ctx, signIn, form.get('decision') === 'allow')));
        default:
          return send(req, reply, EXPIRED_REQUEST);
      }
    } catch (err) {
      return failed(req, reply, err);
    }
  });
}

/** Whether a request is for the sign-in pages rather than the API: `GET /authorize?…` with an OAuth request's parameters. */
export function isAuthorizePage(method: string | undefined, url: string): boolean {
  return method === 'GET' && url.startsWith('/authorize?') && /[?&](client_id|response_type)=/.test(url);
}
