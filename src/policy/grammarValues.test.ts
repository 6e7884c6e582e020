import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseConditionOperator } from './grammarCondition.js';
import { firstDisallowedCharacter, POLICY_SIZE_LIMITS, policySize } from './grammarLimits.js';
import { dialectOf, wireMessage } from './grammarMessages.js';
import { checkPrincipalValue, checkVariables, isTrustPolicyAction, isValidDateValue } from './grammarValues.js';

describe('grammar limits', () => {
  it('holds the AWS default quotas (reference §6.1)', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(POLICY_SIZE_LIMITS).map(([t, l]) => [t, [l.max, l.countsWhitespace]])), {
      identity: [6144, false],
      boundary: [6144, false],
      trust: [2048, false],
      session: [2048, true],
      scp: [5120, true],
      rcp: [5120, true],
      resource: [20480, true],
    });
  });

  it('counts characters with or without white space', () => {
    assert.equal(policySize(' a\tb\r\nc ', false), 3);
    assert.equal(policySize(' a\tb\r\nc ', true), 8);
  });

  it('finds the first character outside TAB, LF, CR and U+0020–U+00FF', () => {
    assert.equal(firstDisallowedCharacter('ab\t\n\r\u00ff'), -1);
    assert.equal(firstDisallowedCharacter('ab\u0000'), 2);
    assert.equal(firstDisallowedCharacter('a\u0100'), 1);
    assert.equal(firstDisallowedCharacter('\u001f'), 0);
  });
});

describe('grammar values', () => {
  it('splits condition operator names', () => {
    assert.deepEqual(parseConditionOperator('ForAnyValue:StringLikeIfExists'), { base: 'StringLike', qualifier: 'ForAnyValue', ifExists: true });
    assert.deepEqual(parseConditionOperator('NullIfExists'), { base: 'Null', ifExists: true });
    assert.equal(parseConditionOperator('stringequals'), undefined);
    assert.equal(parseConditionOperator('ForSomeValues:StringEquals'), undefined);
  });

  it('matches trust actions case-insensitively with wildcards', () => {
    assert.equal(isTrustPolicyAction('sts:AssumeRoleWith*'), true);
    assert.equal(isTrustPolicyAction('STS:SETCONTEXT'), true);
    assert.equal(isTrustPolicyAction('sts:GetCallerIdentity'), false);
    assert.equal(isTrustPolicyAction('iam:*'), false);
  });

  it('validates Date operator values like IAM legacy parsing', () => {
    for (const ok of ['2020-01-01', '2020-01-01T10:00:00-05:00', '0', '1700000000', '2016-12-13t2:00:00.123456789z']) {
      assert.equal(isValidDateValue(ok), true, ok);
    }
    for (const bad of ['', 'now', '2020-00-01', '2020-01-32', '2020-01-01T24:00', '2020-01-01T10:60', '1.5', '2016-12-13t2:00:00.1234567890z']) {
      assert.equal(isValidDateValue(bad), false, bad);
    }
  });

  it('validates principal values per principal type', () => {
    assert.equal(checkPrincipalValue('AWS', '123456789012'), undefined);
    assert.equal(checkPrincipalValue('AWS', 'arn:aws:iam::123456789012:user/a b')?.issue, 'INVALID_PRINCIPAL');
    assert.equal(checkPrincipalValue('Service', 'ec2.amazonaws.com'), undefined);
    assert.equal(checkPrincipalValue('Service', '*')?.issue, 'INVALID_PRINCIPAL');
    assert.equal(checkPrincipalValue('Federated', 'accounts.google.com'), undefined);
  });

  it('accepts well-formed policy variables and explains malformed ones', () => {
    assert.equal(checkVariables("a/${aws:username}/${aws:PrincipalTag/x,'d'}"), undefined);
    assert.equal(checkVariables('no variables here, just $ and { }'), undefined);
    assert.match(checkVariables('${aws:username')?.detail ?? '', /closing/);
    assert.match(checkVariables('${}')?.detail ?? '', /empty/);
  });
});

describe('grammar messages', () => {
  it('uses each service’s own wording for the same problem', () => {
    const by = (type: Parameters<typeof dialectOf>[0]): string => wireMessage(dialectOf(type), 'JSON_SYNTAX');
    assert.equal(by('identity'), 'Syntax errors in policy.');
    assert.equal(by('trust'), 'This policy contains invalid Json');
    assert.equal(by('resource'), 'This policy contains invalid Json');
    assert.equal(by('session'), 'The policy is not in the valid JSON format.');
    assert.equal(by('scp'), 'The provided policy document does not meet the requirements of the specified policy type.');
  });
});
