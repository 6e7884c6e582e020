import {
  type Budget,
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
  type AccessCheckPolicyType,
  type AccessCheckResourceType,
  type AccessSpec,
  type CheckResult,
} from '../../analysis/customChecks/index.js';

/** One custom policy check with its input, as the handlers and the worker thread run it. */
export type CheckJob =
  | {
      readonly check: 'CheckNoNewAccess';
      readonly newPolicyDocument: string;
      readonly existingPolicyDocument: string;
      readonly policyType: AccessCheckPolicyType;
    }
  | {
      readonly check: 'CheckAccessNotGranted';
      readonly policyDocument: string;
      readonly access: readonly AccessSpec[];
      readonly policyType: AccessCheckPolicyType;
    }
  | { readonly check: 'CheckNoPublicAccess'; readonly policyDocument: string; readonly resourceType: AccessCheckResourceType };

/** Runs a check within `budget`. Throws CheckInputError for bad input. */
export function runCheckJob(job: CheckJob, budget: Budget): CheckResult {
  switch (job.check) {
    case 'CheckNoNewAccess':
      return checkNoNewAccess(job.newPolicyDocument, job.existingPolicyDocument, job.policyType, { budget });
    case 'CheckAccessNotGranted':
      return checkAccessNotGranted(job.policyDocument, job.access, job.policyType, { budget });
    case 'CheckNoPublicAccess':
      return checkNoPublicAccess(job.policyDocument, job.resourceType, { budget });
  }
}

/** The characters of the job's documents. */
export function jobCharacters(job: CheckJob): number {
  return job.check === 'CheckNoNewAccess' ? job.newPolicyDocument.length + job.existingPolicyDocument.length : job.policyDocument.length;
}
