import type { TrailEventSelector } from '../store/index.js';

/**
 * CloudTrail data events: S3's object-level operations, recorded only for the trails whose event
 * selectors ask for them (AWS's default logs none), never in the event history (LookupEvents).
 * AWS: S3 User Guide, "Amazon S3 object-level actions tracked in CloudTrail logging"; CloudTrail
 * User Guide, "Logging data events" (`DataResources` of type `AWS::S3::Object`, values
 * `arn:aws:s3:::bucket/prefix`, or `arn:aws:s3` for every object).
 */
const S3_OBJECT_OPERATIONS: ReadonlySet<string> = new Set([
  'AbortMultipartUpload',
  'CompleteMultipartUpload',
  'CopyObject',
  'CreateMultipartUpload',
  'DeleteObject',
  'DeleteObjects',
  'DeleteObjectTagging',
  'GetObject',
  'GetObjectAcl',
  'GetObjectTagging',
  'HeadObject',
  'ListParts',
  'PostObject',
  'PutObject',
  'PutObjectAcl',
  'PutObjectTagging',
  'UploadPart',
  'UploadPartCopy',
]);

/** Whether a call is a data event rather than a management event. */
export function isDataEvent(service: string | null, operation: string | undefined): boolean {
  return service === 's3' && operation !== undefined && S3_OBJECT_OPERATIONS.has(operation);
}

/** The objects a data event acts on (`arn:aws:s3:::bucket/key`), from its request parameters. */
export function dataEventObjects(request: Record<string, unknown> | null | undefined): string[] {
  const bucket = request?.['bucket'] ?? request?.['Bucket'];
  if (typeof bucket !== 'string') return [];
  const key = request?.['key'] ?? request?.['Key'];
  if (typeof key === 'string') return [`arn:aws:s3:::${bucket}/${key}`];
  const deleted = (request?.['delete'] ?? request?.['Delete']) as { objects?: { key?: string }[]; Objects?: { Key?: string }[] } | undefined;
  const keys = [...(deleted?.objects ?? []).map((o) => o.key), ...(deleted?.Objects ?? []).map((o) => o.Key)];
  return keys.filter((k): k is string => typeof k === 'string').map((k) => `arn:aws:s3:::${bucket}/${k}`);
}

/** The data event's `resources` member: each object and its bucket, as CloudTrail names them. */
export function dataEventResources(objects: readonly string[]): { ARN: string; type: string }[] {
  const resources: { ARN: string; type: string }[] = [];
  const buckets = new Set<string>();
  for (const arn of objects) {
    resources.push({ ARN: arn, type: 'AWS::S3::Object' });
    buckets.add(arn.slice(0, arn.indexOf('/')));
  }
  for (const bucket of buckets) resources.push({ ARN: bucket, type: 'AWS::S3::Bucket' });
  return resources;
}

/** Whether event selectors ask for the data events of one of `objects` (read and write as `readOnly` says). */
export function selectsDataEvent(selectors: readonly TrailEventSelector[] | null, objects: readonly string[], readOnly: boolean | undefined): boolean {
  for (const selector of selectors ?? []) {
    const type = selector.ReadWriteType ?? 'All';
    if (readOnly !== undefined && type !== 'All' && (type === 'ReadOnly') !== readOnly) continue;
    for (const resource of selector.DataResources ?? []) {
      if (resource.Type !== 'AWS::S3::Object') continue;
      for (const value of resource.Values ?? []) {
        if (value === 'arn:aws:s3' || value === 'arn:aws:s3:::' || objects.some((arn) => arn.startsWith(value))) return true;
      }
    }
  }
  return false;
}
