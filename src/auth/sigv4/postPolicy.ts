/**
 * SigV4 for browser-based POST uploads: the form carries the credential, the date and a base64
 * policy document, and the signature is HMAC-SHA256 of the base64 policy with the request's
 * signing key. AWS: S3 API Reference, "Authenticating Requests in Browser-Based Uploads Using
 * POST (AWS Signature Version 4)" and "Creating a POST Policy".
 */
import { hmacSha256Hex } from '../../crypto.js';
import { ServiceError } from '../../errors.js';
import { signaturesEqual } from './chunked.js';
import { parseAmzDate, parseCredential } from './credentialScope.js';
import { signatureMismatch } from './errors.js';
import { signingKey } from './signingKey.js';
import type { SigV4Parsed } from './types.js';

/** The signature fields of a POST form, checked for shape and time but not yet verified. */
export interface PostPolicyEnvelope extends SigV4Parsed {
  /** The policy document as sent (base64). */
  readonly policy: string;
  /** The policy document, decoded. */
  readonly document: { readonly expiration?: unknown; readonly conditions?: unknown };
}

const badPolicy = (message: string): ServiceError => new ServiceError('InvalidPolicyDocument', message);

/**
 * The SigV4 fields of a POST form; null when the form carries no signature (an anonymous upload).
 * Throws `ServiceError` for a malformed envelope or policy, or one past its expiration
 * (AccessDenied "Invalid according to Policy: Policy expired.").
 */
export function parsePostPolicy(fields: ReadonlyMap<string, string>, now: Date): PostPolicyEnvelope | null {
  const signature = fields.get('x-amz-signature');
  const credential = fields.get('x-amz-credential');
  if (signature === undefined && credential === undefined && fields.get('policy') === undefined) return null;
  const algorithm = fields.get('x-amz-algorithm');
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw new ServiceError('InvalidArgument', 'POST form fields x-amz-algorithm must be AWS4-HMAC-SHA256', {
      ArgumentName: 'x-amz-algorithm',
      ArgumentValue: algorithm ?? '',
    });
  }
  const policy = fields.get('policy');
  if (signature === undefined || credential === undefined || policy === undefined) {
    throw new ServiceError('InvalidArgument', 'Bucket POST must contain a field named x-amz-signature, x-amz-credential, x-amz-date and policy', {
      ArgumentName: 'x-amz-signature',
      ArgumentValue: '',
    });
  }
  const amzDate = fields.get('x-amz-date') ?? '';
  const requestTime = parseAmzDate(amzDate);
  if (requestTime === undefined) throw new ServiceError('InvalidArgument', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  const scope = parseCredential(credential, true, 'query');
  let document: PostPolicyEnvelope['document'];
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as PostPolicyEnvelope['document'];
  } catch {
    throw badPolicy('Invalid Policy: Invalid JSON.');
  }
  if (typeof document !== 'object' || document === null || typeof document.expiration !== 'string')
    throw badPolicy('Invalid Policy: Policy missing expiration.');
  const expiration = Date.parse(document.expiration);
  if (Number.isNaN(expiration)) throw badPolicy(`Invalid Policy: Invalid 'expiration' value: '${document.expiration}'`);
  if (!Array.isArray(document.conditions)) throw badPolicy('Invalid Policy: Policy missing conditions.');
  if (now.getTime() >= expiration) throw new ServiceError('AccessDenied', 'Invalid according to Policy: Policy expired.');
  const token = fields.get('x-amz-security-token');
  return {
    form: 'query',
    ...scope,
    requestTime,
    amzDate,
    signedHeaders: [],
    signature,
    payloadHash: 'UNSIGNED-PAYLOAD',
    s3: true,
    policy,
    document,
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}

/** Verifies a POST form's signature with the credential's secret. Throws SignatureDoesNotMatch. */
export function verifyPostPolicy(envelope: PostPolicyEnvelope, secretAccessKey: string): void {
  const key = signingKey(secretAccessKey, envelope.scopeDate, envelope.region, envelope.service, envelope.accessKeyId);
  const expected = hmacSha256Hex(key, envelope.policy);
  if (!signaturesEqual(expected, envelope.signature)) {
    throw signatureMismatch(true, {
      accessKeyId: envelope.accessKeyId,
      signatureProvided: envelope.signature,
      stringToSign: envelope.policy,
      canonicalRequest: '',
    });
  }
}
