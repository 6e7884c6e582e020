import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicyType } from './ast.js';
import type { Decision, PolicyLayer } from './decision.js';
import { renderAccessDeniedMessage } from './explain.js';
import type { AuthzRequest } from './request.js';

// AWS: troubleshoot_access-denied (message examples) and the AWS Security Blog post "Enhanced access
// denied error messages with policy ARNs".

const request: AuthzRequest = {
  principal: { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', type: 'IAMUser' },
  action: 'iam:CreateUser',
  resource: { arn: 'arn:aws:iam::111122223333:user/bob', accountId: '111122223333' },
  context: {},
};
const head = 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/bob';

function implicit(layer: PolicyLayer): Decision {
  return { decision: 'Deny', result: 'ImplicitlyDenied', blockedBy: [layer], matchedStatements: [], errors: [] };
}

function explicit(type: PolicyType, policyId?: string): Decision {
  const layer: PolicyLayer = type === 'trust' ? 'resource' : type;
  const base: Decision = { decision: 'Deny', result: 'ExplicitlyDenied', blockedBy: [layer], matchedStatements: [], errors: [], explicitDenyIn: type };
  return policyId === undefined ? base : { ...base, explicitDenyPolicyId: policyId };
}

describe('renderAccessDeniedMessage: implicit denies', () => {
  const cases: [PolicyLayer, string][] = [
    ['identity', 'because no identity-based policy allows the iam:CreateUser action'],
    ['resource', 'because no resource-based policy allows the iam:CreateUser action'],
    ['boundary', 'because no permissions boundary allows the iam:CreateUser action'],
    ['session', 'because no session policy allows the iam:CreateUser action'],
    ['scp', 'because no service control policy allows the iam:CreateUser action'],
    ['rcp', 'because no resource control policy allows the iam:CreateUser action'],
  ];
  for (const [layer, tail] of cases) {
    it(`names the ${layer} layer`, () => {
      assert.equal(renderAccessDeniedMessage(request, implicit(layer)), `${head} ${tail}`);
    });
  }

  it('names only the first blocking layer', () => {
    const decision: Decision = { ...implicit('scp'), blockedBy: ['scp', 'identity'] };
    assert.equal(renderAccessDeniedMessage(request, decision), `${head} because no service control policy allows the iam:CreateUser action`);
  });
});

describe('renderAccessDeniedMessage: explicit denies', () => {
  const cases: [PolicyType, string][] = [
    ['identity', 'with an explicit deny in an identity-based policy'],
    ['resource', 'with an explicit deny in a resource-based policy'],
    ['trust', 'with an explicit deny in the role trust policy'],
    ['boundary', 'with an explicit deny in a permissions boundary'],
    ['session', 'with an explicit deny in a session policy'],
    ['scp', 'with an explicit deny in a service control policy'],
    ['rcp', 'with an explicit deny in a resource control policy'],
  ];
  for (const [type, tail] of cases) {
    it(`names a ${type} policy`, () => {
      assert.equal(renderAccessDeniedMessage(request, explicit(type)), `${head} ${tail}`);
    });
  }

  it('appends the SCP ARN in the same account', () => {
    const arn = 'arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd';
    assert.equal(renderAccessDeniedMessage(request, explicit('scp', arn)), `${head} with an explicit deny in a service control policy: ${arn}`);
  });

  it('appends a managed identity policy ARN', () => {
    const arn = 'arn:aws:iam::111122223333:policy/DenyIam';
    assert.equal(renderAccessDeniedMessage(request, explicit('identity', arn)), `${head} with an explicit deny in an identity-based policy: ${arn}`);
  });

  it('never appends an id that is not an ARN (inline policies)', () => {
    assert.equal(
      renderAccessDeniedMessage(request, explicit('identity', 'inline:user/alice/Deny')),
      `${head} with an explicit deny in an identity-based policy`,
    );
  });

  it('never appends a resource-based policy id', () => {
    assert.equal(renderAccessDeniedMessage(request, explicit('resource', 'arn:aws:s3:::bucket')), `${head} with an explicit deny in a resource-based policy`);
  });

  it('leaves the ARN out of cross-account requests unless told they share an organization', () => {
    const cross: AuthzRequest = { ...request, resource: { arn: 'arn:aws:iam::444455556666:user/bob', accountId: '444455556666' } };
    const arn = 'arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd';
    const crossHead = head.replace('111122223333:user/bob', '444455556666:user/bob');
    assert.equal(renderAccessDeniedMessage(cross, explicit('scp', arn)), `${crossHead} with an explicit deny in a service control policy`);
    assert.equal(
      renderAccessDeniedMessage(cross, explicit('scp', arn), { includePolicyArn: true }),
      `${crossHead} with an explicit deny in a service control policy: ${arn}`,
    );
  });

  it('can be told to leave the ARN out', () => {
    const arn = 'arn:aws:iam::111122223333:policy/DenyIam';
    assert.equal(
      renderAccessDeniedMessage(request, explicit('identity', arn), { includePolicyArn: false }),
      `${head} with an explicit deny in an identity-based policy`,
    );
  });
});

describe('renderAccessDeniedMessage: subject and resource', () => {
  it('omits "on resource" for actions without a resource', () => {
    const r: AuthzRequest = { ...request, action: 'iam:ListUsers', resource: { arn: '*' } };
    assert.equal(
      renderAccessDeniedMessage(r, implicit('identity')),
      'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action',
    );
  });

  it('keeps the action as the caller wrote it', () => {
    const r: AuthzRequest = { ...request, action: 'SNS:Publish', resource: { arn: '*' } };
    assert.match(renderAccessDeniedMessage(r, implicit('identity')), /perform: SNS:Publish because no identity-based policy allows the SNS:Publish action$/);
  });

  it('names an assumed-role session by its session ARN', () => {
    const r: AuthzRequest = {
      ...request,
      principal: { arn: 'arn:aws:sts::111122223333:assumed-role/app/s1', accountId: '111122223333', type: 'AssumedRole' },
    };
    assert.match(renderAccessDeniedMessage(r, implicit('session')), /^User: arn:aws:sts::111122223333:assumed-role\/app\/s1 is not authorized/);
  });

  it('names anonymous callers "anonymous"', () => {
    const r: AuthzRequest = { ...request, principal: { arn: '', accountId: '', type: 'Anonymous' } };
    assert.match(renderAccessDeniedMessage(r, implicit('resource')), /^User: anonymous is not authorized/);
  });

  it('names service callers by service principal', () => {
    const r: AuthzRequest = { ...request, principal: { arn: '', accountId: '', type: 'AWSService', serviceName: 'ec2.amazonaws.com' } };
    assert.match(renderAccessDeniedMessage(r, implicit('resource')), /^User: ec2\.amazonaws\.com is not authorized/);
  });
});
