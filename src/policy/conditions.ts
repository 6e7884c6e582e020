import type { ConditionTest } from './ast.js';
import { parseOperator, type ParsedOperator } from './conditionOperators.js';
import { compileValue, Outcome, parseBool, type ValueTest } from './conditionValues.js';
import type { ContextEntry, ContextValues } from './context.js';

/**
 * One compiled condition test (operator × key × values). `evaluate` returns true or false, or a
 * message when the test cannot be evaluated; a test that errors does not match.
 *
 * AWS: reference_policies_elements_condition_operators, reference_policies_condition-single-vs-
 * multi-valued-context-keys and reference_policies_multi-value-conditions —
 * - values of one key are ORed (NOR for negated operators);
 * - a key absent from the request makes a test false, but true for negated operators; `…IfExists`
 *   makes it true; Null tests presence itself;
 * - `ForAllValues:` is true when every request value matches, and also when the key is absent or
 *   its value is an empty set; `ForAnyValue:` needs one matching request value and is false when
 *   the key is absent or empty;
 * - with a negated operator under a qualifier, each request value is tested with the negated
 *   operator (it must match none of the policy values).
 * Decisions: an empty array is treated as an absent key; `…IfExists` makes an absent key true even
 * under `ForAnyValue:`; a plain (unqualified) operator applied to a multivalued request value matches
 * when any request value matches (negated: when none does); a request value of the wrong type, or a
 * policy variable that cannot be resolved, makes the whole test false whatever the negation, and is
 * reported.
 */
export interface CompiledCondition {
  readonly test: ConditionTest;
  /** Set when the operator is unknown or a policy value is not of the operator's type. */
  readonly error: string | undefined;
  evaluate(context: ContextValues): boolean | string;
}

/** Compiles one condition test; never throws. */
export function compileCondition(test: ConditionTest, variablesEnabled: boolean): CompiledCondition {
  const op = parseOperator(test.operator);
  if (op === undefined) return failed(test, `unknown condition operator \`${test.operator}\``);
  const lowerKey = test.key.toLowerCase();
  if (op.spec.type === 'Null') return compileNull(test, lowerKey);
  const values: ValueTest[] = [];
  for (const raw of test.values) {
    const compiled = compileValue(op.spec, raw, variablesEnabled);
    if (typeof compiled !== 'function') return failed(test, compiled.error);
    values.push(compiled);
  }
  return {
    test,
    error: undefined,
    evaluate: (context) => evaluateTest(op, values, context.getLower(lowerKey), context, test),
  };
}

function evaluateTest(
  op: ParsedOperator,
  values: readonly ValueTest[],
  entry: ContextEntry | undefined,
  context: ContextValues,
  test: ConditionTest,
): boolean | string {
  const negated = op.spec.negated;
  if (entry === undefined || entry.values.length === 0) {
    if (op.ifExists) return true;
    if (op.set === 'forAllValues') return true;
    if (op.set === 'forAnyValue') return false;
    return negated;
  }
  const count = entry.values.length;
  let anyElement = false;
  for (let i = 0; i < count; i++) {
    let matched = false;
    for (let v = 0; v < values.length; v++) {
      const outcome = values[v]!(entry, i, context);
      if (outcome === Outcome.Match) {
        matched = true;
        break;
      }
      if (outcome === Outcome.BadContext) {
        return `request value \`${entry.values[i]}\` of \`${test.key}\` is not valid for \`${op.spec.name}\``;
      }
      if (outcome === Outcome.Unresolved) return `a policy variable in \`${test.key}\` has no value in the request`;
    }
    const elementHolds = negated ? !matched : matched;
    if (op.set === 'forAllValues') {
      if (!elementHolds) return false;
    } else if (op.set === 'forAnyValue') {
      if (elementHolds) return true;
    } else if (matched) {
      anyElement = true;
      break;
    }
  }
  if (op.set === 'forAllValues') return true;
  if (op.set === 'forAnyValue') return false;
  return negated ? !anyElement : anyElement;
}

function compileNull(test: ConditionTest, lowerKey: string): CompiledCondition {
  const wants: boolean[] = [];
  for (const raw of test.values) {
    const want = parseBool(raw);
    if (want === undefined) return failed(test, `\`${raw}\` is not a boolean value for \`Null\``);
    wants.push(want);
  }
  return {
    test,
    error: undefined,
    evaluate: (context) => {
      const entry = context.getLower(lowerKey);
      const absent = entry === undefined || entry.values.length === 0;
      return wants.includes(absent);
    },
  };
}

function failed(test: ConditionTest, error: string): CompiledCondition {
  return { test, error, evaluate: () => error };
}
