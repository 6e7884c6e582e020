import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  CONSOLE_COOKIE,
  CONSOLE_SECURE_COOKIE,
  consoleCsrfToken,
  consoleSessionId,
  consoleSessionKey,
  sealSessionToken,
  SessionTokenCache,
  type SessionClaims,
} from '../../auth/index.js';
import { newAccessKeyId, newSecretAccessKey, type ConsoleSessionKind, type Principal } from '../../model/index.js';
import type { ConsoleSessionRecord, Store } from '../../store/index.js';

/** What a new console session is: whose, for how long, with or without MFA. */
export interface NewConsoleSession {
  readonly principal: SessionClaims['principal'];
  readonly durationSeconds: number;
  readonly mfaAuthenticatedAt?: Date;
  readonly kind: ConsoleSessionKind;
}

/** A new session's cookie value and CSRF token: the browser keeps the first (HttpOnly) and the page the second (in memory). */
export interface IssuedSession {
  readonly sessionId: string;
  readonly csrf: string;
  readonly expiresAt: Date;
}

/** A request's session, as the console's own routes read it. */
export interface ReadSession {
  readonly sessionId: string;
  readonly record: ConsoleSessionRecord;
  readonly principal: Principal;
  readonly claims: SessionClaims;
}

/**
 * AWS: an IAM user's console session lasts 12 hours. The root user's is kept to one hour, as STS
 * caps the root user's own sessions (GetSessionToken): the root user should sign in, do the one
 * task that needs it, and leave.
 */
export const USER_SESSION_SECONDS = 12 * 3600;
export const ROOT_SESSION_SECONDS = 3600;

/** Console sessions: issued at sign-in, stored by the hash of their ID, read back from the cookie. */
export class ConsoleSessions {
  readonly #store: Store;
  readonly #tokens: SessionTokenCache;

  constructor(store: Store) {
    this.#store = store;
    this.#tokens = new SessionTokenCache(store.keyRing, 256);
  }

  /** Seals a session's temporary credentials for a signed-in principal and stores it. */
  async issue(session: NewConsoleSession, now: Date, store: Store = this.#store): Promise<IssuedSession> {
    const issuedAt = now.getTime();
    const expiresAt = Math.floor(issuedAt / 1000) * 1000 + session.durationSeconds * 1000;
    const claims: SessionClaims = {
      principal: session.principal,
      accessKeyId: newAccessKeyId(true, session.principal.accountId),
      secretAccessKey: newSecretAccessKey(),
      issuedAt,
      expiresAt,
      chainDepth: 0,
      ...(session.mfaAuthenticatedAt !== undefined ? { mfaAuthenticatedAt: session.mfaAuthenticatedAt.getTime() } : {}),
      console: session.kind,
    };
    return this.store(claims, session.kind, now, store);
  }

  /** Stores a session for credentials sealed elsewhere (a federated role session, `federation.ts`). */
  async store(claims: SessionClaims, kind: ConsoleSessionKind, now: Date, store: Store = this.#store, expiresAt = claims.expiresAt): Promise<IssuedSession> {
    const sessionId = randomBytes(32).toString('base64url');
    await store.consoleSessions.create({
      idHash: consoleSessionKey(sessionId),
      accountId: claims.principal.accountId,
      principalArn: claims.principal.arn,
      state: kind,
      sessionToken: sealSessionToken(store.keyRing, claims),
      createdAt: now.toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    });
    return { sessionId, csrf: consoleCsrfToken(sessionId), expiresAt: new Date(expiresAt) };
  }

  /** The request's live session (cookie only: the console's own routes check the CSRF header themselves). */
  async read(headers: IncomingHttpHeaders, now: Date): Promise<ReadSession | undefined> {
    const sessionId = consoleSessionId(headers);
    if (sessionId === undefined) return undefined;
    const record = await this.#store.consoleSessions.get(consoleSessionKey(sessionId));
    if (record === undefined || now.getTime() >= Date.parse(record.expiresAt)) return undefined;
    const opened = this.#tokens.open(record.sessionToken);
    if (opened === undefined) return undefined;
    return { sessionId, record, principal: opened.principal, claims: opened.claims };
  }

  /** Lets a session that had to change its password do everything its principal may. */
  async activate(session: ReadSession): Promise<void> {
    const claims: SessionClaims = { ...session.claims, console: 'active' };
    await this.#store.consoleSessions.update(session.record.idHash, { state: 'active', sessionToken: sealSessionToken(this.#store.keyRing, claims) });
  }

  async signOut(sessionId: string): Promise<void> {
    await this.#store.consoleSessions.delete(consoleSessionKey(sessionId));
  }
}

/**
 * The Set-Cookie value of a session: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/ (the API calls go to `/`), and over TLS Secure with the
 * `__Host-` prefix. No Max-Age: the browser forgets it when closed, the server when it expires.
 */
export function sessionCookie(sessionId: string, secure: boolean): string {
  const name = secure ? CONSOLE_SECURE_COOKIE : CONSOLE_COOKIE;
  return `${name}=${sessionId}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedCookie(secure: boolean): string {
  const name = secure ? CONSOLE_SECURE_COOKIE : CONSOLE_COOKIE;
  return `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
