import { parseOperator, type ConditionTest } from '../../policy/index.js';
import type { ZoneOfTrust } from './types.js';

/**
 * What a statement's conditions say about where its callers come from: the accounts and
 * organizations a caller must belong to. AWS: IAM User Guide, "AWS global condition context keys"
 * (aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths,
 * aws:SourceAccount, aws:SourceArn, aws:SourceOwner, aws:SourceOrgID, aws:SourceOrgPaths) and
 * "AWS KMS condition keys" (kms:CallerAccount).
 */

/** Keys whose value is the caller's (or, for a service, the source's) account ID. */
const ACCOUNT_KEYS: ReadonlySet<string> = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 'kms:calleraccount']);
/** Keys whose value is an ARN whose account field is the caller's (or the source's) account. */
const ARN_KEYS: ReadonlySet<string> = new Set(['aws:principalarn', 'aws:sourcearn']);
/** Keys whose value is the caller's (or the source's) organization ID. */
const ORG_KEYS: ReadonlySet<string> = new Set(['aws:principalorgid', 'aws:sourceorgid']);
/** Keys whose value is an organization path, `o-id/r-id/ou-id/…`. */
const ORG_PATH_KEYS: ReadonlySet<string> = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);

/** Whether a key tells where a caller comes from (its account, ARN, organization or path). */
export function isZoneKey(key: string): boolean {
  const k = key.toLowerCase();
  return ACCOUNT_KEYS.has(k) || ARN_KEYS.has(k) || ORG_KEYS.has(k) || ORG_PATH_KEYS.has(k);
}

/**
 * Where the callers of a statement must come from: each set is absent when the conditions do not
 * confine it. Only tests that must hold for a caller to be allowed count: a plain or `ForAnyValue`
 * positive operator (not `…IfExists`, which an absent key satisfies) whose every value names its
 * account or organization literally.
 */
export interface ZoneLimit {
  readonly accounts?: ReadonlySet<string>;
  readonly organizations?: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The literal account of an ARN value, or undefined when a wildcard or variable may stand there. */
function arnAccount(value: string): string | undefined {
  const fields = value.split(':');
  const account = fields[4];
  return fields.length >= 6 && fields[0] === 'arn' && account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
}

/** The literal organization ID at the start of an organization path. */
function pathOrganization(value: string): string | undefined {
  const id = value.split('/')[0] ?? '';
  return /^o-[a-z0-9]{10,32}$/.test(id) ? id : undefined;
}

function intersect(known: Set<string> | undefined, values: readonly string[]): Set<string> {
  return known === undefined ? new Set(values) : new Set(values.filter((v) => known.has(v)));
}

/** The callers' accounts and organizations that a statement's conditions require. */
export function zoneLimit(tests: readonly ConditionTest[]): ZoneLimit {
  let accounts: Set<string> | undefined;
  let organizations: Set<string> | undefined;
  for (const test of tests) {
    const op = parseOperator(test.operator);
    if (op === undefined || op.spec.negated || op.ifExists || op.set === 'forAllValues') continue;
    if (op.spec.type !== 'String' && op.spec.type !== 'Arn') continue;
    if (test.values.length === 0 || test.values.some((v) => v.includes('${'))) continue;
    const key = test.key.toLowerCase();
    const wild = (v: string) => (op.spec.wildcards || op.spec.type === 'Arn') && /[*?]/.test(v);
    if (ACCOUNT_KEYS.has(key)) {
      if (test.values.some(wild)) continue;
      accounts = intersect(accounts, test.values);
    } else if (ARN_KEYS.has(key)) {
      const found = test.values.map(arnAccount);
      if (found.some((a) => a === undefined)) continue;
      accounts = intersect(accounts, found as string[]);
    } else if (ORG_KEYS.has(key)) {
      if (test.values.some(wild)) continue;
      organizations = intersect(organizations, test.values);
    } else if (ORG_PATH_KEYS.has(key)) {
      const found = test.values.map(pathOrganization);
      if (found.some((o) => o === undefined)) continue;
      organizations = intersect(organizations, found as string[]);
    }
  }
  return { ...(accounts !== undefined ? { accounts } : {}), ...(organizations !== undefined ? { organizations } : {}) };
}

/** Whether the conditions admit only callers inside the zone of trust. */
export function limitedToZone(limit: ZoneLimit, zone: ZoneOfTrust): boolean {
  if (limit.accounts !== undefined && [...limit.accounts].every((a) => zone.accounts.has(a))) return true;
  if (limit.organizations !== undefined && zone.organizationId !== undefined) {
    return [...limit.organizations].every((o) => o === zone.organizationId);
  }
  return false;
}

/**
 * Whether a test holds for every caller outside the zone: a negated operator on a zone key whose
 * values all lie inside the zone (`StringNotEquals aws:PrincipalOrgID <the zone's organization>`),
 * which also holds when the caller has no such key. A Deny statement with only such tests denies
 * every external caller.
 */
export function holdsOutsideZone(test: ConditionTest, zone: ZoneOfTrust): boolean {
  const op = parseOperator(test.operator);
  if (op === undefined || !op.spec.negated || op.set !== 'none') return false;
  if (test.values.length === 0 || test.values.some((v) => v.includes('${') || /[*?]/.test(v))) return false;
  const key = test.key.toLowerCase();
  if (ACCOUNT_KEYS.has(key)) return test.values.every((v) => zone.accounts.has(v));
  if (ARN_KEYS.has(key)) return test.values.every((v) => zone.accounts.has(arnAccount(v) ?? ''));
  if (ORG_KEYS.has(key)) return zone.organizationId !== undefined && test.values.every((v) => v === zone.organizationId);
  if (ORG_PATH_KEYS.has(key)) return zone.organizationId !== undefined && test.values.every((v) => pathOrganization(v) === zone.organizationId);
  return false;
}
