import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../catalog/index.js';
import { validatePolicy } from '../validation/index.js';
import { generatePolicies, MAX_POLICY_CHARACTERS, type RecordedAuthorization } from './generatePolicy.js';

const ACCOUNT = '111122223333';
const allowed = (action: string, resource: string): RecordedAuthorization => ({ decisions: [{ action, resource, result: 'Allowed' }] });
const options = { accountId: ACCOUNT, region: 'us-east-1' };

/** A generated policy validates with no ERROR and no SECURITY_WARNING (AWS: ValidatePolicy). */
function assertValid(policy: string): void {
  const serious = validatePolicy(policy, { policyType: 'IDENTITY_POLICY' }).filter((f) => f.findingType === 'ERROR' || f.findingType === 'SECURITY_WARNING');
  assert.deepEqual(serious, [], policy);
}

describe('policy generation from recorded authorizations', async () => {
  await loadCatalog();

  it('grants each allowed action on the resources the records name; actions on the same resources share a statement', () => {
    const [policy, ...rest] = generatePolicies(
      [
        allowed('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/alice`),
        allowed('iam:ListUsers', '*'),
        allowed('iam:ListRoles', '*'),
        allowed('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/app`),
        allowed('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/bob`),
        { decisions: [{ action: 'iam:DeleteUser', resource: `arn:aws:iam::${ACCOUNT}:user/alice`, result: 'ImplicitlyDenied' }] },
      ],
      options,
    );
    assert.deepEqual(rest, []);
    assert.deepEqual(JSON.parse(policy!), {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SupportedServiceSid0',
          Effect: 'Allow',
          Action: ['iam:GetUser'],
          Resource: [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:user/bob`],
        },
        { Sid: 'SupportedServiceSid1', Effect: 'Allow', Action: ['iam:ListRoles', 'iam:ListUsers'], Resource: '*' },
        { Sid: 'SupportedServiceSid2', Effect: 'Allow', Action: ['iam:PassRole'], Resource: `arn:aws:iam::${ACCOUNT}:role/app` },
      ],
    });
    assertValid(policy!);
  });

  it('placeholders name the resource type of actions used on no resource; service-level templates grant unknown actions', () => {
    const [policy] = generatePolicies([allowed('s3:GetObject', '*'), allowed('iam:NotARealAction', '*')], {
      ...options,
      includeResourcePlaceholders: true,
      includeServiceLevelTemplate: true,
    });
    assert.deepEqual(JSON.parse(policy!).Statement, [
      { Sid: 'SupportedServiceSid0', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::${BucketName}/${ObjectName}' },
      { Sid: 'ServiceLevelSid0', Effect: 'Allow', Action: ['iam:*'], Resource: '*' },
    ]);
    assert.deepEqual(generatePolicies([allowed('iam:NotARealAction', '*')], options), []);
  });

  it('splits statements over several policies under the 6,144-character limit', () => {
    const records = Array.from({ length: 120 }, (_, i) => allowed('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/user-with-a-long-name-${i}`)).concat(
      Array.from({ length: 120 }, (_, i) => allowed(i % 2 === 0 ? 'iam:GetRole' : 'iam:ListRoles', `arn:aws:iam::${ACCOUNT}:role/role-${i}`)),
    );
    const policies = generatePolicies(records, options);
    assert.ok(policies.length >= 2);
    for (const p of policies) {
      assert.ok(p.length <= MAX_POLICY_CHARACTERS || JSON.parse(p).Statement.length === 1);
    }
  });
});
