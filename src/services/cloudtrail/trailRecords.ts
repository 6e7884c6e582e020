import { ServiceError } from '../../errors.js';
import { hasReservedTagPrefix } from '../../model/index.js';
import type { Store, TrailRecord } from '../../store/index.js';
import type { OrganizationRecord } from '../../store/index.js';
import { findCallerScope } from '../shared/index.js';
import { hasServiceAccess } from '../shared/index.js';
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

/**
 * The authorization need of a trail operation on one trail. Another account's trail is a
 * cross-account resource, except its organization's trails, which AWS shows in each member
 * account: those are decided as resources of the caller's account.
 */
export async function trailNeed(
  operation: string,
  ctx: OperationContext,
  nameOrArn: string,
  context?: AuthorizationNeed['context'],
): Promise<AuthorizationNeed[]> {
  const name = nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.indexOf(':trail/') + 7) : nameOrArn;
  const resource = nameOrArn.startsWith('arn:') ? nameOrArn : trailArn(ctx.region, ctx.principal.accountId, name);
  const shown = nameOrArn.startsWith('arn:') && (await isOrganizationTrailOfCaller(ctx, nameOrArn));
  return [
    {
      action: `cloudtrail:${operation}`,
      resource,
      ...(shown ? { resourceAccountId: ctx.principal.accountId } : {}),
      ...(context !== undefined ? { context } : {}),
    },
  ];
}

const TRAIL_ARN = /^arn:aws:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** Whether `arn` names another account's organization trail of the caller's organization. */
async function isOrganizationTrailOfCaller(ctx: OperationContext, arn: string): Promise<boolean> {
  const m = TRAIL_ARN.exec(arn);
  if (m === null || m[2] === ctx.principal.accountId) return false;
  const trail = await ctx.store.trails.get(m[2]!, m[3]!);
  return trail !== undefined && trail.organizationId !== null && trail.organizationId === (await callerOrganization(ctx))?.id;
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
  if (tags.length > 50)
    throw new ServiceError('TagsLimitExceededException', 'The number of tags per trail has exceeded the permitted amount. Currently, the limit is 50.');
  for (const t of tags) {
    if (t.Key.length < 1 || t.Key.length > 128 || (t.Value ?? '').length > 256 || hasReservedTagPrefix(t.Key)) {
      throw new ServiceError('InvalidTagParameterException', `The tag ${t.Key} is not valid.`);
    }
  }
}

/** The account and name a Name/TrailName parameter refers to (a name: the caller's trail). */
function trailRef(nameOrArn: string, ctx: OperationContext): { account: string; name: string } {
  if (!nameOrArn.startsWith('arn:')) return { account: ctx.principal.accountId, name: nameOrArn };
  const m = TRAIL_ARN.exec(nameOrArn);
  if (m === null) throw new ServiceError('CloudTrailARNInvalidException', `${nameOrArn} is not a valid trail ARN.`);
  return { account: m[2]!, name: m[3]! };
}

function notFound(ctx: OperationContext, nameOrArn: string): ServiceError {
  const arn = nameOrArn.startsWith('arn:') ? nameOrArn : trailArn(ctx.region, ctx.principal.accountId, nameOrArn);
  return new ServiceError('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${ctx.principal.accountId}`);
}

/**
 * The caller's trail named (or ARN'd) `nameOrArn`, or AWS's TrailNotFoundException. By ARN, a
 * member account also reads (`access: 'read'`) its organization's trails, which it may not change
 * (AWS: "Member accounts can see the organization trail but can't modify or delete it").
 */
export async function loadTrail(ctx: OperationContext, nameOrArn: string, access: 'read' | 'write' = 'write'): Promise<TrailRecord> {
  const ref = trailRef(nameOrArn, ctx);
  const trail = await ctx.store.trails.get(ref.account, ref.name);
  if (trail === undefined) throw notFound(ctx, nameOrArn);
  if (ref.account === ctx.principal.accountId) return trail;
  if (trail.organizationId === null || trail.organizationId !== (await callerOrganization(ctx))?.id) throw notFound(ctx, nameOrArn);
  if (access === 'write') throw notManagementAccount();
  return trail;
}

/** The organization of the caller's account, if it is in one. */
async function callerOrganization(ctx: OperationContext): Promise<OrganizationRecord | undefined> {
  return (await findCallerScope(ctx))?.org;
}

/**
 * AWS's errors for organization trails (CloudTrail API reference, CreateTrail and UpdateTrail
 * "Errors"; the messages are the exceptions' descriptions).
 */
const notManagementAccount = (): ServiceError =>
  new ServiceError(
    'NotOrganizationMasterAccountException',
    'This exception is thrown when the Amazon Web Services account making the request to create or update an organization trail or event data store is not the management account for an organization in Organizations.',
  );

/**
 * The organization an organization trail of the caller's would log: the caller's account must be
 * the management account of an organization with all features and trusted access for CloudTrail.
 * AWS: CloudTrail User Guide, "Prepare for creating a trail for your organization".
 */
export async function organizationForTrail(ctx: OperationContext): Promise<string> {
  const scope = await findCallerScope(ctx);
  if (scope === undefined) {
    throw new ServiceError(
      'OrganizationsNotInUseException',
      'This exception is thrown when the request is made from an Amazon Web Services account that is not a member of an organization. To make this request, sign in using the credentials of an account that belongs to an organization.',
    );
  }
  if (!scope.isManagement) throw notManagementAccount();
  if (scope.org.featureSet !== 'ALL') {
    throw new ServiceError(
      'OrganizationNotInAllFeaturesModeException',
      'This exception is thrown when Organizations is not configured to support all features. All features must be enabled in Organizations to support creating an organization trail or event data store.',
    );
  }
  if (!(await hasServiceAccess(ctx, scope.org, CLOUDTRAIL_PRINCIPAL))) {
    throw new ServiceError(
      'CloudTrailAccessNotEnabledException',
      'This exception is thrown when trusted access has not been enabled between CloudTrail and Organizations.',
    );
  }
  return scope.org.id;
}

const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/**
 * The accounts an organization trail logs now: every account of the organization while CloudTrail
 * has trusted access, else the management account alone (the deliverer always adds the trail's
 * own account, the management account's). AWS: with trusted access disabled,
 * "the trails stop functioning for member accounts because CloudTrail can't access the
 * organization. The organization trails remain").
 */
export async function organizationTrailAccounts(store: Store, organizationId: string): Promise<string[]> {
  const org = await store.organizations.get(organizationId);
  if (org === undefined) return [];
  if (!(await hasServiceAccess({ store }, org, CLOUDTRAIL_PRINCIPAL))) return [org.managementAccountId];
  return (await store.organizations.accounts(org.id)).map((a) => a.id);
}

/**
 * The trails a caller sees: its account's, and in a member account its organization's trails
 * (AWS shows them there; DescribeTrails calls them shadow trails).
 */
export async function visibleTrails(ctx: OperationContext): Promise<TrailRecord[]> {
  const own = await ctx.store.trails.list(ctx.principal.accountId);
  const org = await callerOrganization(ctx);
  if (org === undefined || org.managementAccountId === ctx.principal.accountId) return own;
  const shared = (await ctx.store.trails.list(org.managementAccountId)).filter((t) => t.organizationId === org.id);
  return [...own, ...shared];
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
    IsOrganizationTrail: t.organizationId !== null,
  };
}
