/**
 * The parts of a SigV4 envelope shared by both forms: the credential scope, the request
 * timestamp, the signed-header list and the expected-scope check, each with AWS's errors.
 */
import { ServiceError } from '../../errors.js';
import { formatAmzDate, malformed } from './errors.js';
import type { ExpectedScope } from './types.js';

/** The five elements of `Credential=AKID/yyyymmdd/region/service/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
}

const CREDENTIAL_SHAPE = '"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"';

function s3Prefix(form: 'header' | 'query'): string {
  return form === 'header' ? 'The authorization header is malformed; ' : 'Error parsing the X-Amz-Credential parameter; ';
}

/**
 * Splits a credential. AWS: the non-S3 texts are those of the common SigV4 front end ("Credential
 * must have exactly 5 slash-delimited elements, …", "Credential should be scoped with a valid
 * terminator: 'aws4_request', not '…'. "); S3's are AuthorizationHeaderMalformed /
 * AuthorizationQueryParametersError texts.
 */
export function parseCredential(value: string, s3: boolean, form: 'header' | 'query'): CredentialScope {
  const parts = value.split('/');
  if (parts.length !== 5) {
    throw malformed(
      s3,
      form,
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${value}'`,
      `${s3Prefix(form)}the Credential is mal-formed; expecting ${CREDENTIAL_SHAPE}.`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = parts as [string, string, string, string, string];
  if (terminator !== 'aws4_request') {
    throw malformed(
      s3,
      form,
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `,
      `${s3Prefix(form)}incorrect terminal "${terminator}". This endpoint uses "aws4_request".`,
    );
  }
  if (s3 && accessKeyId === '') {
    throw malformed(s3, form, '', `${s3Prefix(form)}a non-empty Access Key (AKID) must be provided in the credential.`);
  }
  return { accessKeyId, scopeDate, region, service };
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `yyyymmddThhmmssZ`; undefined when it is not a real instant in that exact format. */
export function parseAmzDate(text: string): Date | undefined {
  // Requests within the same second share their timestamp: remember the last one parsed.
  if (text === lastAmzDate.text) return new Date(lastAmzDate.ms);
  const m = AMZ_DATE.exec(text);
  if (m === null) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  if (Number.isNaN(date.getTime()) || formatAmzDate(date) !== text) return undefined;
  lastAmzDate = { text, ms: date.getTime() };
  return date;
}

let lastAmzDate = { text: '', ms: 0 };

/** The request time from `x-amz-date`, else the HTTP `Date` header (RFC 7231), as text and instant. */
export function headerRequestTime(xAmzDate: string | undefined, httpDate: string | undefined, s3: boolean): { amzDate: string; time: Date } | undefined {
  if (xAmzDate !== undefined) {
    const time = parseAmzDate(xAmzDate);
    if (time === undefined) throw badDate(s3, 'header', xAmzDate);
    return { amzDate: xAmzDate, time };
  }
  if (httpDate !== undefined) {
    const ms = Date.parse(httpDate);
    if (Number.isNaN(ms)) throw badDate(s3, 'header', httpDate);
    const time = new Date(Math.floor(ms / 1000) * 1000);
    return { amzDate: formatAmzDate(time), time };
  }
  return undefined;
}

/** An unparseable request timestamp. */
export function badDate(s3: boolean, form: 'header' | 'query', value: string): ServiceError {
  if (s3 && form === 'query') {
    return new ServiceError('AuthorizationQueryParametersError', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  if (s3) return new ServiceError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  return new ServiceError('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

/**
 * The scope date must be the date of the request timestamp. AWS: non-S3 answers
 * SignatureDoesNotMatch "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of
 * date from HTTP: …"; S3 "Invalid credential date …. This date is not the same as X-Amz-Date: …".
 */
export function checkScopeDate(scopeDate: string, amzDate: string, s3: boolean, form: 'header' | 'query'): void {
  const day = amzDate.slice(0, 8);
  if (scopeDate === day) return;
  if (!s3) {
    throw new ServiceError(
      'SignatureDoesNotMatch',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${day}', from '${amzDate}'.`,
    );
  }
  const text = `Invalid credential date "${scopeDate}". This date is not the same as X-Amz-Date: "${day}".`;
  if (form === 'header') throw new ServiceError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${text}`);
  throw new ServiceError('AuthorizationQueryParametersError', text);
}

/**
 * Splits `SignedHeaders` and requires `host` among them. AWS (SigV4 "Create a canonical request"):
 * "The host header must be included as a signed header."; the services other than S3 answer
 * SignatureDoesNotMatch (a JSON service's InvalidSignatureException) "'Host' or ':authority' must
 * be a 'SignedHeader' in the AWS Authorization.".
 */
export function parseSignedHeaders(value: string, s3: boolean): readonly string[] {
  const known = signedHeaderLists.get(value);
  if (known !== undefined) return known;
  const names = value
    .split(';')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  if (!names.includes('host')) {
    if (s3) throw new ServiceError('AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: 'host' });
    throw new ServiceError('SignatureDoesNotMatch', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (signedHeaderLists.size >= SIGNED_HEADER_LISTS) signedHeaderLists.clear();
  signedHeaderLists.set(value, Object.freeze(names));
  return names;
}

/**
 * `SignedHeaders` texts already split: a client sends the same list on every request. Only lists
 * that passed are kept; at most this many, starting over when full.
 */
const signedHeaderLists = new Map<string, readonly string[]>();
const SIGNED_HEADER_LISTS = 1024;

/**
 * Refuses a credential scoped to another region or service. AWS: IAM/STS answer
 * SignatureDoesNotMatch "Credential should be scoped to a valid region, not 'eu-west-1'. " and
 * "Credential should be scoped to correct service: 'sts'. "; S3 names the expected region in a
 * `Region` field.
 */
export function checkSigV4Scope(scope: CredentialScope, expected: ExpectedScope, s3: boolean, form: 'header' | 'query'): void {
  const regions = expected.region === undefined ? undefined : typeof expected.region === 'string' ? [expected.region] : expected.region;
  if (regions !== undefined && !regions.includes(scope.region)) {
    const want = regions[0] ?? '';
    if (!s3) throw new ServiceError('SignatureDoesNotMatch', `Credential should be scoped to a valid region, not '${scope.region}'. `);
    const text = `${s3Prefix(form)}the region '${scope.region}' is wrong; expecting '${want}'`;
    throw new ServiceError(form === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError', text, { Region: want });
  }
  if (expected.service !== undefined && scope.service !== expected.service) {
    if (!s3) throw new ServiceError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${expected.service}'. `);
    const text = `${s3Prefix(form)}incorrect service "${scope.service}". This endpoint belongs to "${expected.service}".`;
    throw new ServiceError(form === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError', text);
  }
}
