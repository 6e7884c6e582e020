import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONDITION_OPERATORS, parseOperator } from './conditionOperators.js';
import { CONDITION_OPERATOR_NAMES } from './grammarCondition.js';

describe('condition operator registry', () => {
  it('holds exactly the operators the grammar checker accepts', () => {
    const registry = new Set([...CONDITION_OPERATORS.values()].map((spec) => spec.name));
    assert.deepEqual([...registry].sort(), [...CONDITION_OPERATOR_NAMES].sort());
  });

  it('parses set qualifiers and IfExists into flags', () => {
    const parsed = parseOperator('ForAnyValue:StringNotLikeIfExists');
    assert.ok(parsed);
    assert.equal(parsed.spec.name, 'StringNotLike');
    assert.equal(parsed.set, 'forAnyValue');
    assert.equal(parsed.ifExists, true);
    assert.equal(parsed.spec.negated, true);
    assert.equal(parsed.spec.wildcards, true);
    assert.equal(parseOperator('ForAllValues:NumericLessThan')?.set, 'forAllValues');
    assert.equal(parseOperator('DateGreaterThanEquals')?.spec.comparison, 'gte');
  });

  it('gives ArnEquals the wildcard behaviour of ArnLike', () => {
    assert.deepEqual({ ...parseOperator('ArnEquals')!.spec, name: '' }, { ...parseOperator('ArnLike')!.spec, name: '' });
  });

  it('allows variables only for string and ARN operators', () => {
    // AWS: reference_policies_variables — "You can't use a policy variable with other operators,
    // such as Numeric, Date, Boolean, Binary, IP Address, or Null operators".
    for (const spec of CONDITION_OPERATORS.values()) {
      assert.equal(spec.variables, spec.type === 'String' || spec.type === 'Arn', spec.name);
    }
  });

  it('rejects unknown names and IfExists or set qualifiers on Null', () => {
    assert.equal(parseOperator('StringEqualz'), undefined);
    assert.equal(parseOperator('NullIfExists'), undefined);
    assert.equal(parseOperator('ForAllValues:Null'), undefined);
    assert.equal(parseOperator('ForSomeValues:StringEquals'), undefined);
    assert.ok(parseOperator('Null'));
  });
});
