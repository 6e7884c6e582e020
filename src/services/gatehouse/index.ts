export { importAccount, importState, type ImportSummary } from './accountImporter.js';
export { readAccountExport } from './accountReader.js';
export type { ImportedFacts } from './importedFacts.js';
