import { ServiceError } from '../../errors.js';
import type { ObjectRecord } from '../../store/index.js';
import { aclsNotSupported } from './s3Errors.js';
import { OWNER_ONLY_ACLS } from './buckets.js';

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
    Metadata: object.metadata,
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
