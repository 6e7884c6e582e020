import { ServiceError } from '../../errors.js';
import type { ObjectRecord } from '../../store/index.js';
import { aclsNotSupported, invalidArgument } from './s3Errors.js';
import { OWNER_ONLY_ACLS } from './buckets.js';

/** What an HTTP header value can carry: tab, visible ASCII and space, and ISO-8859-1's upper half (RFC 9110 §5.5 field-content, as Node writes it). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Refuses a value that would become a response header but that no HTTP header can carry (a CR or
 * LF, another control character, a character outside ISO-8859-1): a query parameter or a form
 * field can hold one, a request header cannot.
 * AWS: InvalidArgument "Header value cannot be represented using ISO-8859-1." naming the parameter
 * (S3's answer to a `response-content-disposition` outside ISO-8859-1).
 */
export function checkHeaderValue(name: string, value: string): void {
  if (!HEADER_VALUE.test(value)) throw invalidArgument('Header value cannot be represented using ISO-8859-1.', name, value);
}

/**
 * A user metadata value as a response header carries it: as stored when HTTP can carry it, else
 * RFC 2047-encoded (`=?UTF-8?B?…?=`). AWS: S3 User Guide, "Working with object metadata" (values
 * with non-US-ASCII characters are returned "encoded as per RFC 2047 to make them mail-safe").
 */
export function metadataHeaderValue(value: string): string {
  return HEADER_VALUE.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The members of an object's input that S3 stores and returns as the object's HTTP headers. */
const STORED_HEADERS = ['CacheControl', 'ContentDisposition', 'ContentEncoding', 'ContentLanguage', 'ContentType', 'WebsiteRedirectLocation'] as const;

/** AWS: the Content-Type of an object stored without one. */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/** AWS: user metadata (`x-amz-meta-*` names and values) is at most 2 KB (S3 User Guide, "Working with object metadata"). */
const MAX_METADATA_BYTES = 2048;

/**
 * The headers to store with a new object, from the upload's input: Content-Type and the others
 * S3 keeps, Expires as sent, the storage class and server-side encryption (AWS: every new object
 * is encrypted, SSE-S3 `AES256` unless the request names another). `aws-chunked` is a transfer
 * detail, not the object's Content-Encoding.
 */
export function storedHeaders(input: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = input[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (headers.ContentEncoding !== undefined) {
    const kept = headers.ContentEncoding.split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked');
    if (kept.length === 0) delete headers.ContentEncoding;
    else headers.ContentEncoding = kept.join(',');
  }
  headers.ContentType ??= DEFAULT_CONTENT_TYPE;
  if (input.Expires instanceof Date) headers.Expires = input.Expires.toUTCString();
  else if (typeof input.Expires === 'string') headers.Expires = input.Expires;
  headers.ServerSideEncryption = typeof input.ServerSideEncryption === 'string' ? input.ServerSideEncryption : 'AES256';
  if (typeof input.StorageClass === 'string' && input.StorageClass !== 'STANDARD') headers.StorageClass = input.StorageClass;
  return headers;
}

/** The user metadata of an upload, names lower-cased; MetadataTooLarge past 2 KB. */
export function userMetadata(input: Record<string, unknown>): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries((input.Metadata as Record<string, string> | undefined) ?? {})) {
    metadata[name.toLowerCase()] = value;
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (size > MAX_METADATA_BYTES) {
    throw new ServiceError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', {
      Size: String(size),
      MaxSizeAllowed: String(MAX_METADATA_BYTES),
    });
  }
  return metadata;
}

/** The output members that describe a stored object (GetObject, HeadObject). */
export function objectOutput(object: ObjectRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ETag: object.etag,
    LastModified: new Date(object.lastModified),
    AcceptRanges: 'bytes',
    Metadata: Object.fromEntries(Object.entries(object.metadata).map(([name, value]) => [name, metadataHeaderValue(value)])),
  };
  for (const [name, value] of Object.entries(object.headers)) {
    if (name === 'Expires') out.ExpiresString = value;
    else out[name] = value;
  }
  if (object.tags.length > 0) out.TagCount = object.tags.length;
  return out;
}

/**
 * ACLs are disabled (Object Ownership BucketOwnerEnforced): a request that sets one other than
 * the owner's full control is AccessControlListNotSupported.
 * AWS: S3 User Guide, "Controlling ownership of objects and disabling ACLs for your bucket".
 */
export function checkNoAcl(input: Record<string, unknown>): void {
  const grants = ['GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWrite', 'GrantWriteACP'].some((g) => input[g] !== undefined);
  if ((typeof input.ACL === 'string' && !OWNER_ONLY_ACLS.has(input.ACL)) || grants) throw aclsNotSupported();
}

/**
 * What an upload may ask for that Gatehouse's buckets do not have, refused rather than ignored (an
 * object stored without it would be taken to have it): Object Lock retention or legal hold (no
 * bucket has Object Lock: AWS's InvalidRequest "Bucket is missing Object Lock Configuration"), and
 * server-side encryption with a customer-provided key (SSE-C: the object would be readable without
 * the key), which Gatehouse does not implement.
 * AWS: S3 API Reference, PutObject (x-amz-object-lock-*, x-amz-server-side-encryption-customer-*).
 */
export function checkUploadFeatures(input: Record<string, unknown>): void {
  if (input.ObjectLockMode !== undefined || input.ObjectLockRetainUntilDate !== undefined || input.ObjectLockLegalHoldStatus !== undefined) {
    throw new ServiceError('InvalidRequest', 'Bucket is missing Object Lock Configuration');
  }
  if (input.SSECustomerAlgorithm !== undefined || input.SSECustomerKey !== undefined) {
    throw new ServiceError('NotImplemented', 'Gatehouse does not implement server-side encryption with customer-provided keys (SSE-C).');
  }
}
