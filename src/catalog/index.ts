export {
  serviceKeys,
  serviceName,
  actionsOf,
  findAction,
  resourceTypesOf,
  findResourceType,
  resourceTypesForArn,
  conditionKeysOf,
  findConditionKey,
  loadCatalog,
  rcpSupportedServices,
  type ActionInfo,
  type ResourceTypeInfo,
  type ConditionKeyInfo,
} from './catalog.js';
export { compileArnFormat, type ArnFormatMatcher } from './arnFormat.js';
export { DATA_DIR, type RawAction, type RawActionResourceType } from './data.js';
