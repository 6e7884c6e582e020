import { checkActions } from './actionChecks.js';
import { checkResources } from './arnChecks.js';
import { policyKindOf, type Check, type CheckContext } from './checkContext.js';
import { checkConditionActions } from './conditionActionChecks.js';
import { checkConditionKeys } from './conditionKeyChecks.js';
import { checkConditionSecurity } from './conditionSecurityChecks.js';
import { checkConditionValues } from './conditionValueChecks.js';
import { checkDocument } from './documentChecks.js';
import { FindingCollector } from './findings.js';
import { buildPolicyModel } from './policyModel.js';
import { checkPolicyTypeGrammar } from './policyTypeChecks.js';
import { checkPrincipals } from './principalChecks.js';
import { checkRcpConditions } from './rcpChecks.js';
import { checkRedundantStatements } from './redundantStatements.js';
import { checkSensitiveActions } from './sensitiveActionChecks.js';
import { checkServicePrincipals } from './servicePrincipalChecks.js';
import { SourceDocument } from './sourceDocument.js';
import { parseSourceJson } from './sourceJson.js';
import { checkStatements } from './statementChecks.js';
import { checkTrustPolicies } from './trustPolicyChecks.js';
import type { ValidateOptions, ValidationFinding } from './types.js';
import { checkVariables } from './variableChecks.js';

/** Every family of checks, in the order they run (the findings are sorted by location afterwards). */
const CHECKS: readonly Check[] = [
  checkDocument,
  checkStatements,
  checkPolicyTypeGrammar,
  checkPrincipals,
  checkTrustPolicies,
  checkActions,
  checkResources,
  checkVariables,
  checkConditionKeys,
  checkConditionValues,
  checkConditionSecurity,
  checkConditionActions,
  checkServicePrincipals,
  checkRcpConditions,
  checkSensitiveActions,
  checkRedundantStatements,
];

/**
 * IAM Access Analyzer's ValidatePolicy: every finding of the policy check reference for `text`
 * validated as `options.policyType` (and resource type). Pure and deterministic; a document that is
 * not JSON yields one JSON_SYNTAX_ERROR finding. Time is linear in the document's size.
 */
export function validatePolicy(text: string, options: ValidateOptions): ValidationFinding[] {
  const doc = new SourceDocument(text);
  const report = new FindingCollector();
  const parsed = parseSourceJson(text);
  if (!parsed.ok) {
    const at = doc.position(parsed.offset);
    // AWS: "Fix the JSON syntax error at index {{index}} line {{line}} column {{column}}." (the
    // column here is 1-based, as JSON parsers report it).
    report.add('JSON_SYNTAX_ERROR', [doc.at([], { start: parsed.offset, end: Math.min(parsed.offset + 1, text.length) })], {
      index: parsed.offset,
      line: at.line,
      column: at.column + 1,
    });
    return report.list();
  }
  const policy = buildPolicyModel(parsed.root, doc, report);
  if (policy === undefined) return report.list();
  const ctx: CheckContext = {
    doc,
    policy,
    options,
    kind: policyKindOf(options),
    report,
    variables: policy.version?.value === '2012-10-17',
  };
  for (const check of CHECKS) check(ctx);
  return report.list();
}
