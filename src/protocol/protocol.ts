import { ServiceError } from '../errors.js';
import { decodeJson, encodeJson, encodeJsonError } from './jsonProtocol.js';
import { getServiceModel } from './models.js';
import { decodeQuery, encodeQuery, encodeQueryError } from './queryProtocol.js';
import { decodeRestJson, encodeRestJson, encodeRestJsonError } from './restJson.js';
import { decodeRestXml, encodeRestXml, encodeRestXmlError } from './restXml.js';
import type { DecodedRequest, ServiceName, WireRequest, WireResponse } from './types.js';
import { unsignedOperations } from './constraintFiles.js';

/** Decodes and validates a request for `service` against its model. Never throws. */
export function decodeRequest(service: ServiceName, req: WireRequest): DecodedRequest {
  const model = getServiceModel(service);
  try {
    switch (model.metadata.protocol) {
      case 'query':
        return decodeQuery(service, model, req);
      case 'json':
        return decodeJson(service, model, req);
      case 'rest-json':
        return decodeRestJson(service, model, req);
      case 'rest-xml':
        return decodeRestXml(service, model, req);
    }
  } catch (err) {
    if (err instanceof ServiceError) return { error: err };
    return { error: new ServiceError('InternalFailure', 'We encountered an internal error. Please try again.') };
  }
}

/** Encodes a handler's output for `operation` in the service's protocol. */
export function encodeResponse(service: ServiceName, operation: string, output: Record<string, unknown>, requestId: string): WireResponse {
  const model = getServiceModel(service);
  switch (model.metadata.protocol) {
    case 'query':
      return encodeQuery(model, operation, output, requestId);
    case 'json':
      return encodeJson(model, operation, output, requestId);
    case 'rest-json':
      return encodeRestJson(model, operation, output, requestId);
    case 'rest-xml':
      return encodeRestXml(model, operation, output, requestId);
  }
}

/**
 * Encodes an error in the service's protocol. With no service (unidentified requests) the query
 * protocol's `<ErrorResponse>` without a namespace is used.
 */
export function encodeError(service: ServiceName | null, failure: ServiceError, requestId: string): WireResponse {
  const error = bounded(failure);
  if (service === null) return encodeQueryError(undefined, error, requestId);
  const model = getServiceModel(service);
  switch (model.metadata.protocol) {
    case 'query':
      return encodeQueryError(model.metadata.xmlNamespace, error, requestId);
    case 'json':
      return encodeJsonError(model, error, requestId);
    case 'rest-json':
      return encodeRestJsonError(error, requestId);
    case 'rest-xml':
      return encodeRestXmlError(error, requestId);
  }
}

/**
 * The longest error message sent, in UTF-16 code units. Each echoed value is bounded already
 * (`echo.ts`); this bounds what many of them, or a message built elsewhere, can add up to.
 */
const MAX_MESSAGE = 64 * 1024;

function bounded(error: ServiceError): ServiceError {
  if (error.message.length <= MAX_MESSAGE) return error;
  return new ServiceError(error.code, `${error.message.slice(0, MAX_MESSAGE)}…`, { ...error.fields }, error.status, { messageInBody: error.messageInBody });
}

/** True when the model marks the operation `authtype: none` (STS AssumeRoleWithSAML/WithWebIdentity). */
export function isUnsignedOperation(service: ServiceName, operation: string): boolean {
  return unsignedOperations(service).has(operation);
}

/** Whether the service's model routes the request to one of its operations (REST protocols route by method and path). */
export function routesToOperation(service: ServiceName, req: WireRequest): boolean {
  return decodeRequest(service, req).operation !== undefined;
}

/** Whether the operation's input payload is a streaming blob (S3 PutObject and UploadPart): its body can be handed on as it arrives. */
export function hasStreamingPayload(service: ServiceName, operation: string): boolean {
  const shape = getServiceModel(service).input(operation);
  return shape.payload !== undefined && shape.members![shape.payload]!.streaming === true;
}
