import { compileActions } from '../../policy/actions.js';
import { parseOperator, type ConditionTest, type Statement } from '../../policy/index.js';
import {
  CheckInputError,
  excludesOutsiders,
  factOf,
  GLOBAL_LIMITING_KEYS,
  principalItems,
  PUBLIC_IDENTITY_PROVIDERS,
  readPolicy,
  type Fact,
  type PrincipalItem,
} from '../customChecks/index.js';
import { reachingActions, resourceCoversChildren, resourceReaches, type ReachingAction } from './reachingActions.js';
import { EXTERNAL_ACCESS_RULES, type ExternalAccessRules } from './resourceRules.js';
import type { AnalyzedPolicy, ExternalAccess, ExternalAccessResult, ZoneOfTrust } from './types.js';
import { holdsOutsideZone, limitedToZone, zoneLimit } from './zoneConditions.js';

/**
 * IAM Access Analyzer's external access analysis of one resource policy, by reasoning over the
 * policy (never by sampling requests). For each Allow statement, each principal it names outside
 * the zone of trust is one external access, with the statement's actions that reach the resource
 * and the conditions that limit it; statements naming the same principal under the same
 * conditions are one access. AWS: IAM User Guide, "IAM Access Analyzer findings" ("a finding for
 * each instance of a resource-based policy that grants access to a resource within your zone of
 * trust to a principal that is not within your zone of trust").
 *
 * - A principal is inside the zone when its account is (an account ID, a root, user or role ARN);
 *   a unique ID (the policy's principal was deleted) names no one who can call; an AWS service
 *   acting on a role's trust policy acts for the role's own account (roles only); a federated
 *   identity provider's users, anyone (`*`, NotPrincipal) and canonical users are always outside.
 * - Conditions that confine callers to accounts or organizations inside the zone (aws:PrincipalAccount,
 *   aws:PrincipalOrgID, aws:SourceAccount, aws:PrincipalArn, their org-path and source forms,
 *   kms:CallerAccount) make a statement grant nothing external; conditions naming accounts the
 *   principal is not in make it grant the principal nothing.
 * - The reported conditions are those that limit who may call (AWS's filter keys: the keys that
 *   keep a grant from being public, sts:ExternalId, a federated provider's audience and subject);
 *   one access per value of each (AWS's `condition` maps a key to one value).
 * - An access is public when its principal may be anyone (or a public identity provider) and no
 *   reported condition confines a limiting key to values the policy names (CheckNoPublicAccess's
 *   reading).
 * - A Deny statement takes actions away from an access when it names the principal (or anyone)
 *   and its only conditions hold for every caller outside the zone; any other Deny is left aside,
 *   so an access is never missed, only possibly reported where a Deny would refuse it.
 */
export function analyzeExternalAccess(input: AnalyzedPolicy, zone: ZoneOfTrust): ExternalAccessResult {
  const rules = EXTERNAL_ACCESS_RULES[input.resourceType];
  if (rules === undefined) return { error: 'INTERNAL_ERROR', reason: `resource type ${input.resourceType} is not analyzed` };
  let statements: readonly Statement[];
  let variables: boolean;
  try {
    const read = readPolicy(input.policy, 'policy', 'resource');
    statements = read.policy.statements;
    variables = read.policy.version === '2012-10-17';
  } catch (err) {
    if (err instanceof CheckInputError) return { error: 'INTERNAL_ERROR', reason: err.message };
    throw err;
  }
  const reaching = reachingActions(rules);
  const denies = statements.filter((s) => s.effect === 'Deny');
  const found = new Map<string, Candidate>();
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const actions = grantedActions(s, reaching, rules, input.resourceArn);
    if (actions.length === 0) continue;
    const facts: Fact[] = [];
    let applies = true;
    for (const test of s.conditions) {
      const fact = factOf(test, variables);
      if (fact === undefined) applies = false;
      else facts.push(fact);
    }
    if (!applies) continue;
    const limit = zoneLimit(s.conditions);
    if (limitedToZone(limit, zone)) continue;
    const limiting = facts.some((f) => excludesOutsiders(f, rules.publicRules));
    const items: PrincipalItem[] = s.principal !== undefined ? principalItems(s.principal) : [{ kind: 'anyone' }];
    for (const item of items) {
      const principal = externalPrincipal(item, zone, rules);
      if (principal === undefined) continue;
      if (principal.account !== undefined && limit.accounts !== undefined && !limit.accounts.has(principal.account)) continue;
      const usable = rules.trustPolicy ? trustActions(item, actions) : actions;
      if (usable.length === 0) continue;
      const left = usable.filter((a) => !denies.some((d) => denied(d, item, a, zone, rules, input.resourceArn)));
      if (left.length === 0) continue;
      const isPublic = principal.anyone && !limiting;
      for (const condition of conditionMaps(s.conditions, reportedKeys(rules, item))) {
        const key = JSON.stringify([principal.entry, Object.entries(condition).sort()]);
        const known = found.get(key);
        if (known === undefined) found.set(key, { principal: principal.entry, condition, actions: new Set(left.map((a) => a.name)), isPublic });
        else {
          for (const a of left) known.actions.add(a.name);
          known.isPublic ||= isPublic;
        }
      }
    }
  }
  const accesses = [...found.entries()]
    .filter(([, c]) => !rules.trustPolicy || [...c.actions].some((a) => a.toLowerCase().startsWith('sts:assumerole')))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]): ExternalAccess => {
      const access = { principal: { [c.principal[0]]: c.principal[1] }, action: [...c.actions].sort(), condition: c.condition, isPublic: c.isPublic };
      return input.source === undefined ? access : { ...access, sources: [input.source] };
    });
  return { accesses };
}

interface Candidate {
  readonly principal: readonly [string, string];
  readonly condition: Record<string, string>;
  readonly actions: Set<string>;
  isPublic: boolean;
}

/** The reaching actions a statement grants on the resource. */
function grantedActions(s: Statement, reaching: readonly ReachingAction[], rules: ExternalAccessRules, arn: string): ReachingAction[] {
  const list = s.action ?? s.notAction ?? [];
  const matcher = compileActions(list);
  const positive = s.action !== undefined;
  return reaching.filter((a) => {
    const colon = a.lowerName.indexOf(':');
    if (matcher.matches(a.lowerName.slice(0, colon), a.lowerName.slice(colon + 1)) !== positive) return false;
    return statementReaches(s, a, rules, arn);
  });
}

/** Whether a statement's Resource (or NotResource) element lets the action reach the resource. */
function statementReaches(s: Statement, a: ReachingAction, rules: ExternalAccessRules, arn: string): boolean {
  if (rules.trustPolicy || a.relation === 'any') return true;
  if (s.resource !== undefined) return s.resource.some((r) => resourceReaches(r, arn, a.relation as 'self' | 'child'));
  if (s.notResource !== undefined) {
    const excluded = s.notResource.some((r) => (a.relation === 'self' ? resourceReaches(r, arn, 'self') : resourceCoversChildren(r, arn)));
    return !excluded;
  }
  return true;
}

/** An external principal as AWS's finding names it, or undefined when it is inside the zone or names no one. */
function externalPrincipal(
  item: PrincipalItem,
  zone: ZoneOfTrust,
  rules: ExternalAccessRules,
): { entry: readonly [string, string]; anyone: boolean; account?: string } | undefined {
  switch (item.kind) {
    case 'anyone':
      return { entry: ['AWS', '*'], anyone: true };
    case 'account':
      return zone.accounts.has(item.account) ? undefined : { entry: ['AWS', item.account], anyone: false, account: item.account };
    case 'arn':
      if (item.account !== undefined && zone.accounts.has(item.account)) return undefined;
      return { entry: ['AWS', item.arn], anyone: item.account === undefined, ...(item.account !== undefined ? { account: item.account } : {}) };
    case 'uniqueId':
      // AWS: a policy shows a deleted principal's unique ID in place of its ARN; no principal can be it again.
      return undefined;
    case 'service':
      return rules.trustPolicy ? undefined : { entry: ['Service', item.name], anyone: false };
    case 'federated':
      return { entry: ['Federated', item.provider], anyone: PUBLIC_IDENTITY_PROVIDERS.has(item.provider) };
    case 'canonical':
      return { entry: ['CanonicalUser', item.id], anyone: false };
  }
}

/**
 * The trust policy actions a kind of principal can use. AWS: IAM User Guide, "Role trust policies":
 * AWS principals call AssumeRole; a SAML provider's users AssumeRoleWithSAML; an OIDC or public
 * provider's users AssumeRoleWithWebIdentity. Session tags, source identity and context go with
 * an assumption and grant nothing alone: an access without an assumption action is dropped once
 * every statement has been read.
 */
function trustActions(item: PrincipalItem, actions: readonly ReachingAction[]): ReachingAction[] {
  let assume: string | undefined;
  if (item.kind === 'federated') assume = item.provider.includes(':saml-provider/') ? 'sts:assumerolewithsaml' : 'sts:assumerolewithwebidentity';
  else if (item.kind !== 'anyone') assume = 'sts:assumerole';
  return assume === undefined ? [...actions] : actions.filter((a) => a.lowerName === assume || !a.lowerName.startsWith('sts:assumerole'));
}

/**
 * Whether a Deny statement refuses the action to the principal wherever the access applies: it
 * names the principal (or anyone), reaches the action and the resource, and its only conditions
 * hold for every caller outside the zone.
 */
function denied(d: Statement, item: PrincipalItem, a: ReachingAction, zone: ZoneOfTrust, rules: ExternalAccessRules, arn: string): boolean {
  if (d.notPrincipal !== undefined) return false;
  if (d.principal !== undefined) {
    const names = principalItems(d.principal);
    const same = names.some(
      (n) =>
        n.kind === 'anyone' ||
        (n.kind === item.kind && JSON.stringify(n) === JSON.stringify(item)) ||
        (n.kind === 'account' && item.kind === 'arn' && item.account === n.account),
    );
    if (!same) return false;
  }
  if (!d.conditions.every((t) => holdsOutsideZone(t, zone))) return false;
  const list = d.action ?? d.notAction ?? [];
  const colon = a.lowerName.indexOf(':');
  if (compileActions(list).matches(a.lowerName.slice(0, colon), a.lowerName.slice(colon + 1)) !== (d.action !== undefined)) return false;
  if (rules.trustPolicy) return true;
  if (a.relation === 'any') return d.notResource === undefined && (d.resource === undefined || d.resource.includes('*'));
  if (d.resource !== undefined) {
    return d.resource.some((r) => (a.relation === 'self' ? resourceReaches(r, arn, 'self') : resourceCoversChildren(r, arn)));
  }
  if (d.notResource !== undefined) return !d.notResource.some((r) => resourceReaches(r, arn, a.relation as 'self' | 'child'));
  return true;
}

/** Keys reported in a finding's condition besides the limiting ones. AWS: the filter keys `condition.sts:ExternalId` … */
const ALWAYS_REPORTED = ['sts:externalid'];
/** A federated provider's keys that say which of its users may call (`<provider>:aud`, `:sub` …); `amr` does not (AWS's Cognito findings omit it). */
const PROVIDER_KEY_SUFFIXES = [':aud', ':sub', ':app_id', ':azp', ':oaud'];
const SAML_KEYS = ['saml:aud', 'saml:sub', 'saml:iss', 'saml:sub_type'];

/** The condition keys (lowercase) reported for an access of this principal. */
function reportedKeys(rules: ExternalAccessRules, item: PrincipalItem): ReadonlySet<string> {
  const keys = new Set<string>([...GLOBAL_LIMITING_KEYS, ...rules.publicRules.limitingKeys, ...ALWAYS_REPORTED]);
  if (item.kind === 'federated' || item.kind === 'anyone') {
    if (item.kind === 'anyone' || item.provider.includes(':saml-provider/')) for (const k of SAML_KEYS) keys.add(k);
    if (item.kind === 'federated') {
      const host = (item.provider.split(':oidc-provider/')[1] ?? item.provider).toLowerCase();
      for (const suffix of PROVIDER_KEY_SUFFIXES) keys.add(`${host}${suffix}`);
    }
  }
  return keys;
}

/** Most condition maps one access is split into; past it, one map lists each key's values joined by commas. */
const MAX_CONDITION_MAPS = 64;

/**
 * The condition maps of an access: the statement's positive tests on reported keys, one map per
 * combination of their values (the key as the policy spells it).
 */
function conditionMaps(tests: readonly ConditionTest[], reported: ReadonlySet<string>): Record<string, string>[] {
  const byKey = new Map<string, { key: string; values: string[] }>();
  for (const test of tests) {
    const lower = test.key.toLowerCase();
    if (!reported.has(lower) || byKey.has(lower)) continue;
    const op = parseOperator(test.operator);
    if (op === undefined || op.spec.negated || op.spec.type === 'Null' || test.values.length === 0) continue;
    byKey.set(lower, { key: test.key, values: [...new Set(test.values)] });
  }
  const entries = [...byKey.values()];
  const count = entries.reduce((n, e) => n * e.values.length, 1);
  if (count > MAX_CONDITION_MAPS) return [Object.fromEntries(entries.map((e) => [e.key, e.values.join(',')]))];
  let maps: Record<string, string>[] = [{}];
  for (const e of entries) maps = maps.flatMap((m) => e.values.map((v) => ({ ...m, [e.key]: v })));
  return maps;
}
