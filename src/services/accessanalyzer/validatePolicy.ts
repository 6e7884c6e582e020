import { ServiceError } from '../../errors.js';
import { loadCatalog } from '../../catalog/index.js';
import { validatePolicy, type ValidatePolicyResourceType, type ValidatePolicyType, type ValidationFinding } from '../../analysis/validation/index.js';
import { besideModule, moduleWorker } from '../../moduleWorker.js';
import { defineOperation } from '../operation.js';
import { findingsPage } from './findingPages.js';

/** ValidatePolicy's input, as the service model names its members. */
export interface ValidatePolicyInput {
  policyDocument: string;
  policyType: ValidatePolicyType;
  validatePolicyResourceType?: ValidatePolicyResourceType;
  locale?: string;
  maxResults?: number;
  nextToken?: string;
}

/**
 * Longest policy document validated. AWS: the service model sets no length for `policyDocument`;
 * Gatehouse answers a longer one with ValidationException so that one call's work stays bounded.
 */
export const MAX_DOCUMENT_CHARACTERS = 1024 * 1024;

/**
 * Documents of at least this many characters are validated on a worker thread: the engine costs
 * about a microsecond per character, and a document of the maximum size would hold every other
 * call for a second or more. A policy of AWS's largest quota (20 KB) stays on the calling thread.
 */
export const OFF_THREAD_CHARACTERS = 32 * 1024;

/**
 * ValidatePolicy: the findings of the policy check reference for a document, paged.
 * AWS: Access Analyzer API reference, ValidatePolicy; `locale` is accepted and findings are in
 * English (EN), the only locale Gatehouse has.
 */
export const ValidatePolicy = defineOperation<ValidatePolicyInput, { findings: ValidationFinding[]; nextToken?: string }>({
  service: 'access-analyzer',
  name: 'ValidatePolicy',
  readOnly: true,
  authorize: () => [{ action: 'access-analyzer:ValidatePolicy', resource: '*' }],
  handle: async (input) => {
    if (input.policyDocument.length > MAX_DOCUMENT_CHARACTERS) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DOCUMENT_CHARACTERS}`,
        { reason: 'fieldValidationFailed' },
      );
    }
    if (input.maxResults !== undefined && input.maxResults < 1) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '${input.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`,
        { reason: 'fieldValidationFailed' },
      );
    }
    const options =
      input.validatePolicyResourceType === undefined
        ? { policyType: input.policyType }
        : { policyType: input.policyType, resourceType: input.validatePolicyResourceType };
    const findings = await findingsOf(input.policyDocument, options);
    return findingsPage(findings, input, options);
  },
});

async function findingsOf(
  document: string,
  options: { policyType: ValidatePolicyType; resourceType?: ValidatePolicyResourceType },
): Promise<ValidationFinding[]> {
  if (document.length < OFF_THREAD_CHARACTERS) {
    await loadCatalog();
    return validatePolicy(document, options);
  }
  const worker = moduleWorker(besideModule(import.meta.url, 'validatePolicyWorker'), { workerData: { document, options } });
  try {
    return await new Promise<ValidationFinding[]>((resolve, reject) => {
      worker.once('message', (reply: { findings: ValidationFinding[] }) => resolve(reply.findings));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the ValidatePolicy worker exited (${code}) without an answer`)));
    });
  } finally {
    void worker.terminate();
  }
}
