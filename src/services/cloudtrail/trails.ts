import { ServiceError } from '../../errors.js';
import type { TrailPatch } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { AuthorizationNeed, Operation } from '../operation.js';
import { passRoleNeed } from '../shared/index.js';
import { requestTagContext } from '../shared/index.js';
import type { TrailRecord } from '../../store/index.js';
import {
  checkBucketName,
  checkKeyPrefix,
  checkTags,
  checkTrailName,
  loadTrail,
  organizationForTrail,
  trailArn,
  trailNeed,
  trailShape,
  visibleTrails,
} from './trailRecords.js';
import type { TrailTag } from './trailRecords.js';

/** AWS: "Quotas in AWS CloudTrail" — five trails per Region per account. */
const MAX_TRAILS = 5;

interface TrailSettings {
  S3BucketName?: string;
  S3KeyPrefix?: string;
  IncludeGlobalServiceEvents?: boolean;
  IsMultiRegionTrail?: boolean;
  EnableLogFileValidation?: boolean;
  IsOrganizationTrail?: boolean;
  CloudWatchLogsRoleArn?: string;
}

/**
 * AWS: CloudTrail User Guide, "Sending events to CloudWatch Logs" — the role CloudTrail assumes to
 * deliver to the log group is passed to it, so the caller needs `iam:PassRole` on it.
 */
function withPassedRole(needs: AuthorizationNeed[], input: TrailSettings): AuthorizationNeed[] {
  return input.CloudWatchLogsRoleArn === undefined || input.CloudWatchLogsRoleArn === ''
    ? needs
    : [...needs, passRoleNeed(input.CloudWatchLogsRoleArn, 'cloudtrail.amazonaws.com')];
}

function creationOutput(t: Record<string, unknown>): Record<string, unknown> {
  const { HomeRegion: _home, HasCustomEventSelectors: _custom, HasInsightSelectors: _insight, ...rest } = t;
  return rest;
}

function checkSettings(input: TrailSettings): void {
  if (input.S3BucketName !== undefined) checkBucketName(input.S3BucketName);
  checkKeyPrefix(input.S3KeyPrefix);
}

/**
 * CreateTrail. The S3 bucket is a delivery directory, `<dataDir>/trails/<bucket>/`, created on
 * first delivery (AWS requires an existing bucket with a CloudTrail bucket policy; there is no bucket to
 * check here). A new trail does not log until StartLogging (AWS: CreateTrail). An organization
 * trail (IsOrganizationTrail) logs every account of the caller's organization (`organizationForTrail`).
 */
export const CreateTrail = defineOperation<TrailSettings & { Name: string; S3BucketName: string; TagsList?: TrailTag[] }>({
  service: 'cloudtrail',
  name: 'CreateTrail',
  readOnly: false,
  authorize: async (input, ctx) =>
    withPassedRole(
      await trailNeed('CreateTrail', ctx, input.Name, requestTagContext((input.TagsList ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' })))),
      input,
    ),
  handle: async (input, ctx) => {
    checkTrailName(input.Name);
    checkSettings(input);
    const tags = input.TagsList ?? [];
    checkTags(tags);
    const organizationId = input.IsOrganizationTrail === true ? await organizationForTrail(ctx) : null;
    const accountId = ctx.principal.accountId;
    const existing = await ctx.store.trails.list(accountId);
    if (existing.some((t) => t.name === input.Name)) {
      throw new ServiceError('TrailAlreadyExistsException', `Trail ${input.Name} already exists for customer: ${accountId}`);
    }
    if (existing.filter((t) => t.homeRegion === ctx.region).length >= MAX_TRAILS) {
      throw new ServiceError('MaximumNumberOfTrailsExceededException', `User: ${accountId} already has ${MAX_TRAILS} trails in ${ctx.region}.`);
    }
    const trail = {
      accountId,
      name: input.Name,
      homeRegion: ctx.region,
      s3BucketName: input.S3BucketName,
      s3KeyPrefix: input.S3KeyPrefix ?? null,
      includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true,
      isMultiRegionTrail: input.IsMultiRegionTrail ?? false,
      logFileValidationEnabled: input.EnableLogFileValidation ?? false,
      eventSelectors: null,
      insightSelectors: null,
      tags,
      isLogging: false,
      startLoggingTime: null,
      stopLoggingTime: null,
      cursorSeq: 0,
      latestDeliveryTime: null,
      latestDeliveryError: null,
      digestStartTime: null,
      latestDigestTime: null,
      lastDigestObject: null,
      lastDigestHash: null,
      lastDigestSignature: null,
      createdAt: ctx.now.toISOString(),
      organizationId,
    };
    if (!(await ctx.store.trails.create(trail))) {
      throw new ServiceError('TrailAlreadyExistsException', `Trail ${input.Name} already exists for customer: ${accountId}`);
    }
    return creationOutput(trailShape(trail));
  },
});

export const GetTrail = defineOperation<{ Name: string }>({
  service: 'cloudtrail',
  name: 'GetTrail',
  readOnly: true,
  authorize: (input, ctx) => trailNeed('GetTrail', ctx, input.Name),
  handle: async (input, ctx) => ({ Trail: trailShape(await loadTrail(ctx, input.Name, 'read')) }),
});

/**
 * DescribeTrails: the named trails (names or ARNs; unknown ones are left out), or all of the
 * caller's trails. AWS: shadow trails — a multi-Region trail in its other Regions, and an
 * organization trail in its member accounts — are included unless `includeShadowTrails` is false.
 * Gatehouse serves one Region, so a member account's organization trails are its shadow trails;
 * a name finds the caller's own trail, an ARN any trail the caller sees.
 */
export const DescribeTrails = defineOperation<{ trailNameList?: string[]; includeShadowTrails?: boolean }>({
  service: 'cloudtrail',
  name: 'DescribeTrails',
  readOnly: true,
  authorize: () => [{ action: 'cloudtrail:DescribeTrails', resource: '*' }],
  handle: async (input, ctx) => {
    const visible = input.includeShadowTrails === false ? await ctx.store.trails.list(ctx.principal.accountId) : await visibleTrails(ctx);
    const wanted = input.trailNameList;
    if (wanted === undefined || wanted.length === 0) return { trailList: visible.map(trailShape) };
    const arnOf = (t: TrailRecord) => trailArn(t.homeRegion, t.accountId, t.name);
    const picked = visible.filter((t) => wanted.some((w) => (w.startsWith('arn:') ? w === arnOf(t) : t.accountId === ctx.principal.accountId && w === t.name)));
    return { trailList: picked.map(trailShape) };
  },
});

export const ListTrails = defineOperation<{ NextToken?: string }>({
  service: 'cloudtrail',
  name: 'ListTrails',
  readOnly: true,
  authorize: () => [{ action: 'cloudtrail:ListTrails', resource: '*' }],
  handle: async (_input, ctx) => ({
    Trails: (await visibleTrails(ctx)).map((t) => ({ TrailARN: trailArn(t.homeRegion, t.accountId, t.name), Name: t.name, HomeRegion: t.homeRegion })),
  }),
});

/**
 * UpdateTrail. IsOrganizationTrail makes the trail an organization trail (with CreateTrail's
 * checks) or, false, the trail of its own account again. Enabling log file validation on a
 * logging trail starts its digest period now.
 * Moving a trail to another bucket or prefix starts a new digest chain there (the first digest
 * in the new place has no previous digest).
 */
export const UpdateTrail = defineOperation<TrailSettings & { Name: string }>({
  service: 'cloudtrail',
  name: 'UpdateTrail',
  readOnly: false,
  authorize: async (input, ctx) => withPassedRole(await trailNeed('UpdateTrail', ctx, input.Name), input),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.Name);
    checkSettings(input);
    const patch: { -readonly [K in keyof TrailPatch]: TrailPatch[K] } = {};
    if (input.S3BucketName !== undefined) patch.s3BucketName = input.S3BucketName;
    if (input.S3KeyPrefix !== undefined) patch.s3KeyPrefix = input.S3KeyPrefix === '' ? null : input.S3KeyPrefix;
    if (input.IncludeGlobalServiceEvents !== undefined) patch.includeGlobalServiceEvents = input.IncludeGlobalServiceEvents;
    if (input.IsMultiRegionTrail !== undefined) patch.isMultiRegionTrail = input.IsMultiRegionTrail;
    // Every IsOrganizationTrail: true is checked anew, and names the caller's organization now.
    if (input.IsOrganizationTrail !== undefined) patch.organizationId = input.IsOrganizationTrail ? await organizationForTrail(ctx) : null;
    if (input.EnableLogFileValidation !== undefined) {
      patch.logFileValidationEnabled = input.EnableLogFileValidation;
      if (input.EnableLogFileValidation && !trail.logFileValidationEnabled && trail.isLogging) patch.digestStartTime = ctx.now.toISOString();
    }
    const moved =
      (patch.s3BucketName !== undefined && patch.s3BucketName !== trail.s3BucketName) ||
      (patch.s3KeyPrefix !== undefined && patch.s3KeyPrefix !== trail.s3KeyPrefix);
    if (moved) Object.assign(patch, { lastDigestObject: null, lastDigestHash: null, lastDigestSignature: null });
    await ctx.store.trails.update(trail.accountId, trail.name, patch);
    const updated = await loadTrail(ctx, trail.name);
    return creationOutput(trailShape(updated));
  },
});

export const DeleteTrail = defineOperation<{ Name: string }>({
  service: 'cloudtrail',
  name: 'DeleteTrail',
  readOnly: false,
  authorize: (input, ctx) => trailNeed('DeleteTrail', ctx, input.Name),
  handle: async (input, ctx) => {
    const trail = await loadTrail(ctx, input.Name);
    await ctx.store.trails.delete(trail.accountId, trail.name);
    return {};
  },
});

export const trailOperations: Operation[] = [CreateTrail, GetTrail, DescribeTrails, ListTrails, UpdateTrail, DeleteTrail];
