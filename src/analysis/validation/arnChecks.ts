import { serviceName } from '../../catalog/index.js';
import { arnShapesOf, wildcardMatcher, type ArnShape } from './catalogLookups.js';
import { PARTITIONS, REGIONS, isPattern } from './awsRegions.js';
import { arnFitsFormat } from './arnFormats.js';
import type { Check, CheckContext } from './checkContext.js';
import type { LocatedString, StatementModel } from './policyModel.js';

/** Most pattern × value pairs the redundancy check compares in one element. */
export const REDUNDANCY_BUDGET = 50_000;

/** Which ARNs a resource policy attached to each resource type may name (service and resource). */
const RESOURCE_TYPE_ARNS: Readonly<Record<string, RegExp>> = {
  'AWS::S3::Bucket': /^arn:[^:]*:s3:::[^/]+(\/.*)?$/,
  'AWS::S3::AccessPoint': /^arn:[^:]*:s3:[^:]*:[^:]*:accesspoint\/.+$/,
  'AWS::S3::MultiRegionAccessPoint': /^arn:[^:]*:s3::[^:]*:accesspoint\/.+$/,
  'AWS::S3ObjectLambda::AccessPoint': /^arn:[^:]*:s3-object-lambda:[^:]*:[^:]*:accesspoint\/.+$/,
  'AWS::DynamoDB::Table': /^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/.+$/,
};

/** Resource and NotResource ARNs against the ARN formats of the reference. */
export const checkResources: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    const values = [...(s.resource?.values ?? []), ...(s.notResource?.values ?? [])];
    for (const r of values) checkArn(ctx, r);
    checkRedundant(ctx, s);
  }
};

function checkArn(ctx: CheckContext, r: LocatedString): void {
  const { report } = ctx;
  const here = [ctx.doc.at(r.path, r.node)];
  if (r.value === '*') return;
  if (!r.value.startsWith('arn:')) {
    report.add('INVALID_ARN_PREFIX', here);
    return;
  }
  const fields = splitArn(r.value.replace(/\$\{[^}]*\}/g, '${x}'));
  if (fields === undefined) {
    report.add('MISSING_ARN_FIELD', here, { fields: 6 });
    return;
  }
  const [, partition, service, region, account] = fields;
  if (!isPattern(partition) && !PARTITIONS.includes(partition)) {
    report.add('INVALID_PARTITION', here, { service, partition, partitions: PARTITIONS.join(', ') });
    return;
  }
  if (/[*?]/.test(service)) {
    report.add('WILDCARD_IN_SERVICE_NAME', here);
    return;
  }
  if (isPattern(service)) return;
  if (service !== service.toLowerCase() && serviceName(service) !== undefined) {
    report.add('INVALID_ARN_SERVICE_CASE', here, { service });
    return;
  }
  if (serviceName(service) === undefined) {
    report.add('INVALID_SERVICE', here, { service });
    return;
  }
  // A wildcard Region or account may match the empty field, so only literal ones break a rule.
  // Region and account rules come from the resource types whose resource part the ARN fits.
  const shapes = fittingShapes(service, r.value);
  if (shapes.length === 0 && arnShapesOf(service).length > 0) report.add('INVALID_ARN_RESOURCE', here);
  if (shapes.length > 0) {
    if (region !== '' && !isPattern(region) && shapes.every((x) => !x.region)) report.add('ARN_REGION_NOT_ALLOWED', here, { service });
    else if (region === '' && shapes.every((x) => x.region)) report.add('MISSING_ARN_REGION', here, { service });
    else if (region !== '' && !isPattern(region) && !REGIONS.has(region)) report.add('INVALID_ARN_REGION', here, { region });
    if (account !== '' && !isPattern(account) && shapes.every((x) => !x.account)) report.add('ARN_ACCOUNT_NOT_ALLOWED', here, { service });
    else if (account === '' && shapes.every((x) => x.account)) report.add('MISSING_ARN_ACCOUNT', here, { service });
    else if (account !== '' && !isPattern(account) && !/^\d{12}$/.test(account) && account !== 'aws') {
      report.add('INVALID_ARN_ACCOUNT', here, { account });
    }
  }
  const type = ctx.options.resourceType;
  const allowed = type === undefined ? undefined : RESOURCE_TYPE_ARNS[type];
  if (allowed !== undefined && !allowed.test(r.value.replace(/\$\{[^}]*\}/g, 'x'))) {
    report.add('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', here, { resourceType: type! });
  }
}

const fitting = new Map<string, readonly ArnShape[]>();

/**
 * The resource types of the service whose resource part the ARN fits, whatever its Region and
 * account fields hold. Formats whose literal start disagrees with the ARN's are skipped before any
 * matching; results are memoized per ARN.
 */
function fittingShapes(service: string, arn: string): readonly ArnShape[] {
  let hit = fitting.get(arn);
  if (hit !== undefined) return hit;
  const a = splitArn(arn);
  const resource = a?.[5] ?? '';
  const literal = resource.slice(0, Math.max(0, resource.search(/[*?]|\$\{/))) || (/[*?]|\$\{/.test(resource) ? '' : resource);
  const field = (text: string): string => (text.startsWith('${') ? 'x' : text);
  hit = arnShapesOf(service).filter((x) => {
    const n = Math.min(literal.length, x.resourcePrefix.length);
    if (literal.slice(0, n) !== x.resourcePrefix.slice(0, n)) return false;
    return a !== undefined && arnFitsFormat([a[0], a[1], a[2], field(x.regionField), field(x.accountField), a[5]].join(':'), x.format);
  });
  if (fitting.size > 10_000) fitting.clear();
  fitting.set(arn, hit);
  return hit;
}

/** The six ARN fields (the resource part keeps its colons), or undefined when fewer than six. */
export function splitArn(arn: string): [string, string, string, string, string, string] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', from);
    if (colon < 0) return undefined;
    parts.push(arn.slice(from, colon));
    from = colon + 1;
  }
  parts.push(arn.slice(from));
  return parts as [string, string, string, string, string, string];
}

/** An ARN already covered by another wildcard ARN of the same element. */
function checkRedundant(ctx: CheckContext, s: StatementModel): void {
  for (const el of [s.resource, s.notResource]) {
    if (el === undefined) continue;
    const patterns = el.values.filter((v) => /[*?]/.test(v.value)).map((p) => ({ p, match: wildcardMatcher(p.value, false) }));
    // The comparison is pairwise; past REDUNDANCY_BUDGET pairs it is skipped, so cost stays bounded.
    if (patterns.length === 0 || patterns.length * el.values.length > REDUNDANCY_BUDGET) continue;
    const redundant = el.values.filter((v) => patterns.some(({ p, match }) => p !== v && p.value !== v.value && match(v.value)));
    if (redundant.length > 0) {
      ctx.report.add(
        'REDUNDANT_RESOURCE',
        redundant.map((v) => ctx.doc.at(v.path, v.node)),
        { count: redundant.length },
      );
    }
  }
}
