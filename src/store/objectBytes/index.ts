export { BlobMissing, type BlobWriter, type ObjectBytes } from './types.js';
export { openFileBytes } from './fileBytes.js';
export { openPgLargeObjects } from './pgLargeObjects.js';
