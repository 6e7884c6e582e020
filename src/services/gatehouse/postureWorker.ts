/**
 * Worker thread: analyses one account (`workerData`: its export, the time and the thresholds) and
 * posts `{ report }`, so that a large account's analysis never holds up the thread that answers calls.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AccountExport } from '../../analysis/exports/index.js';
import { analyzeAccount, type Thresholds } from '../../analysis/posture/index.js';
import { awsManagedPolicyFacts } from './awsManaged.js';

const { account, now, thresholds } = workerData as { account: AccountExport; now: string; thresholds: Thresholds };
parentPort!.postMessage({ report: await analyzeAccount(account, { now: new Date(now), thresholds, awsManagedPolicy: awsManagedPolicyFacts }) });
