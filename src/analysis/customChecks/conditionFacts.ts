import type { ConditionTest } from '../../policy/ast.js';
import { parseOperator } from '../../policy/conditionOperators.js';
import { parseBool } from '../../policy/conditionValues.js';
import type { Budget } from './budget.js';
import { familyOf, setIncludes, setIsEmpty, setsDisjoint, valueItem, type ValueItem, type ValueSet } from './valueSets.js';

/**
 * A condition test as a fact about one context key, in the forms the engine's semantics reduce to
 * (src/policy/conditions.ts), where `E` is the key's values in the request and `S` a value set:
 * - `exists S`: E is not empty and some value of E is in S (plain and `ForAnyValue:` operators);
 * - `existsOrAbsent S`: E is empty, or some value is in S (the same with `…IfExists`);
 * - `forAll S`: every value of E is in S, also when E is empty (`ForAllValues:`, and every
 *   negated plain operator: `StringNotEquals k v` holds when no value equals v);
 * - `absent`, `present`: `Null` true or false; `always`: `Null` with both;
 * - `opaque`: a test with policy variables, equal only to an identical test.
 * For typed operators a value the operator cannot read makes the test an error (not true); the
 * forms then hold with S restricted to readable values, which the value sets already are.
 */
export type Fact =
  | { readonly form: 'exists' | 'existsOrAbsent' | 'forAll'; readonly key: string; readonly set: ValueSet; readonly identity: string }
  | { readonly form: 'absent' | 'present' | 'always' | 'opaque'; readonly key: string; readonly identity: string };

/**
 * The fact of one test, or undefined when the test is one the engine cannot compile (an unknown
 * operator, a value not of the operator's type): such a statement never applies.
 */
export function factOf(test: ConditionTest, variablesEnabled: boolean): Fact | undefined {
  const op = parseOperator(test.operator);
  if (op === undefined) return undefined;
  const key = test.key.toLowerCase();
  const variables = op.spec.variables && variablesEnabled && test.values.some((v) => v.includes('${'));
  const identity = `${test.operator.toLowerCase()}\u0000${key}\u0000${variables ? 1 : 0}\u0000${test.values.join('\u0001')}`;
  if (op.spec.type === 'Null') {
    const wants = test.values.map(parseBool);
    if (wants.some((w) => w === undefined)) return undefined;
    const absent = wants.includes(true);
    const present = wants.includes(false);
    if (absent && present) return { form: 'always', key, identity };
    if (absent) return { form: 'absent', key, identity };
    // `Null` with no value is never true.
    if (!present) return { form: 'exists', key, set: { family: 'string', negative: false, items: [] }, identity };
    return { form: 'present', key, identity };
  }
  const family = familyOf(op.spec)!;
  const items: ValueItem[] = [];
  if (!variables) {
    for (const raw of test.values) {
      const item = valueItem(op.spec, raw);
      if (item === undefined) return undefined;
      items.push(item);
    }
  } else {
    for (const raw of test.values) {
      if (!raw.includes('${') && valueItem(op.spec, raw) === undefined) return undefined;
    }
    return { form: 'opaque', key, identity };
  }
  const negated = op.spec.negated;
  // Without policy values the engine reads no request value, so none can be unreadable: the
  // family is then every string.
  const set: ValueSet = { family: items.length === 0 ? 'string' : family, negative: negated, items };
  if (op.set === 'forAllValues' || (op.set === 'none' && negated)) return { form: 'forAll', key, set, identity };
  return { form: op.ifExists ? 'existsOrAbsent' : 'exists', key, set, identity };
}

/** The facts of a conjunction grouped by key, for the questions below. */
export class FactIndex {
  private readonly byKey = new Map<string, Fact[]>();

  constructor(readonly facts: readonly Fact[]) {
    for (const f of facts) {
      const list = this.byKey.get(f.key);
      if (list === undefined) this.byKey.set(f.key, [f]);
      else list.push(f);
    }
  }

  on(key: string): readonly Fact[] {
    return this.byKey.get(key) ?? [];
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }
}

/** Whether every request satisfying all of `known` satisfies `fact` (true only when sure). */
export function implied(fact: Fact, known: FactIndex, budget: Budget): boolean {
  if (fact.form === 'always') return true;
  const same = known.on(fact.key);
  for (const k of same) if (k.identity === fact.identity) return true;
  switch (fact.form) {
    case 'opaque':
      return false;
    case 'absent':
      return same.some((k) => k.form === 'absent');
    case 'present':
      return same.some((k) => k.form === 'present' || k.form === 'exists');
    case 'exists': {
      if (same.some((k) => k.form === 'exists' && setIncludes(fact.set, k.set, budget))) return true;
      // A key that is present and whose every value is in S has a value in S.
      const present = same.some((k) => k.form === 'present' || k.form === 'exists');
      return present && same.some((k) => k.form === 'forAll' && setIncludes(fact.set, k.set, budget));
    }
    case 'existsOrAbsent':
      return same.some(
        (k) => k.form === 'absent' || ((k.form === 'exists' || k.form === 'existsOrAbsent' || k.form === 'forAll') && setIncludes(fact.set, k.set, budget)),
      );
    case 'forAll':
      return same.some((k) => k.form === 'absent' || (k.form === 'forAll' && setIncludes(fact.set, k.set, budget)));
  }
}

/** Whether no request satisfies all of `facts` (true only when sure). */
export function contradictory(facts: FactIndex, budget: Budget): boolean {
  for (const key of facts.keys()) {
    const same = facts.on(key);
    const absent = same.some((f) => f.form === 'absent');
    for (const f of same) {
      if (f.form === 'exists') {
        if (absent || setIsEmpty(f.set)) return true;
        for (const g of same) if (g.form === 'forAll' && setsDisjoint(f.set, g.set, budget)) return true;
      } else if (f.form === 'present' && absent) return true;
    }
  }
  return false;
}
