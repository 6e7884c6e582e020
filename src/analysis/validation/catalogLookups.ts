import { actionsOf, findAction, findResourceType, resourceTypesOf, serviceKeys, serviceName, type ActionInfo } from '../../catalog/index.js';
import { compileWildcard, type StringMatcher } from '../../policy/index.js';

/**
 * Lookups over the service authorization reference that the checks share: which catalogue actions
 * an action pattern covers, whether an action supports a condition key, near-miss suggestions.
 * Results are memoized per service/pattern, so a policy costs time linear in its size.
 */

const patternCache = new Map<string, readonly ActionInfo[]>();

/** Whether a service prefix exists (case-insensitive). */
export function serviceExists(service: string): boolean {
  return serviceName(service) !== undefined;
}

const matchers = new Map<string, StringMatcher>();

/**
 * A matcher for an IAM wildcard pattern (`*`, `?`), in time linear in the pattern and value (the
 * policy engine's matcher), memoized.
 */
export function wildcardMatcher(pattern: string, ignoreCase: boolean): StringMatcher {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let hit = matchers.get(key);
  if (hit === undefined) {
    const match = compileWildcard(pattern, ignoreCase);
    hit = ignoreCase ? (value: string) => match(value.toLowerCase()) : match;
    if (matchers.size > 20_000) matchers.clear();
    matchers.set(key, hit);
  }
  return hit;
}

/**
 * The catalogue actions `service:namePattern` covers. Empty for an unknown service or a pattern
 * whose service part has wildcards (those are never expanded).
 */
export function actionsMatching(action: string): readonly ActionInfo[] {
  const colon = action.indexOf(':');
  if (colon < 0) return [];
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service) || !serviceExists(service)) return [];
  if (!/[*?]/.test(name)) {
    const hit = findAction(service, name);
    return hit === undefined ? [] : [hit];
  }
  const key = action.toLowerCase();
  let hit = patternCache.get(key);
  if (hit === undefined) {
    const match = wildcardMatcher(name, true);
    hit = actionsOf(service).filter((a) => match(a.name));
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(key, hit);
  }
  return hit;
}

/** Whether an action pattern (`*`, `iam:*`, `iam:Pass*`, `iam:PassRole`) covers `target` (`iam:PassRole`). */
export function patternCovers(pattern: string, target: string): boolean {
  return wildcardMatcher(pattern, true)(target);
}

const supportCache = new Map<string, ReadonlySet<string>>();

/** The lowercased condition keys an action supports: its own and those of its resource types. */
export function conditionKeysOfAction(action: ActionInfo): ReadonlySet<string> {
  const id = `${action.service}:${action.name.toLowerCase()}`;
  let keys = supportCache.get(id);
  if (keys === undefined) {
    const set = new Set<string>(action.conditionKeys.map((k) => k.toLowerCase()));
    for (const rt of action.resourceTypes) {
      for (const k of rt.conditionKeys) set.add(k.toLowerCase());
      for (const k of findResourceType(action.service, rt.name)?.conditionKeys ?? []) set.add(k.toLowerCase());
    }
    keys = set;
    supportCache.set(id, keys);
  }
  return keys;
}

/** Whether `key` (as written in a policy, e.g. `aws:ResourceTag/team`) is one the action supports. */
export function actionSupportsKey(action: ActionInfo, key: string): boolean {
  const lower = key.toLowerCase();
  for (const k of conditionKeysOfAction(action)) {
    if (k === lower) return true;
    const at = k.search(/\$\{|</);
    if (at >= 0 && lower.startsWith(k.slice(0, at)) && lower.length > at) return true;
  }
  return false;
}

const serviceKeySupport = new Map<string, boolean>();

/** Whether any action of the service supports the key (memoized by service and key). */
export function serviceSupportsKey(service: string, key: string): boolean {
  const id = `${service}\u0000${key.toLowerCase()}`;
  let hit = serviceKeySupport.get(id);
  if (hit === undefined) {
    hit = actionsOf(service).some((a) => actionSupportsKey(a, key));
    if (serviceKeySupport.size > 10_000) serviceKeySupport.clear();
    serviceKeySupport.set(id, hit);
  }
  return hit;
}

/** One resource type's ARN format with what the checks need of it. */
export interface ArnShape {
  readonly format: string;
  readonly region: boolean;
  readonly account: boolean;
  /** The format's Region and account fields as written (`${Region}`, `` or a literal). */
  readonly regionField: string;
  readonly accountField: string;
  /** The literal start of the resource part, before its first placeholder (`instance/`). */
  readonly resourcePrefix: string;
}

const shapes = new Map<string, readonly ArnShape[]>();

/** The resource types of a service, with whether their ARN formats carry a Region and an account. */
export function arnShapesOf(service: string): readonly ArnShape[] {
  let hit = shapes.get(service);
  if (hit === undefined) {
    hit = resourceTypesOf(service).map((t) => {
      const parts = t.arnFormat.split(':');
      const resource = parts.slice(5).join(':');
      const at = resource.indexOf('${');
      return {
        format: t.arnFormat,
        region: (parts[3] ?? '') !== '',
        account: (parts[4] ?? '') !== '',
        regionField: parts[3] ?? '',
        accountField: parts[4] ?? '',
        resourcePrefix: at < 0 ? resource : resource.slice(0, at),
      };
    });
    shapes.set(service, hit);
  }
  return hit;
}

/** The closest name among candidates within a small edit distance, for "Did you mean …?". */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const target = name.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(target.length / 4)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - target.length) > limit) continue;
    const d = editDistance(target, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Every service prefix (for service suggestions). */
export function allServices(): readonly string[] {
  return serviceKeys();
}

function editDistance(a: string, b: string, cap: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return prev[b.length]!;
}
