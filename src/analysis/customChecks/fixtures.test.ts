import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkAccessNotGranted } from './accessNotGranted.js';
import { checkNoNewAccess } from './noNewAccess.js';
import { checkNoPublicAccess } from './noPublicAccess.js';
import type { AccessCheckPolicyType, AccessCheckResourceType, AccessSpec, CheckResult } from './types.js';

/**
 * The custom checks on AWS's own examples (test/fixtures/custom-checks/): each case gives AWS's
 * result and reasons, and names its source.
 */

interface Case {
  name: string;
  source: string;
  expect: { result: 'PASS' | 'FAIL'; reasons?: CheckResult['reasons'] };
}

function cases<T extends Case>(file: string): T[] {
  const url = new URL(`../../../test/fixtures/custom-checks/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: T[] }).cases;
}

function assertResult(out: CheckResult, expect: Case['expect']): void {
  assert.equal(out.result, expect.result);
  assert.deepEqual(out.reasons, expect.reasons);
}

describe('CheckNoNewAccess on AWS examples', () => {
  for (const c of cases<Case & { policyType: AccessCheckPolicyType; existing: object; new: object }>('no-new-access.json')) {
    it(`${c.name} (${c.source})`, () => {
      assertResult(checkNoNewAccess(JSON.stringify(c.new), JSON.stringify(c.existing), c.policyType), c.expect);
    });
  }
});

describe('CheckAccessNotGranted on AWS examples', () => {
  for (const c of cases<Case & { policyType: AccessCheckPolicyType; policy: object; access: AccessSpec[] }>('access-not-granted.json')) {
    it(`${c.name} (${c.source})`, () => {
      assertResult(checkAccessNotGranted(JSON.stringify(c.policy), c.access, c.policyType), c.expect);
    });
  }
});

describe('CheckNoPublicAccess on AWS examples', () => {
  for (const c of cases<Case & { resourceType: AccessCheckResourceType; policy: object }>('no-public-access.json')) {
    it(`${c.name} (${c.source})`, () => {
      assertResult(checkNoPublicAccess(JSON.stringify(c.policy), c.resourceType), c.expect);
    });
  }
});
