import type { Check } from './checkContext.js';
import { parseOperatorName } from './conditionOperatorNames.js';
import type { ConditionTest } from './policyModel.js';

const PRINCIPAL_KEYS = /^aws:(principalorgid|principalorgpaths|principalaccount|principalarn|principaltag\/.+)$/i;
const SERVICE_KEYS = /^aws:(sourceaccount|sourcearn|sourceorgid|sourceorgpaths)$/i;

/**
 * RCP data-perimeter guards. AWS: an RCP applies to every principal, AWS services included:
 * a principal key needs `BoolIfExists aws:PrincipalIsAWSService false`, a service source key
 * needs `Bool aws:PrincipalIsAWSService true` and a `Null … false` check of the source key.
 */
export const checkRcpConditions: Check = (ctx) => {
  if (ctx.kind !== 'rcp') return;
  for (const s of ctx.policy.statements) {
    const tests = s.condition?.tests ?? [];
    const isService = (value: string): boolean =>
      tests.some(
        (t) =>
          t.key.key.toLowerCase() === 'aws:principalisawsservice' &&
          parseOperatorName(t.operator.key)?.base === 'Bool' &&
          t.values.some((v) => v.text.toLowerCase() === value),
      );
    const nullFalse = tests.some(
      (t) => parseOperatorName(t.operator.key)?.base === 'Null' && SERVICE_KEYS.test(t.key.key) && t.values.some((v) => v.text.toLowerCase() === 'false'),
    );
    const at = (t: ConditionTest) => [ctx.doc.keyOf(t.operatorPath, t.key)];
    for (const t of tests) {
      const base = parseOperatorName(t.operator.key)?.base;
      if (base === undefined || base === 'Null') continue;
      if (PRINCIPAL_KEYS.test(t.key.key) && !isService('false')) ctx.report.add('RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY', at(t), { key: t.key.key });
      if (SERVICE_KEYS.test(t.key.key)) {
        if (!isService('true')) ctx.report.add('RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY', at(t), { key: t.key.key });
        if (!nullFalse) ctx.report.add('RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK', at(t), { key: t.key.key });
      }
    }
  }
};
