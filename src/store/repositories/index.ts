export { accessKeyAad, accessKeysRepository } from './accessKeys.js';
export { accountsRepository } from './accounts.js';
export type { RepositoryContext } from './context.js';
export { kvRepository } from './kv.js';
export { decodeMarker, encodeMarker } from './marker.js';
export { usersRepository } from './users.js';
