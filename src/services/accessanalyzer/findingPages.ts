import { createHash } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import type { ValidationFinding } from '../../analysis/validation/index.js';

/**
 * Paging of ValidatePolicy's findings. The findings of a document are deterministic, so a token
 * names the next finding's index and a digest of the request it belongs to: a token from another
 * document, policy type or resource type, or one that was altered, is refused.
 */

/** AWS: ValidationException for a `nextToken` the service did not issue for this request. */
function invalidToken(): ServiceError {
  return new ServiceError('ValidationException', 'Invalid pagination token', { reason: 'other' });
}

function digestOf(document: string, options: { policyType: string; resourceType?: string }): string {
  return createHash('sha256')
    .update(`${options.policyType}\u0000${options.resourceType ?? ''}\u0000${document}`)
    .digest('base64url')
    .slice(0, 22);
}

/** One page of findings and the token of the next, when there is one. Without maxResults, every finding. */
export function findingsPage(
  findings: readonly ValidationFinding[],
  input: { policyDocument: string; maxResults?: number; nextToken?: string },
  options: { policyType: string; resourceType?: string },
): { findings: ValidationFinding[]; nextToken?: string } {
  const digest = digestOf(input.policyDocument, options);
  let start = 0;
  if (input.nextToken !== undefined) {
    const m = /^v1\.(\d{1,9})\.([A-Za-z0-9_-]{22})$/.exec(Buffer.from(input.nextToken, 'base64url').toString('latin1'));
    if (m === null || m[2] !== digest || Number(m[1]) > findings.length) throw invalidToken();
    start = Number(m[1]);
  }
  const end = input.maxResults === undefined ? findings.length : Math.min(findings.length, start + input.maxResults);
  const page = findings.slice(start, end);
  if (end >= findings.length) return { findings: page };
  return { findings: page, nextToken: Buffer.from(`v1.${end}.${digest}`, 'latin1').toString('base64url') };
}
