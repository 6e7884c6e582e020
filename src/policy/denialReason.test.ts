import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicy } from './compile.js';
import { buildContext } from './context.js';
import { denialReason, describeCondition, policyLabel } from './denialReason.js';
import { evaluate } from './evaluate.js';
import { renderAccessDeniedMessage } from './explain.js';
import { normalizePolicy } from './normalize.js';
import type { ApplicablePolicies, AuthzRequest } from './request.js';
import type { PolicyType } from './ast.js';

const ACCOUNT = '111122223333';
const ARN = `arn:aws:iam::${ACCOUNT}:policy/Office`;

function compiled(document: object, id: string, type: PolicyType = 'identity') {
  return compilePolicy(normalizePolicy(document as never), { id, type });
}

function request(sourceIp: string, extra: Record<string, string> = {}): AuthzRequest {
  return {
    principal: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, type: 'IAMUser', userId: 'AIDAALICE' },
    action: 'iam:CreateUser',
    resource: { arn: `arn:aws:iam::${ACCOUNT}:user/bob`, accountId: ACCOUNT },
    context: buildContext({ 'aws:SourceIp': sourceIp, ...extra }),
  };
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('denialReason', () => {
  it('an explicit deny names its statement, its policy and what made each condition hold', () => {
    const office = compiled(
      {
        Version: '2012-10-17',
        Statement: [{ Sid: 'DenyOutsideOffice', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }],
      },
      ARN,
    );
    const policies: ApplicablePolicies = { identity: [compiled(ALLOW_ALL, 'inline:user/alice/all'), office] };
    const req = request('203.0.113.9');
    const decision = evaluate(req, policies);
    assert.equal(
      denialReason(req, decision, policies),
      `denied by the Deny statement \`DenyOutsideOffice\` of the identity-based policy ${ARN}: aws:SourceIp 203.0.113.9 is not in 10.0.0.0/8 (NotIpAddress)`,
    );
    // The AccessDenied message names the same policy type and policy.
    assert.match(renderAccessDeniedMessage(req, decision), new RegExp(`with an explicit deny in an identity-based policy: ${ARN}$`));
  });

  it('a Deny without a Sid or a condition', () => {
    const inline = compiled(
      { Version: '2012-10-17', Statement: [ALLOW_ALL.Statement[0], { Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }] },
      'inline:group/devs/NoUsers',
    );
    const req = request('10.1.2.3');
    const decision = evaluate(req, { identity: [inline] });
    assert.equal(
      denialReason(req, decision, { identity: [inline] }),
      `denied by the Deny statement Statement[1] of the inline identity-based policy \`NoUsers\` of group devs: it applies to iam:CreateUser on arn:aws:iam::${ACCOUNT}:user/bob without a condition`,
    );
  });

  it('an implicit deny names the layer, and the condition an Allow that nearly applied required', () => {
    const officeOnly = compiled(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OfficeOnly',
            Effect: 'Allow',
            Action: 'iam:*',
            Resource: '*',
            Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ],
      },
      ARN,
    );
    const policies = { identity: [officeOnly] };
    const req = request('203.0.113.9', { 'aws:MultiFactorAuthPresent': 'true' });
    assert.equal(
      denialReason(req, evaluate(req, policies), policies),
      `denied implicitly: no identity-based policy allows iam:CreateUser on arn:aws:iam::${ACCOUNT}:user/bob; the Allow statement \`OfficeOnly\` of the identity-based policy ${ARN} would, but aws:SourceIp 203.0.113.9 is not in any of 10.0.0.0/8, 192.168.0.0/16 (IpAddress)`,
    );
    const nothing = { identity: [] };
    assert.equal(
      denialReason(req, evaluate(req, nothing), nothing),
      `denied implicitly: no identity-based policy allows iam:CreateUser on arn:aws:iam::${ACCOUNT}:user/bob`,
    );
  });

  it('an SCP deny is named by its ARN and type', () => {
    const scpArn = 'arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-1';
    const scp = compiled(
      {
        Version: '2012-10-17',
        Statement: [
          ALLOW_ALL.Statement[0],
          { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'admins' } } },
        ],
      },
      scpArn,
      'scp',
    );
    const policies: ApplicablePolicies = { identity: [compiled(ALLOW_ALL, 'inline:user/alice/all')], scpLevels: [[scp]] };
    const req = request('10.0.0.1');
    assert.equal(
      denialReason(req, evaluate(req, policies), policies),
      `denied by the Deny statement \`NoIam\` of the service control policy ${scpArn}: aws:PrincipalTag/team is absent (StringNotEquals)`,
    );
  });

  it('conditions read as they came out, for every family', () => {
    const ctx = buildContext({ 'aws:CurrentTime': '2026-01-01T00:00:00Z', 's3:max-keys': '50', 'aws:TagKeys': ['a', 'b'] });
    const c = (operator: string, key: string, values: string[]) => ({ operator, key, values });
    assert.equal(
      describeCondition(c('DateLessThan', 'aws:CurrentTime', ['2025-01-01T00:00:00Z']), ctx, false),
      'aws:CurrentTime 2026-01-01T00:00:00Z is not before 2025-01-01T00:00:00Z (DateLessThan)',
    );
    assert.equal(describeCondition(c('NumericGreaterThan', 's3:max-keys', ['10']), ctx, true), 's3:max-keys 50 is greater than 10 (NumericGreaterThan)');
    assert.equal(
      describeCondition(c('ForAnyValue:StringLike', 'aws:TagKeys', ['c*']), ctx, false),
      'a value of aws:TagKeys [a, b] does not match c* (ForAnyValue:StringLike)',
    );
    assert.equal(describeCondition(c('Null', 'aws:TokenIssueTime', ['true']), ctx, true), 'aws:TokenIssueTime is absent (Null)');
  });

  it('policies are named as a person knows them', () => {
    assert.equal(policyLabel('inline:role/Ops/Deploy', 'identity'), 'the inline identity-based policy `Deploy` of role Ops');
    assert.equal(policyLabel('session:0', 'session'), 'the inline session policy of the session');
    assert.equal(policyLabel('arn:aws:iam::1:role/R', 'trust'), 'the role trust policy of arn:aws:iam::1:role/R');
    assert.equal(policyLabel(ARN, 'boundary'), `the permissions boundary ${ARN}`);
  });
});
