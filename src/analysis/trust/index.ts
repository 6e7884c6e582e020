export { trustGrants, type TrustGrant, type TrustGrantKind } from './trustGrants.js';
