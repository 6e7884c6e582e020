/**
 * Worker thread: reads one SAML metadata document (`workerData.document`) with
 * `parseSamlMetadata` and posts `{ metadata }`, or `{ invalid: message }` when IAM cannot use it.
 * Large documents are read here so that parsing them never holds up the thread that answers calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSamlMetadata } from './samlMetadata.js';

try {
  parentPort!.postMessage({ metadata: parseSamlMetadata((workerData as { document: string }).document) });
} catch (err) {
  parentPort!.postMessage({ invalid: err instanceof Error ? err.message : String(err) });
}
