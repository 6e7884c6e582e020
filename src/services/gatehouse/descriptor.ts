import { defaultDescriptor, type ServiceDescriptor } from '../descriptor.js';

/** Gatehouse's own API: JSON 1.1 (`protocol/gatehouseModel.ts`), the JSON family's error wording, standard SigV4 as `gatehouse`. */
export const GATEHOUSE_DESCRIPTOR: ServiceDescriptor = defaultDescriptor('gatehouse');
