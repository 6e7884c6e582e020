import type { PrincipalSpec } from '../../policy/ast.js';
import { principalSetsOf, type PrincipalSets } from '../../policy/principals.js';

/**
 * Principal and NotPrincipal elements as sets of callers, read exactly as src/policy/principals.ts
 * matches them. A Principal element is the union of its values' sets:
 * - `anyone`: `"*"` or `{"AWS": "*"}`, every caller (anonymous ones too);
 * - `account`: the account's root user, users, role sessions and federated users;
 * - `arn`: the user with that ARN, sessions of the role with that ARN (or with that session ARN),
 *   federated users with that ARN or whose parent user has it;
 * - `uniqueId`, `service`, `federated`, `canonical`: the callers with that ID, service name,
 *   identity provider or canonical user ID.
 * A NotPrincipal element is every caller except those it excludes (the whole chain of a caller
 * must be listed; see compileNotPrincipal).
 *
 * INVARIANT (of requests, relied on here): a caller's ARN, role ARN and parent user ARN name the
 * caller's own account, as every principal Gatehouse authenticates does. It lets an ARN be placed
 * inside its account.
 */
export type PrincipalItem =
  | { readonly kind: 'anyone' }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'arn'; readonly arn: string; readonly account: string | undefined }
  | { readonly kind: 'uniqueId'; readonly id: string }
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'federated'; readonly provider: string }
  | { readonly kind: 'canonical'; readonly id: string };

/**
 * The principal part of a region: a Principal element (`in`), a NotPrincipal element (`notIn`), or
 * the callers no policy value names (`outsiders`: anonymous callers and principals of accounts,
 * services and providers the policy does not mention), used by the public-access check.
 */
export type PrincipalConstraint =
  | { readonly kind: 'in'; readonly items: readonly PrincipalItem[] }
  | { readonly kind: 'notIn'; readonly sets: PrincipalSets }
  | { readonly kind: 'outsiders' };

const ACCOUNT_IN_ARN = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/;

/** The items of a Principal element. */
export function principalItems(spec: PrincipalSpec): PrincipalItem[] {
  const s = principalSetsOf(spec);
  const items: PrincipalItem[] = [];
  if (s.anyone) items.push({ kind: 'anyone' });
  for (const account of s.accounts) items.push({ kind: 'account', account });
  for (const arn of s.arns) items.push({ kind: 'arn', arn, account: ACCOUNT_IN_ARN.exec(arn)?.[1] });
  for (const id of s.uniqueIds) items.push({ kind: 'uniqueId', id });
  for (const name of s.services) items.push({ kind: 'service', name });
  for (const provider of s.federated) items.push({ kind: 'federated', provider });
  for (const id of s.canonical) items.push({ kind: 'canonical', id });
  return items;
}

/** The constraint of a NotPrincipal element. */
export function notPrincipalConstraint(spec: PrincipalSpec): PrincipalConstraint {
  return { kind: 'notIn', sets: principalSetsOf(spec) };
}

/**
 * The text of an item's value. A value with `*` or `?` (`{"Federated": "*"}`, which AWS's own
 * reference policies use) the engine matches literally while AWS may read it as a wildcard, so
 * such an item is known equal only to itself and apart from nothing.
 */
function principalValue(p: PrincipalItem): string {
  switch (p.kind) {
    case 'anyone':
      return '*';
    case 'account':
      return p.account;
    case 'arn':
      return p.arn;
    case 'uniqueId':
    case 'canonical':
      return p.id;
    case 'service':
      return p.name;
    case 'federated':
      return p.provider;
  }
}

const isWildcardValue = (p: PrincipalItem): boolean => p.kind !== 'anyone' && /[*?]/.test(principalValue(p));

function itemIncludes(outer: PrincipalItem, inner: PrincipalItem): boolean {
  if (outer.kind === 'anyone') return true;
  if (isWildcardValue(inner) || isWildcardValue(outer)) return outer.kind === inner.kind && principalValue(outer) === principalValue(inner);
  switch (inner.kind) {
    case 'anyone':
      return false;
    case 'account':
      return outer.kind === 'account' && outer.account === inner.account;
    case 'arn':
      return (outer.kind === 'arn' && outer.arn === inner.arn) || (outer.kind === 'account' && inner.account !== undefined && outer.account === inner.account);
    case 'uniqueId':
      return outer.kind === 'uniqueId' && outer.id === inner.id;
    case 'service':
      return outer.kind === 'service' && outer.name === inner.name;
    case 'federated':
      return outer.kind === 'federated' && outer.provider === inner.provider;
    case 'canonical':
      return outer.kind === 'canonical' && outer.id === inner.id;
  }
}

/** The kinds whose callers are IAM identities of an account (users, sessions, root). */
const IAM_KINDS: ReadonlySet<PrincipalItem['kind']> = new Set(['account', 'arn', 'uniqueId']);

function itemsDisjoint(a: PrincipalItem, b: PrincipalItem): boolean {
  if (a.kind === 'anyone' || b.kind === 'anyone' || isWildcardValue(a) || isWildcardValue(b)) return false;
  // Any caller may carry a canonical user ID.
  if (a.kind === 'canonical' || b.kind === 'canonical') return a.kind === 'canonical' && b.kind === 'canonical' && a.id !== b.id;
  if (IAM_KINDS.has(a.kind) !== IAM_KINDS.has(b.kind)) return true;
  if (a.kind === 'service' && b.kind === 'service') return a.name !== b.name;
  if (a.kind === 'federated' && b.kind === 'federated') return a.provider !== b.provider;
  if (a.kind !== b.kind && !IAM_KINDS.has(a.kind)) return true;
  const accountOf = (p: PrincipalItem): string | undefined => (p.kind === 'account' ? p.account : p.kind === 'arn' ? p.account : undefined);
  const x = accountOf(a);
  const y = accountOf(b);
  if (x !== undefined && y !== undefined && x !== y) return true;
  if (a.kind === 'uniqueId' && b.kind === 'uniqueId') return a.id !== b.id;
  return false;
}

function isEmptySets(s: PrincipalSets): boolean {
  return !s.anyone && s.accounts.size + s.arns.size + s.uniqueIds.size + s.services.size + s.federated.size + s.canonical.size === 0;
}

function hasWildcardValue(s: PrincipalSets): boolean {
  for (const values of [s.accounts, s.arns, s.uniqueIds, s.services, s.federated, s.canonical]) for (const v of values) if (/[*?]/.test(v)) return true;
  return false;
}

/** Whether no caller of `item` is excluded by NotPrincipal `s` (true only when sure). */
function outsideExclusion(item: PrincipalItem, s: PrincipalSets): boolean {
  if (isEmptySets(s)) return true;
  if (s.anyone || s.canonical.size > 0 || isWildcardValue(item) || hasWildcardValue(s)) return false;
  switch (item.kind) {
    case 'anyone':
    case 'canonical':
      return false;
    case 'account':
      return !s.accounts.has(item.account);
    case 'arn':
      return item.account !== undefined ? !s.accounts.has(item.account) : s.accounts.size === 0;
    case 'uniqueId':
      return s.accounts.size === 0;
    case 'service':
      return !s.services.has(item.name);
    case 'federated':
      return !s.federated.has(item.provider);
  }
}

function setsInclude(outer: PrincipalSets, inner: PrincipalSets): boolean {
  const sub = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => [...a].every((v) => b.has(v));
  return (
    (!inner.anyone || outer.anyone) &&
    sub(inner.accounts, outer.accounts) &&
    sub(inner.arns, outer.arns) &&
    sub(inner.uniqueIds, outer.uniqueIds) &&
    sub(inner.services, outer.services) &&
    sub(inner.federated, outer.federated) &&
    sub(inner.canonical, outer.canonical)
  );
}

/** Whether every caller of `inner` is one of `outer` (true only when sure). */
export function principalWithin(inner: PrincipalConstraint, outer: PrincipalConstraint): boolean {
  if (outer.kind === 'outsiders') return false;
  if (outer.kind === 'in') {
    if (inner.kind === 'in') return inner.items.every((i) => outer.items.some((o) => itemIncludes(o, i)));
    return outer.items.some((o) => o.kind === 'anyone');
  }
  switch (inner.kind) {
    case 'in':
      return inner.items.every((i) => outsideExclusion(i, outer.sets));
    case 'notIn':
      // Exclusion grows with the listed values: excluding more keeps fewer callers.
      return setsInclude(inner.sets, outer.sets);
    case 'outsiders':
      // Outsiders are named by no value, so only `*` (or a value AWS may read as a wildcard) excludes them.
      return !outer.sets.anyone && !hasWildcardValue(outer.sets);
  }
}

/** Whether no caller is in both (true only when sure). */
export function principalsDisjoint(a: PrincipalConstraint, b: PrincipalConstraint): boolean {
  if (a.kind === 'in' && a.items.length === 0) return true;
  if (b.kind === 'in' && b.items.length === 0) return true;
  if (a.kind === 'notIn' && a.sets.anyone) return true;
  if (b.kind === 'notIn' && b.sets.anyone) return true;
  if (a.kind === 'in' && b.kind === 'in') return a.items.every((x) => b.items.every((y) => itemsDisjoint(x, y)));
  if (a.kind === 'outsiders' || b.kind === 'outsiders') {
    const other = a.kind === 'outsiders' ? b : a;
    return other.kind === 'in' && !other.items.some((i) => i.kind === 'anyone');
  }
  return false;
}

/**
 * The public identity providers: anyone with an account there can federate, so a role trusting one
 * of them without a condition on the audience is public.
 * AWS: IAM User Guide, "Access Analyzer filter keys": condition.cognito-identity.amazonaws.com:aud,
 * condition.accounts.google.com:aud, condition.graph.facebook.com:app_id, condition.www.amazon.com:app_id.
 */
export const PUBLIC_IDENTITY_PROVIDERS: ReadonlySet<string> = new Set([
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
]);

/**
 * Whether the constraint may include a caller no value names. Besides `*` and NotPrincipal, any
 * value with a `*` in it (the engine reads it literally, AWS may not) and, when `publicProviders`,
 * the public identity providers count, so that the answer errs towards "public".
 */
export function mayIncludeOutsiders(c: PrincipalConstraint, publicProviders: boolean): boolean {
  switch (c.kind) {
    case 'outsiders':
      return true;
    case 'notIn':
      return !c.sets.anyone;
    case 'in':
      return c.items.some((i) => {
        switch (i.kind) {
          case 'anyone':
            return true;
          case 'account':
            return false;
          case 'arn':
            return i.arn.includes('*');
          case 'uniqueId':
          case 'canonical':
            return i.id.includes('*');
          case 'service':
            return i.name.includes('*');
          case 'federated':
            return i.provider.includes('*') || (publicProviders && PUBLIC_IDENTITY_PROVIDERS.has(i.provider));
          default:
            return false;
        }
      });
  }
}
