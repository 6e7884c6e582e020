import { findConditionKey, serviceName } from '../../catalog/index.js';

/** What the reference says about a condition key as written in a policy. */
export type KeyInfo =
  | { readonly kind: 'known'; readonly type: string; readonly global: boolean; readonly service: string }
  /** An identity provider's claim (`accounts.google.com:aud`, `token.actions.githubusercontent.com:sub`). */
  | { readonly kind: 'provider' }
  | { readonly kind: 'bad-format' }
  | { readonly kind: 'unknown-global' }
  | { readonly kind: 'unknown-service'; readonly service: string }
  | { readonly kind: 'unknown-key'; readonly service: string };

/** Tag keys that need a `/tag-key` suffix. */
const TAG_KEY_PREFIXES = /^(aws|[a-z0-9-]+):(RequestTag|ResourceTag|PrincipalTag)\/?$/i;

/**
 * Prefixes of keys that belong to no service of their own: identity providers (a prefix with a dot
 * or a slash, `accounts.google.com:aud`) and the few the reference lists apart (AWS Marketplace's
 * `catalog:`, IAM Identity Center's `identitycenter:`, Cognito's `cognito-identity-auth:`, and
 * SAML federation's `saml:`, which the reference lists under STS).
 */
const UNASSOCIATED_PREFIXES = new Set(['catalog', 'identitycenter', 'cognito-identity-auth', 'cognito-identity-unauth', 'saml']);

function isProviderKey(prefix: string): boolean {
  return prefix.includes('.') || prefix.includes('/') || UNASSOCIATED_PREFIXES.has(prefix.toLowerCase());
}

const resolved = new Map<string, KeyInfo>();

/** Resolves a condition key against the reference (memoized). */
export function keyInfo(key: string): KeyInfo {
  let hit = resolved.get(key);
  if (hit === undefined) {
    hit = resolve(key);
    if (resolved.size > 10_000) resolved.clear();
    resolved.set(key, hit);
  }
  return hit;
}

function resolve(key: string): KeyInfo {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) return { kind: 'bad-format' };
  const prefix = key.slice(0, colon);
  if (isProviderKey(prefix)) return { kind: 'provider' };
  const slash = key.indexOf('/');
  // Some services list their tag keys as `service:ResourceTag/tag-key` rather than `${TagKey}`.
  const hit = findConditionKey(key) ?? (slash > colon ? findConditionKey(`${key.slice(0, slash)}/tag-key`) : undefined);
  if (hit !== undefined) return { kind: 'known', type: hit.type, global: hit.global, service: prefix.toLowerCase() };
  if (prefix.toLowerCase() === 'aws') return { kind: 'unknown-global' };
  if (serviceName(prefix) === undefined) return { kind: 'unknown-service', service: prefix };
  return { kind: 'unknown-key', service: prefix };
}

/** Whether the key is a tag key written without its tag (`aws:RequestTag`, `aws:ResourceTag/`). */
export function isTagKeyWithoutTag(key: string): boolean {
  return TAG_KEY_PREFIXES.test(key);
}

/** Whether the reference's type is multivalued (`ArrayOfString`, `ArrayOfARN`, …). */
export function isMultivalued(type: string): boolean {
  return type.startsWith('ArrayOf');
}

/** The operator family a key's type takes (`String`, `Arn`, `Numeric`, `Date`, `Bool`, `IpAddress`, `Binary`). */
export function operatorTypeOf(type: string): string | undefined {
  const base = type.replace(/^ArrayOf/, '').toLowerCase();
  switch (base) {
    case 'string':
      return 'String';
    case 'arn':
      return 'Arn';
    case 'numeric':
    case 'long':
    case 'integer':
      return 'Numeric';
    case 'date':
      return 'Date';
    case 'bool':
    case 'boolean':
      return 'Bool';
    case 'ipaddress':
      return 'IpAddress';
    case 'binary':
      return 'Binary';
    default:
      return undefined;
  }
}
