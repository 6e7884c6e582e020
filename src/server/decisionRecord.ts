import type { DecisionRecord } from '../audit/index.js';
import type { AuthorizationOutcome } from '../auth/index.js';

/** An authorization's outcome as the audit record keeps it: each need's decision and the statements that decided it. */
export function decisionRecord(outcome: AuthorizationOutcome): DecisionRecord {
  return {
    allowed: outcome.allowed,
    decisions: outcome.decisions.map(({ need, decision }) => ({
      action: need.action,
      resource: need.resource,
      result: decision.result,
      blockedBy: decision.blockedBy,
      matchedStatements: decision.matchedStatements.map((m) => ({
        policyId: m.policyId,
        policyType: m.policyType,
        index: m.index,
        effect: m.effect,
        ...(m.sid !== undefined ? { sid: m.sid } : {}),
      })),
    })),
  };
}
