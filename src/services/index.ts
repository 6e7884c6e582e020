export { defineOperation, StalePreparation } from './operation.js';
export type { Operation, OperationContext, AuthorizationNeed, ContextValue } from './operation.js';
export { findOperation, implementedOperations, descriptorOf } from './registry.js';
export {
  QUERY_AUTH_ERRORS,
  JSON_AUTH_ERRORS,
  S3_AUTH_ERRORS,
  s3DenialMessage,
  QUERY_BODY_LIMIT,
  JSON_BODY_LIMIT,
  type AuthErrorFamily,
  type ServiceDescriptor,
} from './descriptor.js';
