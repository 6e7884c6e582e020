export { SSO_PORTAL_DESCRIPTOR } from './descriptor.js';
export { portalOperations } from './portal.js';
