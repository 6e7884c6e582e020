import { LookupEvents } from './lookupEvents.js';

export const cloudtrailOperations = [LookupEvents];
