import { s3DenialMessage } from '../descriptor.js';
import { defineOperation } from '../operation.js';
import type { AuthorizationNeed } from '../operation.js';
import type { DeletionSettlement } from './objects.js';
import { namedBucket, s3Need } from './s3Access.js';
import { malformedXml } from './s3Errors.js';

interface DeleteObjectsInput {
  Bucket: string;
  Delete: { Objects?: { Key: string; VersionId?: string }[]; Quiet?: boolean };
  ExpectedBucketOwner?: string;
}

/** AWS: a DeleteObjects request names at most 1,000 keys. */
const MAX_KEYS = 1000;

/**
 * DeleteObjects: each key is authorized on its own (s3:DeleteObject, an optional need each) and
 * answered in the result — deleted, or AccessDenied for a key the engine refused — as S3 does;
 * `Quiet` leaves the deleted ones out. AWS: S3 API Reference, DeleteObjects.
 */
export const DeleteObjects = defineOperation<DeleteObjectsInput>({
  service: 's3',
  name: 'DeleteObjects',
  readOnly: false,
  async authorize(input, ctx) {
    const keys = input.Delete?.Objects ?? [];
    if (keys.length === 0 || keys.length > MAX_KEYS) throw malformedXml();
    const bucket = await namedBucket(ctx, input.Bucket, input.ExpectedBucketOwner);
    return keys.map((o): AuthorizationNeed => ({ ...s3Need(ctx, 's3:DeleteObject', bucket, o.Key), optional: true }));
  },
  async prepare() {
    return { doomed: [] } satisfies DeletionSettlement;
  },
  async handle(input, ctx) {
    const settlement = ctx.prepared as DeletionSettlement;
    const refused = new Map<string, string>();
    for (const [need, message] of ctx.refused ?? []) refused.set(need.resource, s3DenialMessage(message));
    const deleted: { Key: string }[] = [];
    const errors: { Key: string; Code: string; Message: string }[] = [];
    for (const { Key } of input.Delete.Objects ?? []) {
      const message = refused.get(`arn:aws:s3:::${input.Bucket}/${Key}`);
      if (message !== undefined) {
        errors.push({ Key, Code: 'AccessDenied', Message: message });
        continue;
      }
      const gone = await ctx.store.s3Objects.delete(input.Bucket, Key);
      if (gone !== undefined) settlement.doomed.push(...gone.blobs.map((b) => b.id));
      deleted.push({ Key });
    }
    return { ...(input.Delete.Quiet === true ? {} : { Deleted: deleted }), Errors: errors };
  },
  settle: async (prepared, committed, ctx) => {
    if (committed) await ctx.store.objectBytes.delete((prepared as DeletionSettlement).doomed);
  },
});
