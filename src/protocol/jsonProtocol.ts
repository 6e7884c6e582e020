import { ServiceError } from '../errors.js';
import { header } from './formParams.js';
import { fromJson, toJson } from './jsonValues.js';
import type { ServiceModel } from './models.js';
import type { DecodedRequest, ServiceName, WireRequest, WireResponse } from './types.js';
import { validateShape, type Violation } from './validate.js';
import { validationError } from './validationError.js';

/** Parses a JSON request body (`{}` when empty); a malformed body is a `SerializationException`. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ServiceError('SerializationException', '');
  }
}

/**
 * Whether an `X-Amz-Target` prefix names the service. AWS SDK v3 sends the Smithy service name
 * (`CloudTrail_20131101`) where the model's `targetPrefix` is namespaced
 * (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`); both are accepted.
 */
export function matchesTargetPrefix(prefix: string, targetPrefix: string | undefined): boolean {
  if (targetPrefix === undefined || prefix === '') return false;
  return prefix === targetPrefix || targetPrefix.endsWith(`.${prefix}`);
}

/**
 * Decodes an awsJson 1.0/1.1 request: `X-Amz-Target: <targetPrefix>.<Operation>` names the
 * operation, the body is the input structure as JSON.
 */
export function decodeJson(service: ServiceName, model: ServiceModel, req: WireRequest): DecodedRequest {
  const target = header(req.headers, 'x-amz-target') ?? '';
  const dot = target.lastIndexOf('.');
  const operation = dot === -1 ? '' : target.slice(dot + 1);
  if (!matchesTargetPrefix(target.slice(0, dot), model.metadata.targetPrefix) || !model.hasOperation(operation)) {
    return { error: new ServiceError('UnknownOperationException', '') };
  }
  const shape = model.input(operation);
  let input: Record<string, unknown>;
  try {
    input = fromJson(shape, parseJsonBody(req.body)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ServiceError) return { operation, error: err };
    throw err;
  }
  const violations = validateShape(shape, input, '', [] as Violation[]);
  if (violations.length > 0) return { operation, input, error: validationError(service, violations) };
  return { operation, input };
}

function jsonHeaders(model: ServiceModel, requestId: string, body: string): Record<string, string> {
  return {
    'x-amzn-RequestId': requestId,
    'Content-Type': `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`,
    'Content-Length': String(Buffer.byteLength(body)),
  };
}

/** Encodes an awsJson response: the output structure as a JSON document. */
export function encodeJson(model: ServiceModel, operation: string, output: Record<string, unknown>, requestId: string): WireResponse {
  const body = JSON.stringify(toJson(model.output(operation), output));
  return { status: 200, headers: jsonHeaders(model, requestId, body), body };
}

/** The JSON error document `{"__type": code, "message": …, ...fields}`; no `message` when empty. */
export function jsonErrorBody(error: ServiceError, withType: boolean): string {
  const doc: Record<string, string> = withType ? { __type: error.code } : {};
  if (error.message !== '' && error.messageInBody) doc.message = error.message;
  Object.assign(doc, error.fields);
  return JSON.stringify(doc);
}

/** Encodes an error in awsJson form, with `x-amzn-ErrorType`. */
export function encodeJsonError(model: ServiceModel, error: ServiceError, requestId: string): WireResponse {
  const body = jsonErrorBody(error, true);
  const headers = jsonHeaders(model, requestId, body);
  headers['x-amzn-ErrorType'] = error.code;
  return { status: error.status, headers, body };
}
