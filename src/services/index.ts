export { defineOperation } from './operation.js';
export type { Operation, OperationContext, AuthorizationNeed, ContextValue } from './operation.js';
export { findOperation, implementedOperations } from './registry.js';
