import { createHash, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../store/index.js';
import type { SessionTokenCache } from '../sessionToken.js';
import { unsignedPayloadCheck } from '../sigv4/index.js';
import type { CredentialResolver, PresentedCredential } from './resolver.js';
import type { CurrentPrincipals } from './currentPrincipals.js';

/**
 * Requests from the web console: an HttpOnly session cookie plus the session's CSRF token in a
 * header, in place of a SigV4 signature. The cookie holds a random session ID; the session (its
 * principal and temporary credentials, sealed) is stored by the ID's SHA-256, so any node serves
 * it and signing out ends it everywhere. The console's calls are otherwise ordinary AWS API
 * requests (the AWS SDK's wire formats), and go through the same pipeline as any client's: the
 * engine authorizes them as the signed-in principal and the audit trail records that principal.
 *
 * CSRF: the cookie is `SameSite=Strict`, and a request counts as a console request only with the
 * CSRF header, which a page of another origin cannot set without a CORS preflight that Gatehouse
 * never grants. A request with the cookie but without the header is not a console request at all
 * (it is unsigned). The token is derived from the session ID, so it is as secret as the cookie.
 */

/** The session cookie's name over plain HTTP. */
export const CONSOLE_COOKIE = 'gatehouse-console';
/** The session cookie's name over TLS (`__Host-`: Secure, Path=/, no Domain, enforced by browsers). */
export const CONSOLE_SECURE_COOKIE = '__Host-gatehouse-console';
/** The header carrying the session's CSRF token. */
export const CONSOLE_CSRF_HEADER = 'x-gatehouse-csrf';
/**
 * The header naming the service a console request is for, by its SigV4 signing name, as a SigV4
 * credential scope would (REST-JSON services are told apart by nothing else).
 */
export const CONSOLE_SERVICE_HEADER = 'x-gatehouse-service';

/** The stored key of a session: the SHA-256 of its cookie's ID (hex). */
export function consoleSessionKey(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** The CSRF token of a session (base64url), derived from its secret ID. */
export function consoleCsrfToken(sessionId: string): string {
  return createHash('sha256').update('gatehouse console csrf\0').update(sessionId).digest('base64url');
}

/** The console session ID a request's cookies carry, if any. */
export function consoleSessionId(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers['cookie'];
  const text = Array.isArray(raw) ? raw.join('; ') : raw;
  if (text === undefined) return undefined;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name === CONSOLE_COOKIE || name === CONSOLE_SECURE_COOKIE) {
      const value = part.slice(eq + 1).trim();
      if (/^[A-Za-z0-9_-]{43}$/.test(value)) return value;
    }
  }
  return undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The service a console call names (its signing name, in place of a credential scope), when the
 * request is a console call at all (it carries the CSRF header). The listener reads it before the
 * body, as it reads a SigV4 scope, to know whose body limit applies.
 */
export function consoleScopeServiceOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  return headerText(headers[CONSOLE_CSRF_HEADER]) === undefined ? undefined : headerText(headers[CONSOLE_SERVICE_HEADER]);
}

/** The console's credential resolver; asked after the SigV4 resolvers, so a signed request never reaches it. */
export function consoleSessionResolver(store: Store, tokens: SessionTokenCache, current: CurrentPrincipals): CredentialResolver {
  return {
    name: 'console-session',
    read(request, now): PresentedCredential | undefined {
      const csrf = headerText(request.headers[CONSOLE_CSRF_HEADER]);
      if (csrf === undefined) return undefined;
      const sessionId = consoleSessionId(request.headers);
      const service = headerText(request.headers[CONSOLE_SERVICE_HEADER]);
      return {
        ...(service !== undefined ? { scopeService: service } : {}),
        // The session stands for a signature in the Authorization header made as the call is sent
        // (AWS's own console signs its calls server-side so): s3:authType REST-HEADER, age 0.
        form: 'header',
        signedAt: now,
        async resolve() {
          if (sessionId === undefined || !sameToken(csrf, consoleCsrfToken(sessionId))) return { outcome: 'unknown' };
          const session = await store.consoleSessions.get(consoleSessionKey(sessionId));
          if (session === undefined) return { outcome: 'unknown' };
          if (now.getTime() >= Date.parse(session.expiresAt)) return { outcome: 'expired' };
          const opened = tokens.open(session.sessionToken);
          if (opened === undefined) return { outcome: 'unknown' };
          if (!(await current.isCurrent(opened.principal))) return { outcome: 'unknown' };
          return { outcome: 'resolved', principal: opened.principal, verify: () => unsignedPayloadCheck(request.headers) };
        },
      };
    },
  };
}
