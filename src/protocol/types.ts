import type { ServiceError } from '../errors.js';

/**
 * The services Gatehouse speaks. IAM Identity Center is four: `sso-admin` (signing name `sso`),
 * `identitystore`, `sso-oidc` (the OAuth service, signing name `sso-oauth`) and `sso-portal` (the
 * AWS access portal, the SDKs' `sso` client, signing name `awsssoportal`); `sso-directory` is
 * Gatehouse's own model of the directory operations AWS's console uses unpublished.
 */
export type ServiceName =
  | 'iam'
  | 'sts'
  | 'organizations'
  | 'cloudtrail'
  | 'access-analyzer'
  | 's3'
  | 'sso-admin'
  | 'identitystore'
  | 'sso-oidc'
  | 'sso-portal'
  | 'sso-directory'
  | 'rolesanywhere';

/** An HTTP request as it arrived, before any decoding. Header names are lower-case. */
export interface WireRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
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
