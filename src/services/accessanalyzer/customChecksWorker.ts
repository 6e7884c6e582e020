/**
 * Worker thread: runs one custom policy check (`workerData.job`) with the full work budget and
 * posts `{ result }` or, for bad input, `{ inputError: { member, message } }`, so that a long check
 * never holds up the thread that answers calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Budget, CheckInputError } from '../../analysis/customChecks/index.js';
import { runCheckJob, type CheckJob } from './customCheckJobs.js';

const { job } = workerData as { job: CheckJob };
try {
  parentPort!.postMessage({ result: runCheckJob(job, new Budget()) });
} catch (err) {
  if (!(err instanceof CheckInputError)) throw err;
  parentPort!.postMessage({ inputError: { member: err.member, message: err.message } });
}
