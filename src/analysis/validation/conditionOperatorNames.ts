import { CONDITION_OPERATORS, parseConditionOperator, type OperatorSpec } from '../../policy/index.js';

/** A condition operator as written: its registry entry, qualifier and `IfExists`. */
export interface OperatorName {
  readonly base: string;
  readonly spec: OperatorSpec;
  readonly qualifier?: 'ForAllValues' | 'ForAnyValue';
  readonly ifExists: boolean;
}

/**
 * Parses an operator name exactly as IAM spells it (`ForAnyValue:StringLikeIfExists`); undefined
 * for a name IAM does not know. `NullIfExists` and qualified `Null` parse (their own checks report them).
 */
export function parseOperatorName(name: string): OperatorName | undefined {
  if (parsedNames.has(name)) return parsedNames.get(name);
  const hit = parse(name);
  if (parsedNames.size > 1000) parsedNames.clear();
  parsedNames.set(name, hit);
  return hit;
}

const parsedNames = new Map<string, OperatorName | undefined>();

function parse(name: string): OperatorName | undefined {
  const parsed = parseConditionOperator(name);
  if (parsed === undefined) return undefined;
  const spec = CONDITION_OPERATORS.get(parsed.base.toLowerCase());
  if (spec === undefined) return undefined;
  return parsed.qualifier === undefined
    ? { base: parsed.base, spec, ifExists: parsed.ifExists }
    : { base: parsed.base, spec, qualifier: parsed.qualifier, ifExists: parsed.ifExists };
}
