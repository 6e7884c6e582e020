/**
 * The registry of condition operators. Each operator is one row of data: its value type and flags.
 * `…IfExists` and the `ForAllValues:`/`ForAnyValue:` qualifiers are parsed off the name and become
 * flags too; they are not separate operators.
 *
 * AWS: reference_policies_elements_condition_operators.
 */

/** The value type an operator compares. */
export type ValueType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** How an ordered type compares the request value with the policy value. */
export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

/** One operator of the registry. */
export interface OperatorSpec {
  /** The operator name as AWS spells it, without qualifier or `IfExists`. */
  readonly name: string;
  readonly type: ValueType;
  /** True for the `Not…` operators: the per-value result is inverted (NOR across policy values). */
  readonly negated: boolean;
  readonly comparison: Comparison;
  readonly ignoreCase: boolean;
  /** `*` and `?` in policy values are wildcards. */
  readonly wildcards: boolean;
  /** Policy variables are substituted in policy values (Version 2012-10-17 only). */
  readonly variables: boolean;
  /** `…IfExists` and the set qualifiers may be applied (false only for Null). */
  readonly qualifiable: boolean;
}

/** A parsed operator name, e.g. `ForAnyValue:StringLikeIfExists`. */
export interface ParsedOperator {
  readonly spec: OperatorSpec;
  readonly ifExists: boolean;
  readonly set: 'none' | 'forAllValues' | 'forAnyValue';
}

type Row = Partial<OperatorSpec> & Pick<OperatorSpec, 'name' | 'type'>;

const ROWS: readonly Row[] = [
  { name: 'StringEquals', type: 'String', variables: true },
  { name: 'StringNotEquals', type: 'String', variables: true, negated: true },
  { name: 'StringEqualsIgnoreCase', type: 'String', variables: true, ignoreCase: true },
  { name: 'StringNotEqualsIgnoreCase', type: 'String', variables: true, ignoreCase: true, negated: true },
  { name: 'StringLike', type: 'String', variables: true, wildcards: true },
  { name: 'StringNotLike', type: 'String', variables: true, wildcards: true, negated: true },
  ...ordered('Numeric'),
  ...ordered('Date'),
  { name: 'Bool', type: 'Bool' },
  { name: 'BinaryEquals', type: 'Binary' },
  { name: 'IpAddress', type: 'IpAddress' },
  { name: 'NotIpAddress', type: 'IpAddress', negated: true },
  // AWS: reference_policies_elements_condition_operators — ArnEquals and ArnLike behave the same
  // (both accept wildcards in each ARN component); likewise ArnNotEquals and ArnNotLike.
  { name: 'ArnEquals', type: 'Arn', variables: true, wildcards: true },
  { name: 'ArnLike', type: 'Arn', variables: true, wildcards: true },
  { name: 'ArnNotEquals', type: 'Arn', variables: true, wildcards: true, negated: true },
  { name: 'ArnNotLike', type: 'Arn', variables: true, wildcards: true, negated: true },
  { name: 'Null', type: 'Null', qualifiable: false },
];

function ordered(type: 'Numeric' | 'Date'): Row[] {
  return [
    { name: `${type}Equals`, type },
    { name: `${type}NotEquals`, type, negated: true },
    { name: `${type}LessThan`, type, comparison: 'lt' },
    { name: `${type}LessThanEquals`, type, comparison: 'lte' },
    { name: `${type}GreaterThan`, type, comparison: 'gt' },
    { name: `${type}GreaterThanEquals`, type, comparison: 'gte' },
  ];
}

/** Every operator, keyed by lowercased name. */
export const CONDITION_OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(
  ROWS.map((row) => [
    row.name.toLowerCase(),
    {
      negated: false,
      comparison: 'eq',
      ignoreCase: false,
      wildcards: false,
      variables: false,
      qualifiable: true,
      ...row,
    } satisfies OperatorSpec,
  ]),
);

const IF_EXISTS = 'ifexists';

/**
 * Parses an operator as written in a policy. Matching is case-insensitive (a decision: the grammar
 * checker reports miscased names; evaluation is lenient). Returns undefined for an unknown operator,
 * `IfExists` on Null, or a set qualifier on Null.
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text.toLowerCase();
  let set: ParsedOperator['set'] = 'none';
  if (rest.startsWith('forallvalues:')) {
    set = 'forAllValues';
    rest = rest.slice('forallvalues:'.length);
  } else if (rest.startsWith('foranyvalue:')) {
    set = 'forAnyValue';
    rest = rest.slice('foranyvalue:'.length);
  }
  let spec = CONDITION_OPERATORS.get(rest);
  let ifExists = false;
  if (spec === undefined && rest.endsWith(IF_EXISTS)) {
    spec = CONDITION_OPERATORS.get(rest.slice(0, -IF_EXISTS.length));
    ifExists = true;
  }
  if (spec === undefined) return undefined;
  if (!spec.qualifiable && (ifExists || set !== 'none')) return undefined;
  return { spec, ifExists, set };
}
