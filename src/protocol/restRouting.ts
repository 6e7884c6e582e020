import type { ServiceModel } from './models.js';
import type { Shape } from './shapes.js';

type Segment = { literal: string } | { label: string; greedy: boolean };

/** One operation's HTTP binding, parsed from its `requestUri` template. */
export interface Route {
  operation: string;
  method: string;
  segments: Segment[];
  /** Query literals of the template: `?policy` (value undefined) or `?list-type=2`. */
  queryLiterals: Array<[string, string | undefined]>;
  /** Wire names of required querystring members (`uploadId`, `partNumber`). */
  requiredQuery: string[];
  /** Lower-case names of required header members (`x-amz-copy-source`). */
  requiredHeaders: string[];
  specificity: number;
  deprecated: boolean;
}

/** A matched route with its decoded URI labels. */
export interface RouteMatch {
  route: Route;
  labels: Record<string, string>;
  /** A label's percent-encoding is not UTF-8 (it is then kept as sent). */
  undecodable?: boolean;
}

/** A path segment percent-decoded; undefined when its bytes are not UTF-8. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function parseTemplate(operation: string, method: string, requestUri: string, input: Shape, deprecated: boolean): Route {
  const q = requestUri.indexOf('?');
  const path = q === -1 ? requestUri : requestUri.slice(0, q);
  const segments: Segment[] = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([^}+]+)(\+)?\}$/.exec(s);
      return m ? { label: m[1]!, greedy: m[2] === '+' } : { literal: s };
    });
  const queryLiterals: Array<[string, string | undefined]> = [];
  if (q !== -1) {
    for (const part of requestUri.slice(q + 1).split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      queryLiterals.push(eq === -1 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)]);
    }
  }
  const requiredQuery: string[] = [];
  const requiredHeaders: string[] = [];
  for (const name of input.memberNames ?? []) {
    if (!input.required?.has(name)) continue;
    const member = input.members![name]!;
    if (member.location === 'querystring') requiredQuery.push(member.locationName ?? name);
    if (member.location === 'header') requiredHeaders.push((member.locationName ?? name).toLowerCase());
  }
  let specificity = 0;
  for (const s of segments) specificity += 'literal' in s ? 1000 : s.greedy ? 1 : 100;
  specificity += queryLiterals.length * 10 + requiredQuery.length + requiredHeaders.length;
  return { operation, method, segments, queryLiterals, requiredQuery, requiredHeaders, specificity, deprecated };
}

const routeTables = new WeakMap<ServiceModel, Map<string, Route[]>>();

/** Every operation's route, grouped by HTTP method and sorted most specific first. */
export function routesOf(model: ServiceModel): Map<string, Route[]> {
  let table = routeTables.get(model);
  if (table) return table;
  table = new Map();
  for (const [operation, op] of Object.entries(model.operations)) {
    const method = op.http?.method ?? 'POST';
    const route = parseTemplate(operation, method, op.http?.requestUri ?? '/', model.input(operation), op.deprecated === true);
    const list = table.get(method) ?? [];
    list.push(route);
    table.set(method, list);
  }
  for (const list of table.values()) {
    list.sort((a, b) => b.specificity - a.specificity || Number(a.deprecated) - Number(b.deprecated));
  }
  routeTables.set(model, table);
  return table;
}

function matchPath(route: Route, parts: string[]): { labels: Record<string, string>; undecodable: boolean } | undefined {
  const labels: Record<string, string> = {};
  let undecodable = false;
  const decode = (segment: string): string => {
    const decoded = decodeSegment(segment);
    if (decoded !== undefined) return decoded;
    undecodable = true;
    return segment;
  };
  const segs = route.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if ('literal' in seg) {
      if (parts[i] !== seg.literal) return undefined;
      continue;
    }
    if (seg.greedy) {
      if (i !== segs.length - 1 || parts.length <= i) return undefined;
      const rest = parts.slice(i).map(decode).join('/');
      if (rest === '') return undefined;
      labels[seg.label] = rest;
      return { labels, undecodable };
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    labels[seg.label] = decode(part);
  }
  if (parts.length > segs.length && !(parts.length === segs.length + 1 && parts[segs.length] === '')) return undefined;
  return { labels, undecodable };
}

// AWS: Amazon S3 API Reference: several operations share a URI template and differ by a query
// sub-resource (`?uploads`), a required query member (`uploadId`, `partNumber`) or a required header
// (`x-amz-copy-source`), so all three take part in routing.
/**
 * Finds the operation for a method and path: the most specific template whose path matches, whose
 * query literals are present, and whose required query and header members are present.
 */
export function matchRoute(
  model: ServiceModel,
  method: string,
  rawPath: string,
  query: Map<string, string[]>,
  hasHeader: (name: string) => boolean,
  options: { readonly requireHeaders?: boolean } = {},
): RouteMatch | undefined {
  const routes = routesOf(model).get(method.toUpperCase());
  if (!routes) return undefined;
  const parts = rawPath.split('/');
  if (parts[0] === '') parts.shift();
  if (parts.length === 1 && parts[0] === '') parts.pop();
  // A request missing a required query or header member still routes (second pass), so that
  // validation can report the missing member — unless the caller requires the headers (a
  // request told apart from another service's by a header it must carry).
  for (const strict of [true, false]) {
    for (const route of routes) {
      if (!route.queryLiterals.every(([k, v]) => query.has(k) && (v === undefined || query.get(k)!.includes(v)))) continue;
      if (strict && !route.requiredQuery.every((k) => query.has(k))) continue;
      if ((strict || options.requireHeaders === true) && !route.requiredHeaders.every(hasHeader)) continue;
      const matched = matchPath(route, parts);
      if (matched) return matched.undecodable ? { route, labels: matched.labels, undecodable: true } : { route, labels: matched.labels };
    }
  }
  return undefined;
}
