import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountSnapshot } from '../snapshot/index.js';
import { recommendedSteps, unusedPermissionsOf } from './recommendations.js';
import { unusedAccessFindings, type ActionUse, type UnusedAccessEntity } from './unusedAccess.js';

/**
 * Unused access over an exported account (an AccountSnapshot is the offline policy reader):
 * AWS's four finding types, the tracking period, action-level and service-level details.
 */

const ACCOUNT = '111122223333';
const NOW = new Date('2026-12-01T00:00:00.000Z');
const OLD = '2026-01-01T00:00:00.000Z';
const RECENT = '2026-11-25T00:00:00.000Z';
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

const snapshot = AccountSnapshot.fromAuthorizationDetails({
  UserDetailList: [
    {
      UserName: 'alice',
      UserId: 'AIDAALICE0000000000',
      Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      UserPolicyList: [{ PolicyName: 'iam-read', PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }) }],
      GroupList: ['ops'],
    },
  ],
  GroupDetailList: [
    {
      GroupName: 'ops',
      GroupId: 'AGPAOPS000000000000',
      Arn: `arn:aws:iam::${ACCOUNT}:group/ops`,
      GroupPolicyList: [{ PolicyName: 'ec2', PolicyDocument: doc({ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }) }],
    },
  ],
  RoleDetailList: [
    {
      RoleName: 'worker',
      RoleId: 'AROAWORKER000000000',
      Arn: `arn:aws:iam::${ACCOUNT}:role/worker`,
      AssumeRolePolicyDocument: doc(),
      RolePolicyList: [
        {
          PolicyName: 'work',
          PolicyDocument: doc(
            { Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:ListRoles'], Resource: '*' },
            { Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
          ),
        },
      ],
    },
    { RoleName: 'idle', RoleId: 'AROAIDLE00000000000', Arn: `arn:aws:iam::${ACCOUNT}:role/idle`, AssumeRolePolicyDocument: doc() },
  ],
  Policies: [],
});

const role = (name: string, lastUsedAt: string | null, createdAt = OLD, path = '/'): UnusedAccessEntity => ({
  kind: 'role',
  accountId: ACCOUNT,
  name,
  arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
  path,
  createdAt,
  lastUsedAt,
  tags: {},
});

const options = { now: NOW, unusedAccessAge: 90, actionLevelServices: new Set(['iam', 'sts']) };

describe('unused access analysis', () => {
  it('a role not used in the tracking period is UnusedIAMRole (with its last use), and has no UnusedPermission finding', async () => {
    const found = await unusedAccessFindings([role('idle', '2026-03-01T00:00:00.000Z')], snapshot, () => [], options);
    assert.deepEqual(found, [
      {
        resource: `arn:aws:iam::${ACCOUNT}:role/idle`,
        resourceType: 'AWS::IAM::Role',
        resourceOwnerAccount: ACCOUNT,
        findingType: 'UnusedIAMRole',
        key: '',
        findingDetails: [{ unusedIamRoleDetails: { lastAccessed: '2026-03-01T00:00:00.000Z' } }],
      },
    ]);
  });

  it('an entity younger than the tracking period, and a service-linked role, are not analyzed', async () => {
    const found = await unusedAccessFindings(
      [role('idle', null, RECENT), role('AWSServiceRoleForX', null, OLD, '/aws-service-role/x/')],
      snapshot,
      () => [],
      options,
    );
    assert.deepEqual(found, []);
  });

  it('a used role: unused actions of tracked services with their last use, unused untracked services service by service', async () => {
    const uses: ActionUse[] = [
      { service: 'sts', action: 'GetCallerIdentity', at: RECENT },
      { service: 'iam', action: 'ListRoles', at: '2026-02-01T00:00:00.000Z' },
    ];
    const found = await unusedAccessFindings([role('worker', RECENT)], snapshot, () => uses, options);
    assert.deepEqual(
      found.map((f) => [f.findingType, f.findingDetails]),
      [
        [
          'UnusedPermission',
          [
            { unusedPermissionDetails: { serviceNamespace: 'ec2' } },
            {
              unusedPermissionDetails: {
                serviceNamespace: 'iam',
                actions: [{ action: 'iam:ListRoles', lastAccessed: '2026-02-01T00:00:00.000Z' }],
                lastAccessed: '2026-02-01T00:00:00.000Z',
              },
            },
          ],
        ],
      ],
    );
  });

  it("a user: unused active access keys one by one, an unused password, and permissions from its groups' policies too", async () => {
    const alice: UnusedAccessEntity = {
      kind: 'user',
      accountId: ACCOUNT,
      name: 'alice',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      createdAt: OLD,
      tags: {},
      password: { createdAt: OLD, lastUsedAt: null },
      accessKeys: [
        { accessKeyId: 'AKIAUNUSED', status: 'Active', createdAt: OLD, lastUsedAt: '2026-04-01T00:00:00.000Z' },
        { accessKeyId: 'AKIAUSED', status: 'Active', createdAt: OLD, lastUsedAt: RECENT },
        { accessKeyId: 'AKIAOFF', status: 'Inactive', createdAt: OLD, lastUsedAt: null },
        { accessKeyId: 'AKIANEW', status: 'Active', createdAt: RECENT, lastUsedAt: null },
      ],
    };
    const uses: ActionUse[] = [{ service: 'iam', action: 'GetUser', at: RECENT }];
    const found = await unusedAccessFindings([alice], snapshot, () => uses, options);
    assert.deepEqual(
      found.map((f) => [f.findingType, f.key, f.findingDetails]),
      [
        ['UnusedIAMUserAccessKey', 'AKIAUNUSED', [{ unusedIamUserAccessKeyDetails: { accessKeyId: 'AKIAUNUSED', lastAccessed: '2026-04-01T00:00:00.000Z' } }]],
        ['UnusedIAMUserPassword', '', [{ unusedIamUserPasswordDetails: {} }]],
        [
          'UnusedPermission',
          '',
          [
            { unusedPermissionDetails: { serviceNamespace: 'ec2' } },
            { unusedPermissionDetails: { serviceNamespace: 'iam', actions: [{ action: 'iam:ListUsers' }], lastAccessed: RECENT } },
          ],
        ],
      ],
    );
  });

  it('recommendations: a policy granting only unused actions is detached; one granting some used ones is narrowed', () => {
    const unused = unusedPermissionsOf([
      { unusedPermissionDetails: { serviceNamespace: 'ec2' } },
      { unusedPermissionDetails: { serviceNamespace: 'iam', actions: [{ action: 'iam:ListRoles' }] } },
    ]);
    const steps = recommendedSteps(
      [
        {
          id: 'work',
          document: JSON.stringify(
            doc(
              { Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:ListRoles'], Resource: '*' },
              { Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
            ),
          ),
        },
        {
          id: 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess',
          document: JSON.stringify(doc({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' })),
          updatedAt: OLD,
        },
        { id: 'untouched', document: JSON.stringify(doc({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' })) },
      ],
      unused,
    );
    assert.deepEqual(steps, [
      {
        recommendedAction: 'CREATE_POLICY',
        existingPolicyId: 'work',
        recommendedPolicy: JSON.stringify(doc({ Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' })),
      },
      { recommendedAction: 'DETACH_POLICY', existingPolicyId: 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess', policyUpdatedAt: OLD },
    ]);
  });
});
