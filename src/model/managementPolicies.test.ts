import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkManagementPolicy, effectiveManagementPolicy, managementPolicyType } from './managementPolicies.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/management-policies');
const load = <T>(file: string): T[] => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as T[];

interface SyntaxCase {
  readonly name: string;
  readonly type: string;
  readonly policy: unknown;
  readonly ok: boolean;
  readonly problem?: string;
  readonly source: string;
}

interface InheritanceCase {
  readonly name: string;
  readonly type: string;
  readonly levels: unknown[][];
  readonly effective: unknown;
  readonly source: string;
}

describe('management policy syntax fixtures', () => {
  for (const c of load<SyntaxCase>('syntax.json')) {
    it(c.name, () => {
      assert.ok(c.source.length > 0, 'every case cites its source');
      const result = checkManagementPolicy(JSON.stringify(c.policy), c.type);
      assert.equal(result.ok, c.ok, result.ok ? 'accepted' : result.message);
      if (!result.ok) assert.ok(result.message.includes(c.problem ?? '\u0000'), `${result.message} names ${c.problem}`);
    });
  }

  it('refuses text that is not JSON, and a type that is not a management policy type', () => {
    const notJson = checkManagementPolicy('{"tags": ', 'TAG_POLICY');
    assert.equal(notJson.ok, false);
    assert.equal(checkManagementPolicy('{"tags": {}}', 'SERVICE_CONTROL_POLICY').ok, false);
    assert.equal(managementPolicyType('SERVICE_CONTROL_POLICY'), undefined);
    assert.equal(managementPolicyType('toString'), undefined);
  });
});

describe('management policy inheritance fixtures', () => {
  for (const c of load<InheritanceCase>('inheritance.json')) {
    it(c.name, () => {
      assert.ok(c.source.length > 0, 'every case cites its source');
      const levels = c.levels.map((level) =>
        level.map((doc) => {
          const checked = checkManagementPolicy(JSON.stringify(doc), c.type);
          assert.ok(checked.ok, checked.ok ? '' : `fixture policy is valid: ${checked.message}`);
          return checked.document;
        }),
      );
      assert.deepEqual(effectiveManagementPolicy(c.type, levels) ?? null, c.effective);
    });
  }

  it('leaves the policies it merges unchanged', () => {
    const doc = { tags: { project: { tag_value: { '@@assign': ['A'] } } } };
    const child = { tags: { project: { tag_value: { '@@append': ['B'] } } } };
    const before = JSON.stringify([doc, child]);
    effectiveManagementPolicy('TAG_POLICY', [[doc], [child]]);
    assert.equal(JSON.stringify([doc, child]), before);
  });
});

describe('effective policies of unusual documents', () => {
  const parse = (text: string) => {
    const checked = checkManagementPolicy(text, 'BEDROCK_POLICY');
    assert.ok(checked.ok, checked.ok ? '' : checked.message);
    return checked.document;
  };

  it('settings named like JavaScript object members are ordinary settings', () => {
    const document = parse(
      '{"bedrock":{"constructor":{"@@append":["x"]},"toString":{"@@remove":["y"]},"__proto__":{"@@assign":"z"},"valueOf":{"k":{"@@assign":1}}}}',
    );
    const effective = effectiveManagementPolicy('BEDROCK_POLICY', [[document]]);
    assert.equal(JSON.stringify(effective), '{"bedrock":{"constructor":["x"],"__proto__":"z","valueOf":{"k":1}}}');
    assert.equal(Object.getPrototypeOf(effective!['bedrock']), Object.prototype);
  });

  // Recomputing the operators allowed at each setting from its whole path was quadratic in the
  // document's depth: this merge took 35 s, a stall of every call (now well under a second). The
  // bound is a stall check with a wide margin, not a speed target (node:test cannot time out
  // synchronous code).
  it('merges deeply nested documents without stalling', () => {
    const started = performance.now();
    const leaves = Array.from({ length: 38 }, (_, i) => `"l${i}":{"@@append":[1],"@@operators_allowed_for_child_policies":["@@all"]}`).join(',');
    const text = `{"bedrock":${'{"a":'.repeat(1190)}{${leaves}}${'}'.repeat(1190)}}`;
    assert.ok(text.length < 10_000);
    const document = parse(text);
    const levels = [
      Array.from({ length: 10 }, () => document),
      Array.from({ length: 10 }, () => document),
      Array.from({ length: 10 }, () => document),
      Array.from({ length: 10 }, () => document),
    ];
    let node = effectiveManagementPolicy('BEDROCK_POLICY', levels)!['bedrock'] as Record<string, unknown>;
    for (let depth = 0; depth < 1190; depth++) node = node['a'] as Record<string, unknown>;
    assert.deepEqual(node['l0'], [1]);
    assert.ok(performance.now() - started < 5_000, `the merge took ${(performance.now() - started).toFixed(0)} ms`);
  });
});
