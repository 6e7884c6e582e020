import { ServiceError } from '../../errors.js';
import { hasReservedTagPrefix } from '../../model/index.js';
import type { TrailRecord } from '../../store/index.js';
import type { AuthorizationNeed, OperationContext } from '../operation.js';

/** A CloudTrail tag. */
export interface TrailTag {
  Key: string;
  Value?: string;
}

/** The ARN of a trail: `arn:aws:cloudtrail:<region>:<account>:trail/<name>`. */
export function trailArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

/** The authorization need of a trail operation on one trail. */
export function trailNeed(operation: string, ctx: OperationContext, nameOrArn: string, context?: AuthorizationNeed['context']): AuthorizationNeed[] {
  const name = nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.indexOf(':trail/') + 7) : nameOrArn;
  const resource = nameOrArn.startsWith('arn:') ? nameOrArn : trailArn(ctx.region, ctx.principal.accountId, name);
  return [{ action: `cloudtrail:${operation}`, resource, ...(context !== undefined ? { context } : {}) }];
}

const invalidName = (message: string) => new ServiceError('InvalidTrailNameException', message);

/**
 * AWS: CreateTrail `Name` — ASCII letters, digits, periods, underscores and dashes; starts and
 * ends with a letter or number; 3–128 characters; no adjacent periods, underscores or dashes; not
 * an IP address (CloudTrail API reference, CreateTrail).
 */
export function checkTrailName(name: string): void {
  if (name.length < 3) throw invalidName(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`);
  if (name.length > 128) throw invalidName(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`);
  if (!/^[A-Za-z0-9]/.test(name)) throw invalidName('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name)) throw invalidName('Trail name must ends with a letter or number.');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw invalidName('Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).');
  }
  if (/[._-]{2}/.test(name)) throw invalidName('Trail name cannot have adjacent periods, underscores or dashes.');
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) throw invalidName('Trail name must not be formatted as an IP address.');
}

/**
 * AWS: S3 bucket naming rules — 3–63 lowercase letters, digits, dots and hyphens, starting and
 * ending with a letter or digit. Here the bucket is a directory under `<dataDir>/trails/`.
 */
export function checkBucketName(bucket: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new ServiceError('InvalidS3BucketNameException', `Bucket name ${bucket} is not valid.`);
  }
}

/** AWS: S3KeyPrefix is at most 200 characters; Gatehouse also refuses `.`/`..` segments and a leading `/` (they would leave the bucket's directory). */
export function checkKeyPrefix(prefix: string | undefined): void {
  if (prefix === undefined || prefix === '') return;
  if (prefix.length > 200 || prefix.startsWith('/') || prefix.split('/').some((s) => s === '.' || s === '..') || prefix.includes('\\')) {
    throw new ServiceError('InvalidS3PrefixException', `The S3 key prefix ${prefix} is not valid.`);
  }
}

/** AWS: up to 50 tags; keys 1–128 characters, values up to 256 (CloudTrail API reference, Tag). */
export function checkTags(tags: readonly TrailTag[]): void {
  if (tags.length > 50) throw new ServiceError('TagsLimitExceededException', 'The number of tags per trail has exceeded the permitted amount. Currently, the limit is 50.');
  for (const t of tags) {
    if (t.Key.length < 1 || t.Key.length > 128 || (t.Value ?? '').length > 256 || hasReservedTagPrefix(t.Key)) {
      throw new ServiceError('InvalidTagParameterException', `The tag ${t.Key} is not valid.`);
    }
  }
}

/** The name a Name/TrailName parameter refers to; an ARN must be a trail ARN of the caller's account. */
export function trailNameOf(nameOrArn: string, ctx: OperationContext): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const m = /^arn:aws:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(nameOrArn);
  if (m === null) throw new ServiceError('CloudTrailARNInvalidException', `${nameOrArn} is not a valid trail ARN.`);
  if (m[2] !== ctx.principal.accountId) throw notFound(ctx, nameOrArn);
  return m[3]!;
}

function notFound(ctx: OperationContext, nameOrArn: string): ServiceError {
  const arn = nameOrArn.startsWith('arn:') ? nameOrArn : trailArn(ctx.region, ctx.principal.accountId, nameOrArn);
  return new ServiceError('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${ctx.principal.accountId}`);
}

/** The caller's trail named (or ARN'd) `nameOrArn`, or AWS's TrailNotFoundException. */
export async function loadTrail(ctx: OperationContext, nameOrArn: string): Promise<TrailRecord> {
  const trail = await ctx.store.trails.get(ctx.principal.accountId, trailNameOf(nameOrArn, ctx));
  if (trail === undefined) throw notFound(ctx, nameOrArn);
  return trail;
}

/** CloudTrail's `Trail` structure of a stored trail. */
export function trailShape(t: TrailRecord): Record<string, unknown> {
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix !== null ? { S3KeyPrefix: t.s3KeyPrefix } : {}),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    HomeRegion: t.homeRegion,
    TrailARN: trailArn(t.homeRegion, t.accountId, t.name),
    LogFileValidationEnabled: t.logFileValidationEnabled,
    HasCustomEventSelectors: t.eventSelectors !== null,
    HasInsightSelectors: t.insightSelectors !== null,
    IsOrganizationTrail: false,
  };
}
