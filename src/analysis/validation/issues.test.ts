import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ISSUES, renderDetails } from './issues.js';

it("the catalogue holds the reference's 153 checks: 79 errors, 19 security warnings, 29 suggestions, 26 warnings", () => {
  const byType: Record<string, number> = {};
  for (const spec of ISSUES.values()) byType[spec.findingType] = (byType[spec.findingType] ?? 0) + 1;
  assert.equal(ISSUES.size, 153);
  assert.deepEqual(byType, { ERROR: 79, SECURITY_WARNING: 19, SUGGESTION: 29, WARNING: 26 });
});

it("every learnMoreLink is the check's anchor on the reference page, warnings spelled general-warning", () => {
  const base = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-';
  assert.equal(ISSUES.get('WILDCARD_WITHOUT_LIKE_OPERATOR')!.learnMoreLink, `${base}general-warning-wildcard-without-like-operator`);
  assert.equal(ISSUES.get('TYPE_MISMATCH_IP_RANGE')!.learnMoreLink, `${base}error-type-mismatch-ip-range`);
  for (const spec of ISSUES.values())
    assert.match(
      spec.learnMoreLink,
      /^https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/access-analyzer-reference-policy-checks\.html#access-analyzer-reference-policy-checks-(error|security-warning|suggestion|general-warning)-[a-z0-9-]+$/,
    );
});

it('templates fill named placeholders and leave no braces behind', () => {
  assert.equal(renderDetails(ISSUES.get('INVALID_EFFECT')!.template, { effect: 'allow' }), 'The effect allow is not valid. Use Allow or Deny.');
  assert.equal(renderDetails('a {{x}} b {{y}}', { x: 1 }), 'a 1 b ');
});
