import type { Readable } from 'node:stream';
import type { ServiceError } from '../errors.js';

/**
 * The services Gatehouse speaks. IAM Identity Center is four: `sso-admin` (signing name `sso`),
 * `identitystore`, `sso-oidc` (the OAuth service, signing name `sso-oauth`) and `sso-portal` (the
 * AWS access portal, the SDKs' `sso` client, signing name `awsssoportal`); `sso-directory` is
 * Gatehouse's own model of the directory operations AWS's console uses unpublished.
 * `gatehouse` is Gatehouse's own API (`gatehouseModel.ts`: the posture report, the container credentials endpoint).
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
  | 's3control'
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
  /**
   * The body, when it streams rather than arriving whole (`body` is then empty): an S3 upload,
   * handed to the operation as its streaming payload member.
   */
  stream?: Readable;
  /** A browser-based POST upload's form: its fields (read before the request is authenticated) and its file. */
  form?: UploadForm;
  /** The client certificate (DER) of the mutual TLS connection the request came on, when it presented one. */
  clientCertificate?: Uint8Array;
}

/**
 * The form of a browser-based POST upload (`multipart/form-data`): the fields before the file
 * (names lower-cased) and the file's bytes as they arrive; `error` when the form could not be read.
 */
export interface UploadForm {
  readonly fields: ReadonlyMap<string, string>;
  readonly file?: Readable;
  readonly fileName?: string;
  readonly fileContentType?: string;
  readonly error?: ServiceError;
}

/** An HTTP response ready to write. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** A stream for a streaming payload (an S3 object's bytes), written as it is read. */
  body: string | Buffer | Readable;
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
