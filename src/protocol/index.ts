export type { ServiceName, WireRequest, WireResponse, DecodedRequest, ProtocolName } from './types.js';
export { identifyService, signingNameOf } from './identify.js';
export { getServiceModel, SERVICE_NAMES, type ServiceModel, type ServiceMetadata, type RawOperation } from './models.js';
export { decodeRequest, encodeResponse, encodeError, hasStreamingPayload, isUnsignedOperation } from './protocol.js';
export type { Shape, ShapeType, MemberLocation } from './shapes.js';
export { iamInvalidValue, validationMessage, validationError } from './validationError.js';
export type { Violation, ViolationReason } from './validate.js';
export { virtualHostBucket } from './s3VirtualHost.js';
export { dateHeader } from './httpDate.js';
