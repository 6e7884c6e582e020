import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ConditionTest } from '../../policy/ast.js';
import { compileCondition } from '../../policy/conditions.js';
import { buildContext, type ContextRecord } from '../../policy/context.js';
import { Budget } from './budget.js';
import { contradictory, FactIndex, factOf, implied, type Fact } from './conditionFacts.js';

/**
 * Condition facts against the engine's condition evaluation: whenever the facts of some tests are
 * claimed to imply another test, every context satisfying those tests satisfies it; whenever a
 * conjunction is claimed contradictory, no context satisfies it. The vocabulary mixes the value
 * families on two keys, with request values each typed operator cannot read.
 */

const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericGreaterThanEquals',
  'DateLessThan',
  'DateGreaterThan',
  'Bool',
  'IpAddress',
  'NotIpAddress',
  'ArnLike',
  'ArnNotLike',
  'Null',
];
const PREFIXES = ['', '', 'ForAnyValue:', 'ForAllValues:'];
const POLICY_VALUES = [
  'a',
  'b',
  'A',
  'a*',
  '*',
  '1',
  '5',
  '10',
  '2026-01-01T00:00:00Z',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '::/0',
  'true',
  'false',
  'arn:aws:s3:::a*',
  'arn:aws:s3:::ab',
];
const REQUEST_VALUES = [
  'a',
  'b',
  'A',
  'ab',
  '5',
  '7',
  '10',
  '1e999',
  'x',
  '2026-06-01T00:00:00Z',
  '10.1.2.3',
  '10.2.0.1',
  '::1',
  'true',
  'FALSE',
  'arn:aws:s3:::ab',
  'arn:aws:s3:::b',
];

const test: fc.Arbitrary<ConditionTest> = fc
  .record({
    prefix: fc.constantFrom(...PREFIXES),
    op: fc.constantFrom(...OPERATORS),
    ifExists: fc.boolean(),
    key: fc.constantFrom('k', 'j'),
    values: fc.uniqueArray(fc.constantFrom(...POLICY_VALUES), { minLength: 0, maxLength: 2 }),
  })
  .map((t) => {
    const nullOp = t.op === 'Null';
    const operator = nullOp ? 'Null' : `${t.prefix}${t.op}${t.ifExists ? 'IfExists' : ''}`;
    return { operator, key: t.key, values: t.values };
  });

const contextRecord: fc.Arbitrary<ContextRecord> = fc
  .record({
    k: fc.option(fc.oneof(fc.constantFrom(...REQUEST_VALUES), fc.uniqueArray(fc.constantFrom(...REQUEST_VALUES), { maxLength: 3 })), { nil: undefined }),
    j: fc.option(fc.oneof(fc.constantFrom(...REQUEST_VALUES), fc.uniqueArray(fc.constantFrom(...REQUEST_VALUES), { maxLength: 3 })), { nil: undefined }),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as ContextRecord);

/** Whether the engine finds the test true in the context. */
function holds(t: ConditionTest, record: ContextRecord): boolean {
  return compileCondition(t, true).evaluate(buildContext(record)) === true;
}

function factsOf(tests: readonly ConditionTest[]): Fact[] | undefined {
  const facts: Fact[] = [];
  for (const t of tests) {
    const f = factOf(t, true);
    if (f === undefined) return undefined;
    facts.push(f);
  }
  return facts;
}

describe('condition facts', () => {
  it('a claimed implication holds in every context the engine evaluates', () => {
    let claims = 0;
    fc.assert(
      fc.property(
        fc.array(test, { minLength: 1, maxLength: 3 }),
        test,
        fc.array(contextRecord, { minLength: 60, maxLength: 60 }),
        (known, target, contexts) => {
          const facts = factsOf(known);
          const fact = factOf(target, true);
          if (facts === undefined || fact === undefined || !implied(fact, new FactIndex(facts), new Budget())) return;
          claims++;
          for (const c of contexts) {
            if (known.every((t) => holds(t, c)))
              assert.ok(holds(target, c), `${JSON.stringify(known)} ⇒ ${JSON.stringify(target)} claimed, but ${JSON.stringify(c)}`);
          }
        },
      ),
      { numRuns: 4000 },
    );
    assert.ok(claims > 100, `only ${claims} implications were claimed`);
  });

  it('a claimed contradiction has no context the engine finds satisfying', () => {
    let claims = 0;
    fc.assert(
      fc.property(fc.array(test, { minLength: 2, maxLength: 3 }), fc.array(contextRecord, { minLength: 60, maxLength: 60 }), (tests, contexts) => {
        const facts = factsOf(tests);
        if (facts === undefined || !contradictory(new FactIndex(facts), new Budget())) return;
        claims++;
        for (const c of contexts) assert.ok(!tests.every((t) => holds(t, c)), `${JSON.stringify(tests)} contradictory claimed, but ${JSON.stringify(c)}`);
      }),
      { numRuns: 4000 },
    );
    assert.ok(claims > 50, `only ${claims} contradictions were claimed`);
  });

  it('decides the implications reference policies rely on', () => {
    const fact = (operator: string, key: string, values: string[]) => factOf({ operator, key, values }, true)!;
    const b = new Budget();
    const known = (...f: Fact[]) => new FactIndex(f);
    // A tag that equals a value is present, so a Deny on its absence does not apply.
    assert.ok(contradictory(known(fact('StringEquals', 'aws:ResourceTag/owner', ['me']), fact('Null', 'aws:ResourceTag/owner', ['true'])), b));
    // A region that is one value is not any other.
    assert.ok(
      contradictory(
        known(fact('StringEquals', 'aws:RequestedRegion', ['us-east-1']), fact('StringNotEquals', 'aws:RequestedRegion', ['us-east-1', 'eu-west-1'])),
        b,
      ),
    );
    assert.ok(
      implied(
        fact('ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::1:role/A', 'arn:aws:iam::1:role/B']),
        known(fact('ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::1:role/A'])),
        b,
      ),
    );
    assert.ok(implied(fact('IpAddress', 'aws:SourceIp', ['10.0.0.0/8']), known(fact('IpAddress', 'aws:SourceIp', ['10.1.0.0/16'])), b));
    assert.ok(!implied(fact('IpAddress', 'aws:SourceIp', ['10.1.0.0/16']), known(fact('IpAddress', 'aws:SourceIp', ['10.0.0.0/8'])), b));
    assert.ok(implied(fact('NumericLessThan', 'n', ['10']), known(fact('NumericLessThanEquals', 'n', ['5'])), b));
    // IfExists accepts an absent key: it does not imply the plain test.
    assert.ok(!implied(fact('StringEquals', 'k', ['a']), known(fact('StringEqualsIfExists', 'k', ['a'])), b));
    assert.ok(implied(fact('StringEqualsIfExists', 'k', ['a', 'b']), known(fact('StringEquals', 'k', ['a'])), b));
  });
});
