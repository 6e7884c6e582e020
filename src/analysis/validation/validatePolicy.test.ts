import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { VALIDATE_POLICY_TYPES, type ValidationFinding } from './types.js';
import { validatePolicy } from './validatePolicy.js';

/** Each location's span lies in the text, and its line/column agree with its offset. */
function assertSpansConsistent(text: string, findings: readonly ValidationFinding[]): void {
  for (const f of findings) {
    for (const l of f.locations) {
      for (const p of [l.span.start, l.span.end]) {
        assert.ok(p.offset >= 0 && p.offset <= text.length, `offset ${p.offset} within the text`);
        const before = text.slice(0, p.offset);
        assert.equal(p.line, before.split('\n').length, 'line counts from 1');
        assert.equal(p.column, p.offset - (before.lastIndexOf('\n') + 1), 'column counts from 0');
      }
      assert.ok(l.span.start.offset <= l.span.end.offset);
    }
  }
}

describe('validatePolicy', () => {
  it('reports a JSON syntax error with its index, line and column, and no other finding', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [}\n}';
    const findings = validatePolicy(text, { policyType: 'IDENTITY_POLICY' });
    assert.deepEqual(
      findings.map((f) => f.issueCode),
      ['JSON_SYNTAX_ERROR'],
    );
    assert.equal(findings[0]!.findingDetails, 'Fix the JSON syntax error at index 45 line 3 column 17.');
    assert.deepEqual(findings[0]!.locations[0]!.span.start, { line: 3, column: 16, offset: 45 });
  });

  it('answers nesting deeper than the parser allows with a syntax error, never a stack overflow', () => {
    const text = `{"Version":"2012-10-17","Statement":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    assert.deepEqual(
      validatePolicy(text, { policyType: 'IDENTITY_POLICY' }).map((f) => f.issueCode),
      ['JSON_SYNTAX_ERROR'],
    );
  });

  it('counts offsets in UTF-16 code units and lines at LF, as AWS reports them', () => {
    const text = '{\r\n "Version": "2012-10-17", "Statement": {"Sid": "é€😀", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}';
    const findings = validatePolicy(text, { policyType: 'IDENTITY_POLICY' });
    const invalid = findings.find((f) => f.issueCode === 'INVALID_ACTION');
    assert.ok(invalid);
    const { start } = invalid.locations[0]!.span;
    assert.equal(text.slice(start.offset, start.offset + 14), '"s3:GetObjekt"');
    assertSpansConsistent(text, findings);
  });

  it('matches many-star patterns in bounded time (no backtracking blow-up)', () => {
    const actions = Array.from({ length: 2000 }, (_, i) => `s3:*a*a*a*a*a*a*a*a*${i}`);
    const resources = Array.from({ length: 2000 }, (_, i) => `arn:aws:s3:::*a*a*a*a*a*a*a*a*${i}`);
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }] });
    const started = performance.now();
    validatePolicy(text, { policyType: 'IDENTITY_POLICY' });
    assert.ok(performance.now() - started < 5000, 'validated within 5 s');
  });

  it('costs time roughly linear in the document', () => {
    const statement = (i: number): unknown => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: ['s3:GetObject', 'ec2:StartInstances'],
      Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:ec2:us-east-1:111122223333:instance/i-${i}`],
      Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i}` }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    });
    const doc = (n: number): string => JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: n }, (_, i) => statement(i)) });
    const time = (text: string): number => {
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const started = performance.now();
        validatePolicy(text, { policyType: 'IDENTITY_POLICY' });
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(doc(50));
    const small = time(doc(100));
    const large = time(doc(1600));
    assert.ok(large < small * 16 * 4, `16× the statements took ${(large / small).toFixed(1)}× the time`);
  });

  it('never throws, and every span is consistent, for arbitrary JSON of every policy type', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('Allow', 'Deny', '*', 's3:GetObject', 'arn:aws:s3:::b/*', '${aws:username}', 'aws:SourceIp', '10.0.0.0/8', 'StringLike'),
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(
          fc.constantFrom(
            'Version',
            'Statement',
            'Effect',
            'Action',
            'NotAction',
            'Resource',
            'Principal',
            'Condition',
            'StringEquals',
            'AWS',
            'Service',
            'Federated',
            'Sid',
            'x',
          ),
          tie('node'),
          { maxKeys: 5 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.constantFrom(...VALIDATE_POLICY_TYPES), fc.boolean(), (v, policyType, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined) ?? 'null';
        assertSpansConsistent(text, validatePolicy(text, { policyType }));
      }),
      { numRuns: 300 },
    );
  });
});
