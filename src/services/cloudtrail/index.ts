import { LookupEvents } from './lookupEvents.js';
import { trailOperations } from './trails.js';
import { loggingOperations } from './logging.js';
import { eventSelectorOperations } from './eventSelectors.js';
import { insightSelectorOperations } from './insightSelectors.js';
import { publicKeyOperations } from './publicKeys.js';
import { tagOperations } from './tags.js';

export const cloudtrailOperations = [
  LookupEvents,
  ...trailOperations,
  ...loggingOperations,
  ...eventSelectorOperations,
  ...insightSelectorOperations,
  ...publicKeyOperations,
  ...tagOperations,
];
export { CLOUDTRAIL_DESCRIPTOR } from './descriptor.js';
export { organizationTrailAccounts } from './trailRecords.js';
