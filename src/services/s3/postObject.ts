import { ServiceError } from '../../errors.js';
import type { ObjectRecord, S3Tag } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { ContextValue, OperationContext } from '../operation.js';
import { receiveBody } from './objectBody.js';
import { checkNoAcl, storedHeaders, userMetadata } from './objectHeaders.js';
import { checkKey } from './names.js';
import { settleUpload, storedBytes, uploadKeys, type UploadSettlement } from './objects.js';
import { namedBucket, requestTagKeys, s3Need } from './s3Access.js';
import { invalidArgument, noSuchBucket } from './s3Errors.js';
import { checkTags } from './tags.js';

interface PostInput {
  Bucket: string;
  Body?: unknown;
  Fields: Record<string, string>;
  FileName?: string;
  FileContentType?: string;
}

/** The object's key: the form's `key`, with `${filename}` replaced by the uploaded file's name. */
function keyOf(input: PostInput): string {
  const key = input.Fields.key;
  if (key === undefined || key === '') {
    throw invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", 'key', '');
  }
  return key.replaceAll('${filename}', input.FileName ?? '');
}

/** The input members of PutObject the form's fields stand for (`Content-Type`, `x-amz-meta-*`, …). */
function objectInput(input: PostInput): Record<string, unknown> {
  const f = input.Fields;
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(f)) if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  return {
    ContentType: f['content-type'] ?? input.FileContentType,
    CacheControl: f['cache-control'],
    ContentDisposition: f['content-disposition'],
    ContentEncoding: f['content-encoding'],
    Expires: f.expires,
    ACL: f.acl,
    StorageClass: f['x-amz-storage-class'],
    ServerSideEncryption: f['x-amz-server-side-encryption'],
    WebsiteRedirectLocation: f['x-amz-website-redirect-location'],
    Metadata: metadata,
  };
}

/** The tags of the form's `tagging` field (a Tagging XML document). */
function tagsOf(input: PostInput): S3Tag[] {
  const xml = input.Fields.tagging;
  if (xml === undefined) return [];
  const tags: S3Tag[] = [];
  for (const match of xml.matchAll(/<Tag>\s*<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>\s*<\/Tag>/g)) tags.push({ Key: match[1]!, Value: match[2]! });
  return tags;
}

/** Form fields a POST policy need not name. AWS: "except x-amz-signature, file, policy, and field names that have an x-ignore- prefix". */
const UNCONDITIONED = new Set(['x-amz-signature', 'file', 'policy', 'x-amz-security-token']);

const policyFailure = (detail: string): ServiceError => new ServiceError('AccessDenied', `Invalid according to Policy: ${detail}`);

/** A condition as S3's message shows it: `["starts-with", "$key", "uploads/"]`. */
const shown = (condition: readonly unknown[]): string => `[${condition.map((item) => JSON.stringify(item)).join(', ')}]`;

/**
 * Checks the form against its signed policy's conditions: `{"field": "value"}` and `["eq",
 * "$field", "value"]` exact matches, `["starts-with", "$field", "prefix"]`, and
 * `["content-length-range", min, max]` (returned, checked against the file's size); every field
 * but the signature, the file, the policy and `x-ignore-*` ones must have a condition.
 * AWS: S3 API Reference, "Creating a POST Policy" (condition matching, "Extra input fields").
 */
export function checkPostPolicy(input: PostInput): { min: number; max: number } | undefined {
  const encoded = input.Fields.policy;
  if (encoded === undefined) return undefined;
  const document = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { conditions: unknown[] };
  const values = new Map<string, string>(Object.entries(input.Fields));
  values.set('bucket', input.Bucket);
  const named = new Set<string>();
  let range: { min: number; max: number } | undefined;
  for (const condition of document.conditions) {
    if (Array.isArray(condition)) {
      const [operator, field, expected] = condition as [string, string, unknown];
      if (String(operator).toLowerCase() === 'content-length-range') {
        range = { min: Number(field), max: Number(expected) };
        continue;
      }
      const name = String(field).replace(/^\$/, '').toLowerCase();
      named.add(name);
      const actual = values.get(name) ?? '';
      const ok =
        String(operator).toLowerCase() === 'eq'
          ? actual === String(expected)
          : String(operator).toLowerCase() === 'starts-with' && actual.startsWith(String(expected));
      if (!ok) throw policyFailure(`Policy Condition failed: ${shown(condition)}`);
      continue;
    }
    for (const [field, expected] of Object.entries(condition as Record<string, unknown>)) {
      const name = field.toLowerCase();
      named.add(name);
      if ((values.get(name) ?? '') !== String(expected)) throw policyFailure(`Policy Condition failed: ${shown(['eq', `$${field}`, expected])}`);
    }
  }
  for (const name of Object.keys(input.Fields)) {
    if (UNCONDITIONED.has(name) || name.startsWith('x-ignore-') || name === 'x-amz-algorithm' || named.has(name)) continue;
    throw policyFailure(`Extra input fields: ${name}`);
  }
  return range;
}

function successStatus(input: PostInput): number {
  const status = input.Fields.success_action_status;
  return status === '200' || status === '201' ? Number(status) : 204;
}

/**
 * PostObject, S3's browser-based upload: the form's key, headers, metadata and tags make the
 * object, its file the bytes (streamed and checked as PutObject's). Authorized as s3:PutObject
 * (s3:authType POST), s3:PutObjectTagging with tags. Answers 204, or `success_action_status`
 * (200, or 201 with a PostResponse document), or a 303 to `success_action_redirect`.
 * AWS: S3 API Reference, POST Object.
 */
export const PostObject = defineOperation<PostInput>({
  service: 's3',
  name: 'PostObject',
  readOnly: false,
  async authorize(input, ctx) {
    const key = keyOf(input);
    checkKey(key);
    const bucket = await namedBucket(ctx, input.Bucket);
    const tags = tagsOf(input);
    const context: Record<string, ContextValue> = { ...uploadKeys(objectInput(input)), ...(tags.length > 0 ? requestTagKeys(tags) : {}) };
    const needs = [s3Need(ctx, 's3:PutObject', bucket, key, context)];
    if (tags.length > 0) needs.push(s3Need(ctx, 's3:PutObjectTagging', bucket, key, context));
    return needs;
  },
  async prepare(input, ctx) {
    const range = ctx.signature === undefined ? undefined : checkPostPolicy(input);
    checkNoAcl(objectInput(input));
    checkTags(tagsOf(input), 10, 'Object');
    userMetadata(objectInput(input));
    const received = await receiveBody(ctx, ctx.store.objectBytes, input.Body, range === undefined ? {} : { range });
    return { received, replaced: [] } satisfies UploadSettlement;
  },
  async handle(input, ctx: OperationContext) {
    const settlement = ctx.prepared as UploadSettlement;
    const { received } = settlement;
    if ((await ctx.store.s3Buckets.get(input.Bucket)) === undefined) throw noSuchBucket(input.Bucket);
    const key = keyOf(input);
    const fields = objectInput(input);
    const record: ObjectRecord = {
      bucket: input.Bucket,
      key,
      size: received.size,
      etag: received.etag,
      lastModified: ctx.now.toISOString(),
      headers: storedHeaders(fields),
      metadata: userMetadata(fields),
      tags: tagsOf(input),
      ...storedBytes(received),
    };
    const replaced = await ctx.store.s3Objects.put(record);
    settlement.replaced = replaced?.blobs.map((b) => b.id) ?? [];
    const location = `/${input.Bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
    const redirect = input.Fields.success_action_redirect ?? input.Fields.redirect;
    if (redirect !== undefined && /^https?:\/\//.test(redirect)) {
      const target = new URL(redirect);
      target.searchParams.set('bucket', input.Bucket);
      target.searchParams.set('key', key);
      target.searchParams.set('etag', received.etag);
      return { StatusCode: 303, Location: target.toString(), ETag: received.etag };
    }
    const status = successStatus(input);
    return {
      StatusCode: status,
      ETag: received.etag,
      Location: location,
      ...(status === 201 ? { PostResponse: { Location: location, Bucket: input.Bucket, Key: key, ETag: received.etag } } : {}),
    };
  },
  settle: (prepared, committed, ctx) => settleUpload(ctx, prepared, committed),
});
