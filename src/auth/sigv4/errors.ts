/**
 * The wire errors of SigV4 authentication, in the two families AWS has: S3's (REST-XML codes
 * with extra fields) and every other service's (the common query/JSON codes). Messages keep
 * AWS's wording; none ever contains a secret.
 */
import { ServiceError } from '../../errors.js';

/** `20150830T123600Z` from a Date. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Non-S3 SignatureDoesNotMatch text (IAM, STS and the other query/JSON services). */
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** S3's SignatureDoesNotMatch text. */
export const S3_SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

function spacedHex(text: string): string {
  return (Buffer.from(text, 'utf8').toString('hex').match(/../g) ?? []).join(' ');
}

/** What a failed comparison knows, for S3's diagnostic fields. */
export interface MismatchDetail {
  accessKeyId: string;
  stringToSign: string;
  canonicalRequest: string;
  signatureProvided: string;
}

/**
 * SignatureDoesNotMatch. AWS: S3 "Error responses" (SignatureDoesNotMatch carries AWSAccessKeyId,
 * StringToSign, SignatureProvided, StringToSignBytes, CanonicalRequest, CanonicalRequestBytes).
 */
export function signatureMismatch(s3: boolean, detail?: MismatchDetail): ServiceError {
  if (!s3) return new ServiceError('SignatureDoesNotMatch', SIGNATURE_MISMATCH_MESSAGE);
  const fields: Record<string, string> = {};
  if (detail !== undefined) {
    fields.AWSAccessKeyId = detail.accessKeyId;
    fields.StringToSign = detail.stringToSign;
    fields.SignatureProvided = detail.signatureProvided;
    fields.StringToSignBytes = spacedHex(detail.stringToSign);
    fields.CanonicalRequest = detail.canonicalRequest;
    fields.CanonicalRequestBytes = spacedHex(detail.canonicalRequest);
  }
  return new ServiceError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH_MESSAGE, fields);
}

/** A malformed Authorization header or query envelope: IncompleteSignature, or S3's codes. */
export function malformed(s3: boolean, form: 'header' | 'query', message: string, s3Message: string, fields: Record<string, string> = {}): ServiceError {
  if (!s3) return new ServiceError('IncompleteSignature', message);
  return new ServiceError(form === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError', s3Message, fields);
}

const SKEW_MINUTES = 15;

/**
 * A header-signed request outside the 15-minute window.
 * AWS: the non-S3 texts are the ones IAM/STS return ("Signature expired: … is now earlier than …
 * (… - 15 min.)", "Signature not yet current: … is still later than … (… + 15 min.)");
 * S3 answers RequestTimeTooSkewed with RequestTime, ServerTime and MaxAllowedSkewMilliseconds
 * (S3 API Reference, "Error responses").
 */
export function skewed(s3: boolean, requestTime: Date, now: Date): ServiceError {
  if (s3) {
    return new ServiceError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: formatAmzDate(requestTime),
      ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      MaxAllowedSkewMilliseconds: String(SKEW_MINUTES * 60_000),
    });
  }
  const request = formatAmzDate(requestTime);
  if (requestTime.getTime() < now.getTime()) {
    const bound = formatAmzDate(new Date(now.getTime() - SKEW_MINUTES * 60_000));
    return new ServiceError(
      'SignatureDoesNotMatch',
      `Signature expired: ${request} is now earlier than ${bound} (${formatAmzDate(now)} - ${SKEW_MINUTES} min.)`,
    );
  }
  const bound = formatAmzDate(new Date(now.getTime() + SKEW_MINUTES * 60_000));
  return new ServiceError(
    'SignatureDoesNotMatch',
    `Signature not yet current: ${request} is still later than ${bound} (${formatAmzDate(now)} + ${SKEW_MINUTES} min.)`,
  );
}

/**
 * A presigned URL past X-Amz-Date + X-Amz-Expires.
 * AWS: S3 answers 403 AccessDenied "Request has expired" with X-Amz-Expires, Expires and
 * ServerTime; the query services answer the same 403 AccessDenied "Request has expired", without
 * S3's fields (the "Common Errors" page's RequestExpired, 400, is not what they send).
 */
export function presignExpired(s3: boolean, requestTime: Date, expiresSeconds: number, now: Date): ServiceError {
  if (!s3) return new ServiceError('AccessDenied', 'Request has expired');
  return new ServiceError('AccessDenied', 'Request has expired', {
    'X-Amz-Expires': String(expiresSeconds),
    Expires: new Date(requestTime.getTime() + expiresSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
}

/** A presigned URL dated more than 15 minutes in the future. AWS: S3 "Request is not valid yet". */
export function presignNotYetValid(s3: boolean, requestTime: Date, now: Date): ServiceError {
  if (!s3) return skewed(false, requestTime, now);
  return new ServiceError('AccessDenied', 'Request is not valid yet');
}
