import { ServiceError } from '../errors.js';
import { header } from './formParams.js';
import type { ServiceModel } from './models.js';
import { matchRoute, type RouteMatch } from './restRouting.js';
import { parseScalar, scalarText } from './scalars.js';
import type { Shape } from './shapes.js';
import type { WireRequest } from './types.js';
import { lowerCamel, type Violation } from './validate.js';

function decodeComponent(text: string): string {
  const spaced = text.indexOf('+') === -1 ? text : text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Parses a query string keeping every value of repeated names. */
export function parseQueryMulti(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (raw === '') return out;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const v = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}

/** The routed operation and its HTTP-bound input members (labels, query, headers). */
export interface RestRequestParts {
  match: RouteMatch;
  query: Map<string, string[]>;
}

/** Routes a rest request to its operation, or `undefined` when no template matches. */
export function routeRequest(model: ServiceModel, req: WireRequest, options?: { readonly requireHeaders?: boolean }): RestRequestParts | undefined {
  const query = parseQueryMulti(req.rawQuery);
  const match = matchRoute(model, req.method, req.rawPath, query, (name) => header(req.headers, name) !== undefined, options);
  return match ? { match, query } : undefined;
}

function scalarOrList(shape: Shape, raws: string[], path: string, violations: Violation[]): unknown {
  if (shape.type === 'list') return raws.map((r, i) => parseScalar(shape.member!, r, `${path}.${i + 1}.member`, violations));
  return parseScalar(shape, raws[raws.length - 1]!, path, violations);
}

/**
 * Reads the members bound to the URI, query string and headers into `input`, collecting type
 * violations. Body members are left to the protocol.
 */
export function readBoundMembers(shape: Shape, req: WireRequest, parts: RestRequestParts, input: Record<string, unknown>, violations: Violation[]): void {
  const bound = new Set<string>();
  for (const name of shape.memberNames!) {
    const member = shape.members![name]!;
    if (member.location === 'querystring' && member.type !== 'map') bound.add(member.locationName ?? name);
  }
  for (const name of shape.memberNames!) {
    const member = shape.members![name]!;
    const wire = member.locationName ?? name;
    const path = lowerCamel(name);
    switch (member.location) {
      case 'uri': {
        const raw = parts.match.labels[wire];
        if (raw !== undefined) input[name] = parseScalar(member, raw, path, violations);
        break;
      }
      case 'querystring': {
        if (member.type === 'map') {
          const map: Record<string, unknown> = {};
          for (const [k, vs] of parts.query) {
            if (bound.has(k)) continue;
            map[k] = member.value!.type === 'list' ? vs : vs[vs.length - 1];
          }
          if (Object.keys(map).length > 0) input[name] = map;
          break;
        }
        const raws = parts.query.get(wire);
        if (raws) input[name] = scalarOrList(member, raws, path, violations);
        break;
      }
      case 'header': {
        const raw = header(req.headers, wire.toLowerCase());
        if (raw === undefined) break;
        if (member.type === 'list') input[name] = raw.split(',').map((s) => s.trim());
        else if (member.jsonvalue) input[name] = Buffer.from(raw, 'base64').toString('utf8');
        else input[name] = parseScalar(member, raw.trim(), path, violations);
        break;
      }
      case 'headers': {
        const prefix = wire.toLowerCase();
        const map: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          const lower = k.toLowerCase();
          if (v !== undefined && lower.startsWith(prefix)) map[lower.slice(prefix.length)] = Array.isArray(v) ? v.join(',') : v;
        }
        if (Object.keys(map).length > 0) input[name] = map;
        break;
      }
      default:
        break;
    }
  }
}

/** HTTP-date (RFC 7231) for header timestamps. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

/** Writes output members bound to headers; returns the `statusCode` member's value, if any. */
export function writeBoundMembers(shape: Shape, output: Record<string, unknown>, headers: Record<string, string>): number | undefined {
  let status: number | undefined;
  for (const name of shape.memberNames!) {
    const member = shape.members![name]!;
    const v = output[name];
    if (v === undefined || v === null || !member.location) continue;
    const wire = member.locationName ?? name;
    switch (member.location) {
      case 'header':
        if (member.type === 'list') headers[wire] = (v as unknown[]).map(String).join(',');
        else if (member.jsonvalue) headers[wire] = Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64');
        else headers[wire] = scalarText(member, v, httpDate);
        break;
      case 'headers':
        for (const [k, item] of Object.entries(v as Record<string, unknown>)) headers[`${wire}${k}`] = String(item);
        break;
      case 'statusCode':
        status = Number(v);
        break;
      default:
        break;
    }
  }
  return status;
}

/** The error for a request no operation template matches. */
export function unknownRoute(service: string): ServiceError {
  return service === 's3' || service === 's3control'
    ? new ServiceError('MethodNotAllowed', 'The specified method is not allowed against this resource.')
    : new ServiceError('UnknownOperationException', '');
}
