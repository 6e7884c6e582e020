import type { ConsoleSessionKind, Principal, PrincipalType, SessionFacts } from '../model/index.js';
import type { KeyRing } from '../store/index.js';

/**
 * Self-contained session tokens: the session's facts and its secret access key, sealed with the
 * deployment key ring (AES-256-GCM), so that any node verifies a session with no database read.
 * The sealing key's id travels in the token: after a master-key rotation, tokens sealed with the
 * old key keep working until they expire as long as the old key stays in the ring.
 *
 * AWS: temporary credentials are an access key ID (`ASIA…`), a secret access key and a session
 * token that must be sent as `X-Amz-Security-Token` (id_credentials_temp_use-resources).
 */

/** The additional authenticated data that binds a sealed blob to being a session token. */
const TOKEN_AAD = 'sts:session-token:v1';
const TOKEN_PREFIX = 'GHST1';

/** Everything a session token carries. Times are epoch milliseconds. */
export interface SessionClaims {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly principal: {
    readonly type: PrincipalType;
    readonly accountId: string;
    readonly arn: string;
    readonly userId: string;
    readonly userName?: string;
    readonly roleArn?: string;
    readonly tags?: Readonly<Record<string, string>>;
  };
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly mfaAuthenticatedAt?: number;
  readonly sourceIdentity?: string;
  readonly sessionName?: string;
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly transitiveTagKeys?: readonly string[];
  readonly policies?: readonly string[];
  readonly policyArns?: readonly string[];
  readonly chainDepth: number;
  readonly federatedProvider?: string;
  readonly parentUserArn?: string;
  readonly parentUserId?: string;
  /** A console sign-in session (`SessionFacts.console`). */
  readonly console?: ConsoleSessionKind;
}

/** Seals claims into the opaque token handed to the client. */
export function sealSessionToken(keyRing: KeyRing, claims: SessionClaims): string {
  const sealed = keyRing.seal(JSON.stringify(claims), TOKEN_AAD);
  return TOKEN_PREFIX + Buffer.from(sealed, 'utf8').toString('base64');
}

/** Opens a token; undefined when it is not one of ours or was altered (never throws). */
export function openSessionToken(keyRing: KeyRing, token: string): SessionClaims | undefined {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 16_384) return undefined;
  try {
    const sealed = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64').toString('utf8');
    const claims = JSON.parse(keyRing.open(sealed, TOKEN_AAD)) as SessionClaims;
    return typeof claims.accessKeyId === 'string' && typeof claims.secretAccessKey === 'string' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The caller a session token stands for, with its session facts. */
export function principalFromClaims(claims: SessionClaims): Principal {
  const session: SessionFacts = {
    issuedAt: new Date(claims.issuedAt),
    expiresAt: new Date(claims.expiresAt),
    chainDepth: claims.chainDepth,
    ...(claims.mfaAuthenticatedAt !== undefined ? { mfaAuthenticatedAt: new Date(claims.mfaAuthenticatedAt) } : {}),
    ...(claims.sourceIdentity !== undefined ? { sourceIdentity: claims.sourceIdentity } : {}),
    ...(claims.sessionName !== undefined ? { sessionName: claims.sessionName } : {}),
    ...(claims.sessionTags !== undefined ? { sessionTags: claims.sessionTags } : {}),
    ...(claims.transitiveTagKeys !== undefined ? { transitiveTagKeys: claims.transitiveTagKeys } : {}),
    ...(claims.policies !== undefined ? { policies: claims.policies } : {}),
    ...(claims.policyArns !== undefined ? { policyArns: claims.policyArns } : {}),
    ...(claims.federatedProvider !== undefined ? { federatedProvider: claims.federatedProvider } : {}),
    ...(claims.parentUserArn !== undefined ? { parentUserArn: claims.parentUserArn } : {}),
    ...(claims.parentUserId !== undefined ? { parentUserId: claims.parentUserId } : {}),
    ...(claims.console !== undefined ? { console: claims.console } : {}),
  };
  // AWS: session tags override principal tags of the same key (id_session-tags).
  const tags = claims.sessionTags === undefined ? claims.principal.tags : { ...claims.principal.tags, ...claims.sessionTags };
  return {
    ...claims.principal,
    ...(tags !== undefined ? { tags } : {}),
    accessKeyId: claims.accessKeyId,
    session,
  };
}

/** Tokens longer than this are opened on every call rather than kept (AWS's own are under 2 KB). */
const MAX_CACHED_TOKEN_LENGTH = 4096;

/**
 * Opened session tokens, by their text. A client sends the same token with every call, and
 * opening one (AES-GCM, then JSON) costs more than the rest of authenticating it. Only tokens
 * that opened are kept, so a hit is the very text that was authenticated; the caller still checks
 * expiry on every call. Bounded: when full, the oldest entry goes first.
 */
export class SessionTokenCache {
  readonly #keyRing: KeyRing;
  readonly #capacity: number;
  readonly #opened = new Map<string, { readonly claims: SessionClaims; readonly principal: Principal }>();

  constructor(keyRing: KeyRing, capacity = 4096) {
    this.#keyRing = keyRing;
    this.#capacity = Math.max(1, capacity);
  }

  /** The token's claims and the caller it stands for; undefined when it is not one of ours or was altered. */
  open(token: string): { readonly claims: SessionClaims; readonly principal: Principal } | undefined {
    const hit = this.#opened.get(token);
    if (hit !== undefined) return hit;
    const claims = openSessionToken(this.#keyRing, token);
    if (claims === undefined) return undefined;
    const opened = { claims, principal: principalFromClaims(claims) };
    if (token.length <= MAX_CACHED_TOKEN_LENGTH) {
      if (this.#opened.size >= this.#capacity) this.#opened.delete(this.#opened.keys().next().value!);
      this.#opened.set(token, opened);
    }
    return opened;
  }

  /** How many opened tokens are kept (for tests). */
  get size(): number {
    return this.#opened.size;
  }
}
