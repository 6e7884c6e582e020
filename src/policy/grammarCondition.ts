import type { JsonNode } from './json.js';
import type { GrammarReport } from './grammarReport.js';
import { checkVariables, isValidDateValue } from './grammarValues.js';
import { CONDITION_OPERATORS } from './conditionOperators.js';

/**
 * The condition operator families IAM knows, without qualifier or `IfExists`, as AWS spells them:
 * the names of the one operator registry (`conditionOperators.ts`).
 * AWS: IAM User Guide, "IAM JSON policy elements: Condition operators".
 */
export const CONDITION_OPERATOR_NAMES: ReadonlySet<string> = new Set([...CONDITION_OPERATORS.values()].map((spec) => spec.name));

/** An operator name split into its parts. */
export interface ConditionOperatorName {
  readonly base: string;
  readonly qualifier?: 'ForAllValues' | 'ForAnyValue';
  readonly ifExists: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined when the base is unknown. */
export function parseConditionOperator(name: string): ConditionOperatorName | undefined {
  let rest = name;
  let qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  if (rest.startsWith('ForAllValues:')) qualifier = 'ForAllValues';
  else if (rest.startsWith('ForAnyValue:')) qualifier = 'ForAnyValue';
  if (qualifier !== undefined) rest = rest.slice(qualifier.length + 1);
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  if (!CONDITION_OPERATOR_NAMES.has(rest)) return undefined;
  return qualifier === undefined ? { base: rest, ifExists } : { base: rest, qualifier, ifExists };
}

/**
 * Checks a statement's Condition block: an object of operator → object of key → value, where a
 * value is a string, number or boolean, or an array of them (possibly empty).
 * AWS: IAM accepts an unknown operator whose block is empty (`{"x": {}}`) and an empty Condition;
 * a non-empty block under an unknown operator is a syntax error (moto's AWS-verified cases).
 */
export function checkCondition(node: JsonNode, path: string, report: GrammarReport, variables: boolean): void {
  if (node.kind !== 'object') {
    report.add('DATA_TYPE', { path, offset: node.start, detail: '`Condition` must be an object' });
    return;
  }
  for (const op of node.members) {
    const opPath = `${path}.${op.key}`;
    if (op.value.kind !== 'object') {
      report.add('DATA_TYPE', { path: opPath, offset: op.value.start, detail: `condition operator \`${op.key}\` must map to an object` });
      continue;
    }
    const parsed = parseConditionOperator(op.key);
    if (parsed === undefined && op.value.members.length > 0) {
      report.add('CONDITION_OPERATOR', { path: opPath, offset: op.keyStart, detail: `unknown condition operator \`${op.key}\`` });
      continue;
    }
    for (const entry of op.value.members) {
      const keyPath = `${opPath}.${entry.key}`;
      const values = entry.value.kind === 'array' ? entry.value.items : [entry.value];
      for (const v of values) {
        if (v.kind !== 'string' && v.kind !== 'number' && v.kind !== 'boolean') {
          report.add('DATA_TYPE', {
            path: keyPath,
            offset: v.start,
            detail: `condition value for \`${entry.key}\` must be a string, number or boolean`,
          });
          continue;
        }
        const raw = v.kind === 'string' ? v.value : v.kind === 'number' ? v.raw : String(v.value);
        if (parsed?.base.startsWith('Date') === true && !isValidDateValue(raw)) {
          report.add('CONDITION_DATE', { path: keyPath, offset: v.start, detail: `\`${raw}\` is not a date or epoch time` });
        }
        if (variables && v.kind === 'string') {
          const problem = checkVariables(v.value);
          if (problem !== undefined) report.add(problem.issue, { path: keyPath, offset: v.start, detail: problem.detail });
        }
      }
    }
  }
}
