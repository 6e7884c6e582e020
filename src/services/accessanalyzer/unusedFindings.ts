import type { AnalyzerRecord, Store } from '../../store/index.js';

/** Brings an unused access analyzer's findings up to date (implemented with the unused access analysis). */
export async function refreshUnusedFindings(_store: Store, _analyzer: AnalyzerRecord, _now: Date, _flush?: () => Promise<void>): Promise<void> {}
