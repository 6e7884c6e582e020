import { actionsOf, serviceName } from '../../catalog/index.js';
import { REDUNDANCY_BUDGET } from './arnChecks.js';
import { actionsMatching, allServices, closestName, wildcardMatcher } from './catalogLookups.js';
import { actionElement, type Check, type CheckContext } from './checkContext.js';
import type { LocatedString, StatementModel } from './policyModel.js';

/**
 * Actions a resource policy attached to each resource type may grant: the resource type's service.
 * AWS: check "Unsupported action in policy" (e.g. kms:* in a bucket policy).
 */
const RESOURCE_TYPE_SERVICES: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': ['s3', 's3express'],
  'AWS::S3::AccessPoint': ['s3'],
  'AWS::S3::MultiRegionAccessPoint': ['s3'],
  'AWS::S3ObjectLambda::AccessPoint': ['s3-object-lambda'],
  'AWS::DynamoDB::Table': ['dynamodb'],
};

/** AWS: IAM User Guide, "Role trust policy": the actions a trust policy can grant. */
const TRUST_ACTIONS = [
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
];

/** Action names against the reference: unknown services and actions, wildcards, redundancy. */
export const checkActions: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    const el = actionElement(s);
    for (const a of [...(s.action?.values ?? []), ...(s.notAction?.values ?? [])]) checkAction(ctx, a);
    if (el !== undefined) checkRedundant(ctx, el.values);
    checkAllowedInPolicy(ctx, s);
  }
};

function checkAction(ctx: CheckContext, a: LocatedString): void {
  const here = [ctx.doc.at(a.path, a.node)];
  if (a.value === '*') return;
  const colon = a.value.indexOf(':');
  if (colon < 0) {
    ctx.report.add('INVALID_ACTION', here, { action: a.value, suggestion: '' });
    return;
  }
  const service = a.value.slice(0, colon);
  const name = a.value.slice(colon + 1);
  if (/[*?]/.test(service)) {
    ctx.report.add('WILDCARD_IN_SERVICE_NAME', here);
    return;
  }
  if (serviceName(service) === undefined) {
    const near = closestName(service, allServices());
    ctx.report.add('INVALID_SERVICE_IN_ACTION', here, { service, suggestion: near === undefined ? '' : ` Did you mean ${near}?` });
    return;
  }
  if (actionsMatching(a.value).length > 0) return;
  const near = /[*?]/.test(name)
    ? undefined
    : closestName(
        name,
        actionsOf(service).map((x) => x.name),
      );
  ctx.report.add('INVALID_ACTION', here, { action: a.value, suggestion: near === undefined ? '' : ` Did you mean ${service}:${near}?` });
}

/** An action already covered by another (wildcard) entry of the same list. */
function checkRedundant(ctx: CheckContext, values: readonly LocatedString[]): void {
  const patterns = values.filter((v) => /[*?]/.test(v.value));
  if (patterns.length === 0 || patterns.length * values.length > REDUNDANCY_BUDGET) return;
  const matchers = patterns.map((p) => ({ p, match: wildcardMatcher(p.value, true) }));
  const redundant = values.filter((v) => matchers.some(({ p, match }) => p !== v && p.value.toLowerCase() !== v.value.toLowerCase() && match(v.value)));
  if (redundant.length === 0) return;
  ctx.report.add(
    'REDUNDANT_ACTION',
    redundant.map((v) => ctx.doc.at(v.path, v.node)),
    { count: redundant.length, action: redundant[0]!.value },
  );
}

function checkAllowedInPolicy(ctx: CheckContext, s: StatementModel): void {
  const type = ctx.options.resourceType;
  if (type === undefined || ctx.kind === 'rcp') return;
  for (const a of s.action?.values ?? []) {
    if (a.value === '*') continue;
    const service = a.value.slice(0, Math.max(0, a.value.indexOf(':'))).toLowerCase();
    const allowed =
      type === 'AWS::IAM::AssumeRolePolicyDocument'
        ? TRUST_ACTIONS.some((t) => wildcardMatcher(a.value, true)(t))
        : (RESOURCE_TYPE_SERVICES[type] ?? []).includes(service);
    if (!allowed && service !== '' && serviceName(service) !== undefined) {
      ctx.report.add('UNSUPPORTED_ACTION_IN_POLICY', [ctx.doc.at(a.path, a.node)], { action: a.value, resourceType: type });
    }
  }
}
