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
