/**
 * Worker thread: validates one large policy document (`workerData.document`, `workerData.options`)
 * and posts `{ findings }`, so that a long validation never holds up the thread that answers calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { validatePolicy, type ValidateOptions } from '../../analysis/validation/index.js';

const { document, options } = workerData as { document: string; options: ValidateOptions };
parentPort!.postMessage({ findings: validatePolicy(document, options) });
