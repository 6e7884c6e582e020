import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzeExternalAccess } from './externalAccess.js';
import type { ExternalAccess } from './types.js';

/** The external access analysis on the cases of test/fixtures/external-access/ (each names its AWS source). */

interface Case {
  name: string;
  source: string;
  resource: { type: string; arn: string; owner: string };
  zone: { accounts: string[]; organizationId?: string };
  policy: object;
  expect: ExternalAccess[];
}

const file = new URL('../../../test/fixtures/external-access/findings.json', import.meta.url);
const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases;

describe('external access analysis on AWS-sourced cases', () => {
  for (const c of cases) {
    it(`${c.name} (${c.source})`, () => {
      const zone = { accounts: new Set(c.zone.accounts), ...(c.zone.organizationId !== undefined ? { organizationId: c.zone.organizationId } : {}) };
      const result = analyzeExternalAccess(
        { resourceType: c.resource.type, resourceArn: c.resource.arn, ownerAccount: c.resource.owner, policy: JSON.stringify(c.policy) },
        zone,
      );
      assert.ok('accesses' in result, JSON.stringify(result));
      const sort = (list: readonly ExternalAccess[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      assert.deepEqual(sort(result.accesses), sort(c.expect));
    });
  }

  it('a policy that is not a policy is an error finding, never a throw', () => {
    const result = analyzeExternalAccess(
      { resourceType: 'AWS::IAM::Role', resourceArn: 'arn:aws:iam::111122223333:role/r', ownerAccount: '111122223333', policy: '{' },
      { accounts: new Set(['111122223333']) },
    );
    assert.equal('error' in result && result.error, 'INTERNAL_ERROR');
  });
});
