import { actionsOf, findAction, findResourceType, resourceTypesOf, serviceKeys, serviceName, type ActionInfo } from '../../catalog/index.js';

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

/** Converts an IAM wildcard pattern (`*`, `?`) to an anchored, case-insensitive expression. */
export function wildcardRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
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
    const re = wildcardRegExp(name);
    hit = actionsOf(service).filter((a) => re.test(a.name));
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(key, hit);
  }
  return hit;
}

/** Whether an action pattern (`*`, `iam:*`, `iam:Pass*`, `iam:PassRole`) covers `target` (`iam:PassRole`). */
export function patternCovers(pattern: string, target: string): boolean {
  return wildcardRegExp(pattern).test(target);
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

/** Whether any action of the service supports the key. */
export function serviceSupportsKey(service: string, key: string): boolean {
  return actionsOf(service).some((a) => actionSupportsKey(a, key));
}

/** The resource types of a service, with whether their ARN formats carry a Region and an account. */
export function arnShapesOf(service: string): readonly { readonly format: string; readonly region: boolean; readonly account: boolean }[] {
  return resourceTypesOf(service).map((t) => {
    const parts = t.arnFormat.split(':');
    return { format: t.arnFormat, region: (parts[3] ?? '') !== '', account: (parts[4] ?? '') !== '' };
  });
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
