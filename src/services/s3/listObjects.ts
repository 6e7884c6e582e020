import { canonicalUserId } from '../../model/index.js';
import type { ObjectRecord } from '../../store/index.js';
import { prefixEnd } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { ContextValue, OperationContext } from '../operation.js';
import { namedBucket, s3Need } from './s3Access.js';
import { invalidArgument } from './s3Errors.js';

/** AWS: a listing returns at most 1,000 keys (and common prefixes) per page. */
const MAX_KEYS = 1000;

interface ListInput {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  EncodingType?: string;
  ExpectedBucketOwner?: string;
}

/** One page of a listing: objects and common prefixes, in UTF-8 binary order. */
interface ListPage {
  readonly objects: ObjectRecord[];
  readonly prefixes: string[];
  readonly truncated: boolean;
  /** The last key or common prefix of the page (where the next page starts after). */
  readonly last?: string;
}

/**
 * Reads keys after `after` that start with `prefix`, rolling up those with `delimiter` after the
 * prefix into common prefixes, until `max` entries (keys and prefixes count alike). A common
 * prefix is skipped past in one step, however many keys it holds. `after` may itself be a common
 * prefix of a previous page: its keys are skipped too.
 * AWS: S3 API Reference, ListObjectsV2 (Delimiter, CommonPrefixes, MaxKeys).
 */
async function listPage(ctx: OperationContext, bucket: string, prefix: string, delimiter: string, after: string | undefined, max: number): Promise<ListPage> {
  const objects: ObjectRecord[] = [];
  const prefixes: string[] = [];
  let last: string | undefined;
  let from: string | undefined;
  let cursor = after;
  if (
    delimiter !== '' &&
    after !== undefined &&
    after.startsWith(prefix) &&
    after.endsWith(delimiter) &&
    after.slice(prefix.length).indexOf(delimiter) === after.length - prefix.length - delimiter.length
  ) {
    from = prefixEnd(after);
    cursor = undefined;
    if (from === undefined) return { objects, prefixes, truncated: false };
  }
  for (;;) {
    // Each key read adds one entry (an object, or a common prefix that is then skipped past).
    const limit = Math.min(MAX_KEYS, max - objects.length - prefixes.length + 1);
    const batch = await ctx.store.s3Objects.list(bucket, {
      prefix,
      ...(cursor !== undefined ? { after: cursor } : {}),
      ...(from !== undefined ? { from } : {}),
      limit,
    });
    let skipped = false;
    for (const object of batch) {
      if (objects.length + prefixes.length >= max) return { objects, prefixes, truncated: true, ...(last !== undefined ? { last } : {}) };
      const rest = object.key.slice(prefix.length);
      const at = delimiter === '' ? -1 : rest.indexOf(delimiter);
      if (at >= 0) {
        const common = prefix + rest.slice(0, at + delimiter.length);
        prefixes.push(common);
        last = common;
        const end = prefixEnd(common);
        if (end === undefined) return { objects, prefixes, truncated: false, last };
        from = end;
        cursor = undefined;
        skipped = true;
        break;
      }
      objects.push(object);
      last = object.key;
      cursor = object.key;
      from = undefined;
    }
    if (!skipped && batch.length < limit) return { objects, prefixes, truncated: false, ...(last !== undefined ? { last } : {}) };
  }
}

/** The needs of a listing: s3:ListBucket with s3:prefix, s3:delimiter and s3:max-keys as sent. AWS: S3 User Guide, "Amazon S3 condition key examples". */
async function listNeeds(input: ListInput, ctx: OperationContext) {
  const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
  const context: Record<string, ContextValue> = {};
  if (input.Prefix !== undefined) context['s3:prefix'] = input.Prefix;
  if (input.Delimiter !== undefined) context['s3:delimiter'] = input.Delimiter;
  if (input.MaxKeys !== undefined) context['s3:max-keys'] = String(input.MaxKeys);
  return [s3Need(ctx, 's3:ListBucket', bucket, undefined, context)];
}

function maxKeysOf(input: ListInput): number {
  if (input.MaxKeys !== undefined && input.MaxKeys < 0)
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', String(input.MaxKeys));
  return Math.min(input.MaxKeys ?? MAX_KEYS, MAX_KEYS);
}

/** With `EncodingType=url`, keys and prefixes are percent-encoded in the response. */
function encoder(input: ListInput): (text: string) => string {
  if (input.EncodingType === undefined) return (text) => text;
  if (input.EncodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', input.EncodingType);
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

function contents(objects: ObjectRecord[], encode: (text: string) => string, owner: { ID: string } | undefined) {
  return objects.map((o) => ({
    Key: encode(o.key),
    LastModified: new Date(o.lastModified),
    ETag: o.etag,
    Size: o.size,
    StorageClass: o.headers.StorageClass ?? 'STANDARD',
    ...(o.checksum !== null ? { ChecksumAlgorithm: [o.checksum.algorithm] } : {}),
    ...(owner !== undefined ? { Owner: owner } : {}),
  }));
}

/** A ContinuationToken: opaque to clients, the key (or common prefix) the next page starts after. */
const token = (after: string): string => Buffer.from(after, 'utf8').toString('base64url');

function fromToken(text: string): string {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  if (token(decoded) !== text) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', text);
  return decoded;
}

/** ListObjectsV2. AWS: S3 API Reference, ListObjectsV2. */
export const ListObjectsV2 = defineOperation<ListInput & { ContinuationToken?: string; StartAfter?: string; FetchOwner?: boolean }>({
  service: 's3',
  name: 'ListObjectsV2',
  readOnly: true,
  authorize: listNeeds,
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    const max = maxKeysOf(input);
    const encode = encoder(input);
    const after = input.ContinuationToken !== undefined ? fromToken(input.ContinuationToken) : input.StartAfter;
    const page =
      max === 0 ? { objects: [], prefixes: [], truncated: false } : await listPage(ctx, input.Bucket, input.Prefix ?? '', input.Delimiter ?? '', after, max);
    const owner = input.FetchOwner === true ? { ID: canonicalUserId(bucket.accountId) } : undefined;
    return {
      Name: input.Bucket,
      Prefix: encode(input.Prefix ?? ''),
      ...(input.Delimiter !== undefined ? { Delimiter: encode(input.Delimiter) } : {}),
      MaxKeys: max,
      ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
      KeyCount: page.objects.length + page.prefixes.length,
      IsTruncated: page.truncated,
      ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(input.StartAfter !== undefined ? { StartAfter: encode(input.StartAfter) } : {}),
      ...(page.truncated && page.last !== undefined ? { NextContinuationToken: token(page.last) } : {}),
      Contents: contents(page.objects, encode, owner),
      CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p) })),
    };
  },
});

/** ListObjects (version 1): NextMarker only with a delimiter, as AWS. AWS: S3 API Reference, ListObjects. */
export const ListObjects = defineOperation<ListInput & { Marker?: string }>({
  service: 's3',
  name: 'ListObjects',
  readOnly: true,
  authorize: listNeeds,
  async handle(input, ctx) {
    const bucket = await namedBucket(ctx, input.Bucket);
    const max = maxKeysOf(input);
    const encode = encoder(input);
    const page =
      max === 0
        ? { objects: [], prefixes: [], truncated: false }
        : await listPage(ctx, input.Bucket, input.Prefix ?? '', input.Delimiter ?? '', input.Marker, max);
    return {
      Name: input.Bucket,
      Prefix: encode(input.Prefix ?? ''),
      Marker: encode(input.Marker ?? ''),
      ...(input.Delimiter !== undefined ? { Delimiter: encode(input.Delimiter) } : {}),
      MaxKeys: max,
      ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
      IsTruncated: page.truncated,
      ...(page.truncated && input.Delimiter !== undefined && 'last' in page && page.last !== undefined ? { NextMarker: encode(page.last) } : {}),
      Contents: contents(page.objects, encode, { ID: canonicalUserId(bucket.accountId) }),
      CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p) })),
    };
  },
});
