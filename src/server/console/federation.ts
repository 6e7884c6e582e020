import { randomUUID } from 'node:crypto';
import type { AuditSink } from '../../audit/index.js';
import { SessionTokenCache, type SessionClaims } from '../../auth/index.js';
import type { CurrentPrincipals } from '../../auth/index.js';
import type { Store } from '../../store/index.js';
import type { ConsoleSessions, IssuedSession } from './sessions.js';
import type { Attempt } from './signIn.js';

/**
 * The console's side of federation: a role session (from AssumeRole, an identity provider, or
 * IAM Identity Center's portal) opens the console as that role, as AWS's custom identity broker
 * does (IAM User Guide, "Enable custom identity broker access to the AWS console"):
 *
 * 1. `Action=getSigninToken` with `Session` = `{"sessionId": key ID, "sessionKey": secret,
 *    "sessionToken": token}` (and optionally `SessionDuration`, 900–43200 seconds) answers
 *    `{"SigninToken": "…"}`. Gatehouse takes it by POST (form body) so the secret never sits in a
 *    URL; AWS's GET form is accepted as well.
 * 2. `Action=login&SigninToken=…&Destination=…` opens a console session and redirects to the
 *    destination (a path of this console only). AWS: a sign-in token is valid for 15 minutes.
 *
 * AWS accepts only role sessions and federated users here (not an IAM user's GetSessionToken
 * credentials), and records the sign-in as a `ConsoleLogin` event of that session.
 */

/** AWS: "The sign-in token is valid for 15 minutes." */
const SIGNIN_TOKEN_MS = 15 * 60_000;
const SIGNIN_TOKEN_AAD = 'console:federation-signin-token:v1';

export interface FederationDeps {
  readonly store: Store;
  readonly sessions: ConsoleSessions;
  readonly current: CurrentPrincipals;
  readonly audit: AuditSink;
  readonly region: string;
  readonly clock: () => Date;
}

export type FederationAnswer = { readonly status: number; readonly body: Record<string, unknown> };

export class ConsoleFederation {
  readonly #deps: FederationDeps;
  readonly #tokens: SessionTokenCache;

  constructor(deps: FederationDeps) {
    this.#deps = deps;
    this.#tokens = new SessionTokenCache(deps.store.keyRing, 64);
  }

  /** `getSigninToken`: checks the credentials and seals them into a short-lived sign-in token. */
  async signinToken(sessionJson: unknown, durationText: unknown): Promise<FederationAnswer> {
    const now = this.#deps.clock();
    let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
    try {
      session = JSON.parse(String(sessionJson)) as typeof session;
    } catch {
      return { status: 400, body: { message: 'Session must be a JSON object of sessionId, sessionKey and sessionToken.' } };
    }
    const opened = typeof session.sessionToken === 'string' ? this.#tokens.open(session.sessionToken) : undefined;
    if (
      opened === undefined ||
      opened.claims.accessKeyId !== session.sessionId ||
      opened.claims.secretAccessKey !== session.sessionKey ||
      now.getTime() >= opened.claims.expiresAt ||
      !(await this.#deps.current.isCurrent(opened.principal))
    ) {
      return { status: 400, body: { message: 'The session credentials are not valid or have expired.' } };
    }
    if (opened.principal.type !== 'AssumedRole' && opened.principal.type !== 'FederatedUser') {
      return { status: 400, body: { message: 'Only role sessions and federated users can open the console this way.' } };
    }
    let duration: number | undefined;
    if (durationText !== undefined && durationText !== '') {
      duration = Number(durationText);
      if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
        return { status: 400, body: { message: 'SessionDuration must be a whole number of seconds from 900 to 43200.' } };
      }
    }
    const sealed = this.#deps.store.keyRing.seal(
      JSON.stringify({ token: session.sessionToken, expiresAt: now.getTime() + SIGNIN_TOKEN_MS, ...(duration !== undefined ? { duration } : {}) }),
      SIGNIN_TOKEN_AAD,
    );
    return { status: 200, body: { SigninToken: Buffer.from(sealed, 'utf8').toString('base64url') } };
  }

  /** `login`: opens the console session a sign-in token stands for. */
  async login(signinToken: unknown, attempt: Attempt): Promise<IssuedSession | undefined> {
    const now = this.#deps.clock();
    if (typeof signinToken !== 'string' || signinToken.length > 16_384) return undefined;
    let payload: { token: string; expiresAt: number; duration?: number };
    try {
      payload = JSON.parse(this.#deps.store.keyRing.open(Buffer.from(signinToken, 'base64url').toString('utf8'), SIGNIN_TOKEN_AAD)) as typeof payload;
    } catch {
      return undefined;
    }
    if (now.getTime() >= payload.expiresAt) return undefined;
    const opened = this.#tokens.open(payload.token);
    if (opened === undefined || now.getTime() >= opened.claims.expiresAt || !(await this.#deps.current.isCurrent(opened.principal))) return undefined;
    const claims: SessionClaims = opened.claims;
    // AWS: the console session lasts SessionDuration, and never past the credentials' own expiry.
    const expiresAt = Math.min(claims.expiresAt, payload.duration === undefined ? claims.expiresAt : now.getTime() + payload.duration * 1000);
    const { store, audit } = this.#deps;
    const issued = await store.transaction(async (tx) => {
      const issued = await this.#deps.sessions.store(claims, 'active', now, tx, expiresAt);
      if (!audit.disabled) {
        const p = opened.principal;
        await audit.recordInTransaction(tx, {
          service: 'signin',
          operation: 'ConsoleLogin',
          region: this.#deps.region,
          sourceIp: attempt.sourceIp,
          userAgent: attempt.userAgent,
          requestId: randomUUID(),
          time: now,
          readOnly: false,
          signIn: {
            result: 'Success',
            identity: {
              type: p.type,
              principalId: p.userId,
              arn: p.arn,
              accountId: p.accountId,
              accessKeyId: claims.accessKeyId,
              sessionContext: {
                ...(p.roleArn !== undefined
                  ? {
                      sessionIssuer: {
                        type: 'Role',
                        principalId: p.userId.split(':')[0]!,
                        arn: p.roleArn,
                        accountId: p.accountId,
                        userName: p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1),
                      },
                    }
                  : {}),
                attributes: {
                  creationDate: new Date(claims.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
                  mfaAuthenticated: String(claims.mfaAuthenticatedAt !== undefined),
                },
              },
            },
            loginTo: `${attempt.origin}/console/`,
            mfaUsed: false,
          },
        });
      }
      return issued;
    });
    audit.committed();
    return issued;
  }
}
