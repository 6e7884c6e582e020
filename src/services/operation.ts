import type { FederatedCaller, IamQuotas, Principal } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { AuthorizationNeed } from '../auth/index.js';
import type { OidcSettings } from '../auth/index.js';

export type { AuthorizationNeed, ContextValue } from '../auth/index.js';

/** The request-scoped facts a handler may use. */
export interface OperationContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly now: Date;
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /**
   * How the caller reached Gatehouse: the request's Host header and whether it came over TLS, so
   * that a service can name its own pages as the caller sees them (SSO OIDC's verification URI).
   */
  readonly origin?: { readonly host: string; readonly secure: boolean };
  /** Storage; for mutating operations, the transaction the call runs in. */
  readonly store: Store;
  readonly quotas: Readonly<IamQuotas>;
  /** OIDC issuer keys and policy, for STS AssumeRoleWithWebIdentity (absent: HTTPS issuers, a shared cache). */
  readonly oidc?: OidcSettings;
  /** Names the verified caller of an unsigned federation call (AssumeRoleWithWebIdentity/SAML) for its audit record. */
  readonly identifyCaller?: (caller: FederatedCaller) => void;
  /** Commits this node's queued audit records, so that CloudTrail LookupEvents reads its own node's writes. */
  readonly flushAudit?: () => Promise<void>;
  /** The needs the pipeline authorized for this call (absent when the operation needs none). */
  readonly needs?: readonly AuthorizationNeed[];
  /** The optional needs the engine denied, with AWS's AccessDenied message for each. */
  readonly refused?: ReadonlyMap<AuthorizationNeed, string>;
  /** What the operation's `prepare` returned, for its `handle`. */
  readonly prepared?: unknown;
  /** Whether the request came over TLS (`aws:SecureTransport`). */
  readonly secureTransport?: boolean;
  /** The request's headers (lower-case names), for condition keys an operation reads from them. */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * How the request was signed: where its signature was (the Authorization header, the query
   * string of a presigned URL, or the fields of a browser POST form) and when. Absent: unsigned.
   */
  readonly signature?: { readonly form: 'header' | 'query' | 'form'; readonly signedAt: Date };
  /**
   * The trailing headers of an aws-chunked payload (`x-amz-checksum-…`): known once a streaming
   * payload member has been read to its end without error (empty before, and for other bodies).
   */
  readonly payloadTrailers?: () => Readonly<Record<string, string>>;
  /**
   * The reads of {@link readOncePerCall}, shared by every context the pipeline derives for one call
   * (`authorize`, then a read-only `handle`); a mutation's `handle` gets a new one on its transaction.
   */
  readonly memo?: Map<string, Promise<unknown>>;
}

/**
 * One AWS operation as Gatehouse implements it. Input and output use the protocol layer's value
 * conventions (members named as in the service model).
 */
export interface Operation<I = Record<string, unknown>, O = Record<string, unknown>> {
  readonly service: string;
  readonly name: string;
  /** CloudTrail's `readOnly`: true for Get/List/Describe-style calls. */
  readonly readOnly: boolean;
  /**
   * The authorization needs of a call, from its input. `null` means the operation needs no
   * permission at all (AWS: e.g. sts:GetCallerIdentity works even under an explicit deny).
   * It may read storage (an existing entity's path is part of its ARN) but changes nothing.
   */
  authorize(input: I, ctx: OperationContext): readonly AuthorizationNeed[] | null | Promise<readonly AuthorizationNeed[] | null>;
  /**
   * Work done once the call is authorized and before `handle`, outside its transaction, so that it
   * does not hold the write lock: CPU-heavy work such as hashing passwords. It may read storage
   * and changes nothing; what it returns reaches `handle` as `ctx.prepared`, and `handle` checks
   * that what it relied on is unchanged.
   */
  prepare?(input: I, ctx: OperationContext): Promise<unknown>;
  handle(input: I, ctx: OperationContext): Promise<O>;
  /**
   * Called once the transaction of a call whose `prepare` ran has ended, committed or not: what
   * `prepare` left outside the database (an upload's bytes, written before the metadata that names
   * them) is kept or dropped, and what the committed change replaced is removed. Its failure is
   * logged, never answered.
   */
  settle?(prepared: unknown, committed: boolean, ctx: OperationContext): Promise<void>;
}

/**
 * Thrown by a `handle` whose prepared work no longer holds (what `prepare` read has changed since):
 * the pipeline runs `prepare` and the transaction again, a few times, and then answers IAM's
 * ConcurrentModification. The work is never redone inside the transaction.
 */
export class StalePreparation extends Error {
  constructor() {
    super('what prepare read has changed');
  }
}

/** Declares an operation with its types inferred; no behaviour of its own. */
export function defineOperation<I = Record<string, unknown>, O = Record<string, unknown>>(op: Operation<I, O>): Operation {
  return op as unknown as Operation;
}

const requestReads = new WeakMap<OperationContext, Map<string, Promise<unknown>>>();

/**
 * A read made once per call: an operation's `authorize` and a read-only `handle` share the call's
 * memo, so a row both need (AssumeRole's role and its tags) is read once. A mutation's `handle`
 * runs with a new memo on its transaction and reads afresh. A context without a memo (a handler
 * called directly in a test) keeps its reads by its own identity.
 */
export function readOncePerCall<T>(ctx: OperationContext, key: string, read: () => Promise<T>): Promise<T> {
  let reads = ctx.memo ?? requestReads.get(ctx);
  if (reads === undefined) {
    reads = new Map();
    requestReads.set(ctx, reads);
  }
  let pending = reads.get(key) as Promise<T> | undefined;
  if (pending === undefined) {
    pending = read();
    reads.set(key, pending);
  }
  return pending;
}
