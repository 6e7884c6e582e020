import type { FederatedCaller, Principal } from '../../model/index.js';
import type { HttpRequestParts, PayloadCheck } from '../sigv4/index.js';

/**
 * One kind of credential a request can present. The pipeline asks each resolver of its list, in
 * order, whether the request presents its kind; the first that does authenticates it. Adding a
 * kind of credential (X.509 certificates, a portal's bearer token, a console session) is one
 * module and one entry in the list (`server/app.ts`).
 */
export interface CredentialResolver {
  /** A short name, for logs and tests. */
  readonly name: string;
  /**
   * The credential of this kind the request presents, parsed and checked for shape and time but
   * not yet verified; undefined when it presents none of this kind. Throws a `ServiceError` for a
   * malformed or expired envelope.
   */
  read(request: HttpRequestParts, now: Date): PresentedCredential | undefined;
}

/** A credential as presented, before anyone knows whose it is. */
export interface PresentedCredential {
  /** The service its scope names (SigV4's credential scope), when it names one. */
  readonly scopeService?: string;
  /**
   * How the request carries its SigV4 signature: the Authorization header, the query string
   * (presigned), or form fields (browser POST); absent for credentials that are no HMAC signature
   * (an X.509 certificate's, a bearer token, a TLS client certificate).
   */
  readonly form?: 'header' | 'query' | 'form';
  /** When the request was signed (X-Amz-Date), with `form`. */
  readonly signedAt?: Date;
  /** Finds whose credential it is, checked against the current state of its account. */
  resolve(signing: SigningVariant): Promise<Resolution>;
}

/** Which SigV4 rules the request's service signs by. */
export type SigningVariant = 'standard' | 's3';

/**
 * The payload as it arrives, taken as it is: for credentials whose check covers the body already
 * (an X.509 signature over the whole request) or that sign no body (a POST upload's policy, a
 * bearer token, a TLS client certificate).
 */
export const PAYLOAD_AS_SENT: PayloadCheck = { whole: (body) => ({ body }), incremental: () => ({ push: (piece) => [piece], end: () => ({}) }) };

/** Whose a credential is, or why it is refused (the service words the refusal). */
export type Resolution =
  | {
      readonly outcome: 'resolved';
      readonly principal: Principal;
      /**
       * Verifies the request's signature with the credential's secret and returns what its payload
       * must be (checked whole, or as it streams); throws `ServiceError` when it does not verify.
       */
      verify(): PayloadCheck;
    }
  /**
   * No such credential, or no longer valid (deleted, inactive, altered, its account closed).
   * `caller`: whom a credential that once was valid names, so that the refusal is recorded in
   * that account (a signed-out or expired bearer token of the access portal).
   */
  | { readonly outcome: 'unknown'; readonly caller?: FederatedCaller }
  /** A temporary credential past its expiration. */
  | { readonly outcome: 'expired'; readonly caller?: FederatedCaller };
