import type { ServiceError } from '../errors.js';

/**
 * The services Gatehouse speaks; `sso` is IAM Identity Center's sso-admin API (signing name `sso`);
 * `gatehouse` is Gatehouse's own API (the container credentials endpoint, `modelExtensions.ts`).
 */
export type ServiceName =
  | 'iam'
  | 'sts'
  | 'organizations'
  | 'cloudtrail'
  | 'access-analyzer'
  | 's3'
  | 'sso'
  | 'identitystore'
  | 'rolesanywhere'
  | 'iot'
  | 'gatehouse';

/** An HTTP request as it arrived, before any decoding. Header names are lower-case. */
export interface WireRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The client certificate (DER) of the mutual TLS connection the request came on, when it presented one. */
  clientCertificate?: Uint8Array;
}

/** An HTTP response ready to write. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * A request decoded against its service model. Never thrown: `error` is set when the operation is
 * unknown or the input fails validation; `operation` is still set when it is known (for audit).
 */
export interface DecodedRequest {
  operation?: string;
  input?: Record<string, unknown>;
  error?: ServiceError;
}

/** The wire protocols of the AWS service models. */
export type ProtocolName = 'query' | 'json' | 'rest-json' | 'rest-xml';
