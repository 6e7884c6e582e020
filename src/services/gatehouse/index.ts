import type { Operation } from '../operation.js';
import { GetWorkloadCredentials } from './workloadCredentials.js';

/** Gatehouse's own API: the container credentials endpoint. */
export const gatehouseOperations: readonly Operation[] = [GetWorkloadCredentials];
export { GATEHOUSE_DESCRIPTOR } from './descriptor.js';
export { CONTAINER_CREDENTIALS_PRINCIPAL } from './workloadCredentials.js';
