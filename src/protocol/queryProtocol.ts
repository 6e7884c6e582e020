import { ServiceError } from '../errors.js';
import { echo } from './echo.js';
import { header, parseForm } from './formParams.js';
import type { ServiceModel } from './models.js';
import { isoSeconds } from '../time.js';
import { parseScalar } from './scalars.js';
import type { Shape } from './shapes.js';
import type { DecodedRequest, ServiceName, WireRequest, WireResponse } from './types.js';
import { validateShape, lowerCamel, type Violation } from './validate.js';
import { validationError } from './validationError.js';
import { XmlWriter, escapeXml } from './xmlWriter.js';

/** The query parameters of a request: the query string, then a form body over it. */
export function queryParams(req: WireRequest): Map<string, string> {
  const params = parseForm(req.rawQuery);
  if (req.body.length > 0) {
    const type = header(req.headers, 'content-type') ?? 'application/x-www-form-urlencoded';
    if (type.startsWith('application/x-www-form-urlencoded')) parseForm(req.body.toString('utf8'), params);
  }
  return params;
}

// AWS: Smithy awsQuery protocol, "Query key resolution": lists are `Name.member.N` (`Name.N` when
// flattened, N from 1), maps `Name.entry.N.key`/`.value`, nested structures `Outer.Inner`, and an
// empty list is the bare `Name=`.
class ParamReader {
  readonly prefixes = new Set<string>();

  constructor(
    readonly params: Map<string, string>,
    readonly violations: Violation[],
  ) {
    for (const key of params.keys()) {
      let dot = key.indexOf('.');
      while (dot !== -1) {
        this.prefixes.add(key.slice(0, dot));
        dot = key.indexOf('.', dot + 1);
      }
      this.prefixes.add(key);
    }
  }

  structure(shape: Shape, prefix: string, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of shape.memberNames!) {
      const member = shape.members![name]!;
      const wire = member.queryName ?? member.locationName ?? name;
      const key = prefix ? `${prefix}.${wire}` : wire;
      if (!this.prefixes.has(key)) continue;
      const p = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
      const v = this.value(member, key, p);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }

  value(shape: Shape, key: string, path: string): unknown {
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, key, path);
      case 'list': {
        const itemPrefix = shape.flattened ? key : `${key}.${shape.member!.locationName ?? 'member'}`;
        const out: unknown[] = [];
        for (let i = 1; this.prefixes.has(`${itemPrefix}.${i}`); i++) {
          out.push(this.value(shape.member!, `${itemPrefix}.${i}`, `${path}.${i}.member`));
        }
        return out;
      }
      case 'map': {
        const entryPrefix = shape.flattened ? key : `${key}.entry`;
        const keyName = shape.key!.locationName ?? 'key';
        const valueName = shape.value!.locationName ?? 'value';
        const out: Record<string, unknown> = {};
        for (let i = 1; this.prefixes.has(`${entryPrefix}.${i}`); i++) {
          const k = this.params.get(`${entryPrefix}.${i}.${keyName}`);
          if (k === undefined) continue;
          out[k] = this.value(shape.value!, `${entryPrefix}.${i}.${valueName}`, `${path}.${k}.member`);
        }
        return out;
      }
      default: {
        const raw = this.params.get(key);
        return raw === undefined ? undefined : parseScalar(shape, raw, path, this.violations);
      }
    }
  }
}

/**
 * Decodes an awsQuery request: `Action` names the operation, `Version` must be the model's
 * `apiVersion`, members are flattened into dotted parameter names.
 */
export function decodeQuery(service: ServiceName, model: ServiceModel, req: WireRequest): DecodedRequest {
  const params = queryParams(req);
  const action = params.get('Action');
  if (action === undefined || action === '') {
    // AWS: Common Errors, MissingAction: "The request is missing an action or a required parameter."
    return { error: new ServiceError('MissingAction', 'The request is missing an action or a required parameter.') };
  }
  const version = params.get('Version');
  // AWS: a Version other than the model's (or none) makes the action unknown; Coral names the missing one NO_VERSION_SPECIFIED.
  if (!model.hasOperation(action) || version !== model.metadata.apiVersion) {
    const shown = version === undefined || version === '' ? 'NO_VERSION_SPECIFIED' : version;
    return {
      ...(model.hasOperation(action) ? { operation: action } : {}),
      error: new ServiceError('InvalidAction', `Could not find operation ${echo(action)} for version ${echo(shown)}`),
    };
  }
  const shape = model.input(action);
  const violations: Violation[] = [];
  const input = new ParamReader(params, violations).structure(shape, '', '');
  validateShape(shape, input, '', violations);
  if (violations.length > 0) return { operation: action, input, error: validationError(service, violations, action) };
  return { operation: action, input };
}

function baseHeaders(requestId: string, length: number): Record<string, string> {
  return {
    'x-amzn-RequestId': requestId,
    'Content-Type': 'text/xml',
    'Content-Length': String(length),
  };
}

/** Encodes an awsQuery response: `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata>…`. */
export function encodeQuery(model: ServiceModel, operation: string, output: Record<string, unknown>, requestId: string): WireResponse {
  const shape = model.output(operation);
  const ns = model.metadata.xmlNamespace ?? '';
  const w = new XmlWriter({ pretty: true, timestamp: isoSeconds });
  w.out = `<${operation}Response xmlns="${escapeXml(ns)}">`;
  if (model.operations[operation]?.output) {
    const wrapper = shape.resultWrapper ?? `${operation}Result`;
    w.open(wrapper, 1);
    const had = w.members(shape, output, 2);
    w.close(wrapper, 1, had);
  }
  w.open('ResponseMetadata', 1);
  w.leaf('RequestId', escapeXml(requestId), 2);
  w.close('ResponseMetadata', 1, true);
  w.out += `\n</${operation}Response>\n`;
  return { status: 200, headers: baseHeaders(requestId, Buffer.byteLength(w.out)), body: w.out };
}

/** Encodes an error in the query protocol's `<ErrorResponse>` form. */
export function encodeQueryError(namespace: string | undefined, error: ServiceError, requestId: string): WireResponse {
  const xmlns = namespace ? ` xmlns="${escapeXml(namespace)}"` : '';
  let extra = '';
  for (const [k, v] of Object.entries(error.fields)) extra += `\n    <${k}>${escapeXml(v)}</${k}>`;
  const body =
    `<ErrorResponse${xmlns}>\n  <Error>\n    <Type>${error.fault}</Type>\n    <Code>${error.code}</Code>\n` +
    `    <Message>${escapeXml(error.message)}</Message>${extra}\n  </Error>\n` +
    `  <RequestId>${escapeXml(requestId)}</RequestId>\n</ErrorResponse>\n`;
  return { status: error.status, headers: baseHeaders(requestId, Buffer.byteLength(body)), body };
}
