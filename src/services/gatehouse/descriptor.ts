import { JSON_AUTH_ERRORS, JSON_BODY_LIMIT, type ServiceDescriptor } from '../descriptor.js';

/**
 * Gatehouse's own API (`protocol/gatehouseModel.ts`): REST-JSON with the JSON family's errors.
 * Its container credentials endpoint is authenticated by a workload token, not SigV4
 * (`auth/authenticate/workloadTokens.ts`).
 */
export const GATEHOUSE_DESCRIPTOR: ServiceDescriptor = {
  name: 'gatehouse',
  authErrors: JSON_AUTH_ERRORS,
  signing: 'standard',
  unsigned: 'model',
  maxBodyBytes: JSON_BODY_LIMIT,
};
