import { ServiceError } from '../errors.js';
import { jsonErrorBody, parseJsonBody } from './jsonProtocol.js';
import { fromJson, toJson } from './jsonValues.js';
import type { ServiceModel } from './models.js';
import { readBoundMembers, routeRequest, unknownRoute, writeBoundMembers } from './restBindings.js';
import type { DecodedRequest, ServiceName, WireRequest, WireResponse } from './types.js';
import { validateShape, type Violation } from './validate.js';
import { validationError } from './validationError.js';

/**
 * Decodes a restJson1 request: the operation from method + path (+ query literals), members from
 * URI labels, query string and headers, the rest (or the `payload` member) from the JSON body.
 */
export function decodeRestJson(service: ServiceName, model: ServiceModel, req: WireRequest): DecodedRequest {
  const parts = routeRequest(model, req);
  if (!parts) return { error: unknownRoute(service) };
  const operation = parts.match.route.operation;
  const shape = model.input(operation);
  const input: Record<string, unknown> = {};
  const violations: Violation[] = [];
  try {
    if (shape.payload) {
      const member = shape.members![shape.payload]!;
      if (member.type === 'blob') {
        if (req.body.length > 0) input[shape.payload] = req.body;
      } else if (member.type === 'string') {
        if (req.body.length > 0) input[shape.payload] = req.body.toString('utf8');
      } else if (req.body.length > 0) {
        input[shape.payload] = fromJson(member, parseJsonBody(req.body));
      }
    } else if (req.body.length > 0) {
      Object.assign(input, fromJson(shape, parseJsonBody(req.body), true));
    }
  } catch (err) {
    if (err instanceof ServiceError) return { operation, error: err };
    throw err;
  }
  readBoundMembers(shape, req, parts, input, violations);
  validateShape(shape, input, '', violations);
  if (violations.length > 0) return { operation, input, error: validationError(service, violations) };
  return { operation, input };
}

function baseHeaders(requestId: string, contentType: string): Record<string, string> {
  return { 'x-amzn-RequestId': requestId, 'Content-Type': contentType };
}

/** Encodes a restJson1 response: header members, the model's `responseCode`, a JSON body. */
export function encodeRestJson(model: ServiceModel, operation: string, output: Record<string, unknown>, requestId: string): WireResponse {
  const shape = model.output(operation);
  const headers = baseHeaders(requestId, 'application/json');
  const status = writeBoundMembers(shape, output, headers) ?? model.operations[operation]?.http?.responseCode ?? 200;
  let body: string | Buffer;
  if (shape.payload) {
    const member = shape.members![shape.payload]!;
    const v = output[shape.payload];
    if (member.type === 'blob') {
      body = v === undefined || v === null ? '' : Buffer.isBuffer(v) ? v : String(v);
      if (!output.contentType) headers['Content-Type'] = 'application/octet-stream';
    } else if (member.type === 'string') body = v === undefined || v === null ? '' : String(v);
    else body = v === undefined || v === null ? '{}' : JSON.stringify(toJson(member, v));
  } else {
    body = JSON.stringify(toJson(shape, output, true));
  }
  headers['Content-Length'] = String(Buffer.byteLength(body));
  return { status, headers, body };
}

/** Encodes a restJson1 error: `x-amzn-ErrorType` header and a `{"message": …}` body. */
export function encodeRestJsonError(error: ServiceError, requestId: string): WireResponse {
  const body = jsonErrorBody(error, false);
  const headers = baseHeaders(requestId, 'application/json');
  headers['x-amzn-ErrorType'] = error.code;
  headers['Content-Length'] = String(Buffer.byteLength(body));
  return { status: error.status, headers, body };
}
