/**
 * A small AWS export as the AWS CLI prints it (documents decoded into objects, ISO timestamps,
 * per-parent Organizations listings saved with their parameter), for tests that need files without
 * a server: each member is one file's text.
 */

export const FIXTURE_ACCOUNT = '111122223333';
export const FIXTURE_MANAGEMENT = '999900001111';

const doc = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });

/** An AWS managed policy as the export lists it (default version only); documents shortened for ReadOnlyAccess. */
function awsManaged(name: string, id: string, document: object) {
  return {
    PolicyName: name,
    PolicyId: id,
    Arn: `arn:aws:iam::aws:policy/${name}`,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: '2015-02-06T18:39:46+00:00',
    UpdateDate: '2015-02-06T18:39:46+00:00',
    PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06T18:39:46+00:00' }],
  };
}

export function fixtureExport(account = FIXTURE_ACCOUNT): Record<string, string> {
  const arn = (kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;
  const details = {
    UserDetailList: [
      {
        Path: '/',
        UserName: 'alice',
        UserId: `AIDA${account}ALICE1`,
        Arn: arn('user', 'alice'),
        CreateDate: '2025-01-10T09:00:00+00:00',
        UserPolicyList: [],
        GroupList: ['admins'],
        AttachedManagedPolicies: [],
        Tags: [{ Key: 'team', Value: 'platform' }],
      },
      {
        Path: '/dev/',
        UserName: 'bob',
        UserId: `AIDA${account}BOB001`,
        Arn: `arn:aws:iam::${account}:user/dev/bob`,
        CreateDate: '2025-02-01T10:00:00+00:00',
        UserPolicyList: [
          {
            PolicyName: 'keys',
            PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey'], Resource: arn('user', 'alice') }),
          },
        ],
        GroupList: [],
        AttachedManagedPolicies: [{ PolicyName: 'deploy', PolicyArn: arn('policy', 'deploy') }],
        PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', 'deploy') },
      },
    ],
    GroupDetailList: [
      {
        Path: '/',
        GroupName: 'admins',
        GroupId: `AGPA${account}ADMIN1`,
        Arn: arn('group', 'admins'),
        CreateDate: '2025-01-10T08:00:00+00:00',
        GroupPolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      },
    ],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'partner',
        RoleId: `AROA${account}PARTN1`,
        Arn: arn('role', 'partner'),
        CreateDate: '2025-03-01T00:00:00+00:00',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }),
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        Tags: [],
        RoleLastUsed: { LastUsedDate: '2025-03-05T12:00:00+00:00', Region: 'eu-west-1' },
      },
      {
        Path: '/service/',
        RoleName: 'app',
        RoleId: `AROA${account}APP001`,
        Arn: `arn:aws:iam::${account}:role/service/app`,
        CreateDate: '2025-03-02T00:00:00+00:00',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        InstanceProfileList: [
          {
            Path: '/',
            InstanceProfileName: 'app',
            InstanceProfileId: `AIPA${account}APP001`,
            Arn: arn('instance-profile', 'app'),
            CreateDate: '2025-03-02T00:00:00+00:00',
            Roles: [],
          },
        ],
        RolePolicyList: [{ PolicyName: 'reads', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }],
        AttachedManagedPolicies: [],
        RoleLastUsed: {},
      },
    ],
    Policies: [
      awsManaged('AdministratorAccess', 'ANPAIWMBCKSKIEE64ZLYK', doc({ Effect: 'Allow', Action: '*', Resource: '*' })),
      awsManaged('ReadOnlyAccess', 'ANPAILL3HVNFSB6DCOWYQ', doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'iam:Get*', 'iam:List*'], Resource: '*' })),
      {
        PolicyName: 'deploy',
        PolicyId: `ANPA${account}DEPLOY`,
        Arn: arn('policy', 'deploy'),
        Path: '/',
        DefaultVersionId: 'v2',
        AttachmentCount: 1,
        PermissionsBoundaryUsageCount: 1,
        IsAttachable: true,
        CreateDate: '2025-01-01T00:00:00+00:00',
        UpdateDate: '2025-01-02T00:00:00+00:00',
        PolicyVersionList: [
          { Document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2025-01-01T00:00:00+00:00' },
          {
            Document: doc({ Effect: 'Allow', Action: ['s3:*', 'iam:CreateAccessKey', 'iam:DeleteAccessKey'], Resource: '*' }),
            VersionId: 'v2',
            IsDefaultVersion: true,
            CreateDate: '2025-01-02T00:00:00+00:00',
          },
        ],
      },
    ],
  };
  const report = [
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    `<root_account>,arn:aws:iam::${account}:root,2024-12-01T00:00:00+00:00,not_supported,2025-06-01T00:00:00+00:00,not_supported,not_supported,false,true,2024-12-01T00:00:00+00:00,2025-06-01T00:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `alice,${arn('user', 'alice')},2025-01-10T09:00:00+00:00,true,2025-05-01T00:00:00+00:00,2025-01-10T09:00:00+00:00,N/A,false,true,2025-01-10T09:00:00+00:00,2025-05-20T00:00:00+00:00,us-east-1,s3,true,2025-02-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A`,
    `bob,arn:aws:iam::${account}:user/dev/bob,2025-02-01T10:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ].join('\n');
  return {
    'authorization-details.json': JSON.stringify(details, null, 4),
    'credential-report.json': JSON.stringify({
      Content: Buffer.from(report).toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: '2025-06-02T00:00:00+00:00',
    }),
    'password-policy.json': JSON.stringify({
      PasswordPolicy: { MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: true, AllowUsersToChangePassword: true, ExpirePasswords: false },
    }),
    'virtual-mfa-devices.json': JSON.stringify({ VirtualMFADevices: [] }),
    'organization.json': JSON.stringify({
      Organization: {
        Id: 'o-exampleorg1',
        Arn: `arn:aws:organizations::${FIXTURE_MANAGEMENT}:organization/o-exampleorg1`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${FIXTURE_MANAGEMENT}:account/o-exampleorg1/${FIXTURE_MANAGEMENT}`,
        MasterAccountId: FIXTURE_MANAGEMENT,
        MasterAccountEmail: 'management@example.com',
      },
    }),
    'roots.json': JSON.stringify({
      Roots: [
        {
          Id: 'r-ex12',
          Arn: `arn:aws:organizations::${FIXTURE_MANAGEMENT}:root/o-exampleorg1/r-ex12`,
          Name: 'Root',
          PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
        },
      ],
    }),
    'units-of-root.json': JSON.stringify({
      ParentId: 'r-ex12',
      OrganizationalUnits: [
        { Id: 'ou-ex12-workload', Arn: `arn:aws:organizations::${FIXTURE_MANAGEMENT}:ou/o-exampleorg1/ou-ex12-workload`, Name: 'workloads' },
      ],
    }),
    'accounts-of-workloads.json': JSON.stringify({
      ParentId: 'ou-ex12-workload',
      Accounts: [
        {
          Id: account,
          Arn: `arn:aws:organizations::${FIXTURE_MANAGEMENT}:account/o-exampleorg1/${account}`,
          Email: 'workload@example.com',
          Name: 'workload',
          Status: 'ACTIVE',
          JoinedMethod: 'CREATED',
          JoinedTimestamp: '2024-12-01T00:00:00+00:00',
        },
      ],
    }),
    'scps.json': JSON.stringify({
      Policies: [
        {
          Id: 'p-FullAWSAccess',
          Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
          Name: 'FullAWSAccess',
          Description: 'Allows access to every operation',
          Type: 'SERVICE_CONTROL_POLICY',
          AwsManaged: true,
        },
        {
          Id: 'p-denyleave1',
          Arn: `arn:aws:organizations::${FIXTURE_MANAGEMENT}:policy/o-exampleorg1/service_control_policy/p-denyleave1`,
          Name: 'deny-iam-keys',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          AwsManaged: false,
        },
      ],
    }),
    'policy-full.json': JSON.stringify({
      Policy: {
        PolicySummary: {
          Id: 'p-FullAWSAccess',
          Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
          Name: 'FullAWSAccess',
          Description: 'Allows access to every operation',
          Type: 'SERVICE_CONTROL_POLICY',
          AwsManaged: true,
        },
        Content: JSON.stringify(doc({ Effect: 'Allow', Action: '*', Resource: '*' })),
      },
    }),
    'policy-deny.json': JSON.stringify({
      Policy: {
        PolicySummary: {
          Id: 'p-denyleave1',
          Arn: `arn:aws:organizations::${FIXTURE_MANAGEMENT}:policy/o-exampleorg1/service_control_policy/p-denyleave1`,
          Name: 'deny-iam-keys',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          AwsManaged: false,
        },
        Content: JSON.stringify(doc({ Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: '*' })),
      },
    }),
    // AWS: FullAWSAccess is attached to every root, OU and account unless replaced.
    'targets-full.json': JSON.stringify({
      PolicyId: 'p-FullAWSAccess',
      Targets: [
        { TargetId: 'r-ex12', Arn: 'x', Name: 'Root', Type: 'ROOT' },
        { TargetId: 'ou-ex12-workload', Arn: 'x', Name: 'workloads', Type: 'ORGANIZATIONAL_UNIT' },
        { TargetId: account, Arn: 'x', Name: 'workload', Type: 'ACCOUNT' },
      ],
    }),
    'targets-deny.json': JSON.stringify({
      PolicyId: 'p-denyleave1',
      Targets: [{ TargetId: 'ou-ex12-workload', Arn: 'x', Name: 'workloads', Type: 'ORGANIZATIONAL_UNIT' }],
    }),
  };
}
