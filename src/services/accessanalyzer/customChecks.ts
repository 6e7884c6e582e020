import { ServiceError } from '../../errors.js';
import {
  Budget,
  CheckInputError,
  type AccessCheckPolicyType,
  type AccessCheckResourceType,
  type AccessSpec,
  type CheckResult,
} from '../../analysis/customChecks/index.js';
import { besideModule, moduleWorker } from '../../moduleWorker.js';
import { defineOperation } from '../operation.js';
import { jobCharacters, runCheckJob, type CheckJob } from './customCheckJobs.js';
import { MAX_DOCUMENT_CHARACTERS, OFF_THREAD_CHARACTERS } from './validatePolicy.js';

/**
 * IAM Access Analyzer's custom policy checks: CheckNoNewAccess, CheckAccessNotGranted and
 * CheckNoPublicAccess (src/analysis/customChecks/). Each is authorized as
 * `access-analyzer:<operation>` on `*` and changes nothing.
 * AWS: Access Analyzer API reference, CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess.
 *
 * A check runs on the calling thread within a small work budget; a check that spends it, and every
 * check of documents of 32 KiB or more, runs again on a worker thread with the full budget, so a
 * hostile document never holds up other calls. What even the full budget leaves undecided is FAIL.
 */

export interface CheckNoNewAccessInput {
  newPolicyDocument: string;
  existingPolicyDocument: string;
  policyType: AccessCheckPolicyType;
}

export interface CheckAccessNotGrantedInput {
  policyDocument: string;
  access: AccessSpec[];
  policyType: AccessCheckPolicyType;
}

export interface CheckNoPublicAccessInput {
  policyDocument: string;
  resourceType: AccessCheckResourceType;
}

/**
 * Units of work a check may spend on the calling thread: tens of milliseconds at most. Nearly
 * every real pair of policies needs far less (a 10 × 10-statement pair a few tens of thousands).
 */
export const INLINE_BUDGET_UNITS = 1_500_000;

export const CheckNoNewAccess = defineOperation<CheckNoNewAccessInput, CheckResult>({
  service: 'access-analyzer',
  name: 'CheckNoNewAccess',
  readOnly: true,
  authorize: () => [{ action: 'access-analyzer:CheckNoNewAccess', resource: '*' }],
  handle: async (input) => {
    limitLength('newPolicyDocument', input.newPolicyDocument);
    limitLength('existingPolicyDocument', input.existingPolicyDocument);
    return decide({
      check: 'CheckNoNewAccess',
      newPolicyDocument: input.newPolicyDocument,
      existingPolicyDocument: input.existingPolicyDocument,
      policyType: input.policyType,
    });
  },
});

export const CheckAccessNotGranted = defineOperation<CheckAccessNotGrantedInput, CheckResult>({
  service: 'access-analyzer',
  name: 'CheckAccessNotGranted',
  readOnly: true,
  authorize: () => [{ action: 'access-analyzer:CheckAccessNotGranted', resource: '*' }],
  handle: async (input) => {
    limitLength('policyDocument', input.policyDocument);
    return decide({ check: 'CheckAccessNotGranted', policyDocument: input.policyDocument, access: input.access, policyType: input.policyType });
  },
});

export const CheckNoPublicAccess = defineOperation<CheckNoPublicAccessInput, CheckResult>({
  service: 'access-analyzer',
  name: 'CheckNoPublicAccess',
  readOnly: true,
  authorize: () => [{ action: 'access-analyzer:CheckNoPublicAccess', resource: '*' }],
  handle: async (input) => {
    limitLength('policyDocument', input.policyDocument);
    return decide({ check: 'CheckNoPublicAccess', policyDocument: input.policyDocument, resourceType: input.resourceType });
  },
});

/**
 * AWS: the model sets no length for the documents (AccessCheckPolicyDocument, sensitive, so its
 * value is not repeated); Gatehouse refuses one over 1 MiB, as ValidatePolicy does.
 */
function limitLength(member: string, document: string): void {
  if (document.length > MAX_DOCUMENT_CHARACTERS) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DOCUMENT_CHARACTERS}`,
      { reason: 'fieldValidationFailed' },
    );
  }
}

/** Bad input to a check, as AWS's ValidationException naming the member. */
function inputError(member: string, message: string): ServiceError {
  return new ServiceError('ValidationException', `Invalid ${member}: ${message}`, { reason: 'fieldValidationFailed' });
}

async function decide(job: CheckJob): Promise<CheckResult> {
  if (jobCharacters(job) < OFF_THREAD_CHARACTERS) {
    const budget = new Budget(INLINE_BUDGET_UNITS);
    try {
      const result = runCheckJob(job, budget);
      if (!budget.exhausted) return result;
    } catch (err) {
      if (err instanceof CheckInputError) throw inputError(err.member, err.message);
      throw err;
    }
  }
  return onWorker(job);
}

async function onWorker(job: CheckJob): Promise<CheckResult> {
  const worker = moduleWorker(besideModule(import.meta.url, 'customChecksWorker'), { workerData: { job } });
  try {
    const reply = await new Promise<{ result?: CheckResult; inputError?: { member: string; message: string } }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the custom check worker exited (${code}) without an answer`)));
    });
    if (reply.inputError !== undefined) throw inputError(reply.inputError.member, reply.inputError.message);
    return reply.result!;
  } finally {
    void worker.terminate();
  }
}
