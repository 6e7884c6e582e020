/**
 * A large, realistic AWS account export, generated deterministically (a seeded PRNG) in the AWS
 * CLI's form: `users` users in groups (most get permissions from two or three groups, some have
 * their own), `roles` roles (service roles for Lambda, EC2 and ECS, roles other accounts assume with
 * an external ID, roles the account's people assume, SAML roles, a few administrators) and
 * `policies` customer managed policies of one to three versions over S3, DynamoDB, SQS, SNS, KMS,
 * Lambda, logs and EC2 with conditions; a handful of principals carry IAM permissions that lead to
 * escalation paths. With the credential report, password policy and virtual MFA devices.
 */

export interface GeneratedExport {
  readonly accountId: string;
  /** File name → text. */
  readonly files: Record<string, string>;
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  ['s3', ['GetObject', 'PutObject', 'ListBucket', 'DeleteObject'], (_a: string, n: number) => `arn:aws:s3:::team-${n}-bucket/*`],
  ['dynamodb', ['GetItem', 'PutItem', 'Query', 'UpdateItem'], (a: string, n: number) => `arn:aws:dynamodb:us-east-1:${a}:table/table-${n}`],
  ['sqs', ['SendMessage', 'ReceiveMessage', 'DeleteMessage'], (a: string, n: number) => `arn:aws:sqs:us-east-1:${a}:queue-${n}`],
  ['sns', ['Publish', 'Subscribe'], (a: string, n: number) => `arn:aws:sns:us-east-1:${a}:topic-${n}`],
  ['kms', ['Decrypt', 'Encrypt', 'GenerateDataKey'], (a: string, n: number) => `arn:aws:kms:us-east-1:${a}:key/key-${n}`],
  ['lambda', ['InvokeFunction', 'GetFunction'], (a: string, n: number) => `arn:aws:lambda:us-east-1:${a}:function:fn-${n}`],
  ['logs', ['PutLogEvents', 'CreateLogStream'], (a: string, n: number) => `arn:aws:logs:us-east-1:${a}:log-group:/app/${n}:*`],
  ['ec2', ['DescribeInstances', 'StartInstances', 'StopInstances'], () => '*'],
] as const;

export function generateExport(options: { users: number; roles: number; policies: number; seed?: number }): GeneratedExport {
  const random = prng(options.seed ?? 20261208);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const account = '210000000001';
  const arn = (kind: string, name: string, path = '/') => `arn:aws:iam::${account}:${kind}${path}${name}`;
  const date = (daysAgo: number) => new Date(Date.UTC(2026, 11, 1) - daysAgo * 86_400_000).toISOString().replace('.000Z', '+00:00');
  const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(17, '0')}`;
  const doc = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });

  const statement = (n: number) => {
    const [service, verbs, resource] = pick(SERVICES);
    const condition =
      random() < 0.3
        ? { StringEquals: { 'aws:PrincipalTag/team': pick(['blue', 'red', 'green']) } }
        : random() < 0.2
          ? { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }
          : undefined;
    return {
      Effect: random() < 0.08 ? 'Deny' : 'Allow',
      Action: verbs.slice(0, 1 + Math.floor(random() * verbs.length)).map((v) => `${service}:${v}`),
      Resource: [resource(account, n), resource(account, n + 1)],
      ...(condition !== undefined ? { Condition: condition } : {}),
    };
  };

  const policies: Record<string, unknown>[] & { Arn: string }[] = [];
  for (let p = 0; p < options.policies; p++) {
    const versions = 1 + Math.floor(random() * 3);
    const list = [];
    for (let v = 1; v <= versions; v++) {
      list.push({
        Document: doc(...Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => statement(p * 7 + i))),
        VersionId: `v${v}`,
        IsDefaultVersion: v === versions,
        CreateDate: date(400 - v * 30),
      });
    }
    policies.push({
      PolicyName: `policy-${p}`,
      PolicyId: id('ANPA', p),
      Arn: arn('policy', `policy-${p}`, '/app/'),
      Path: '/app/',
      DefaultVersionId: `v${versions}`,
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: date(400),
      UpdateDate: date(400 - versions * 30),
      PolicyVersionList: list,
    });
  }
  const policyArn = () => policies[Math.floor(random() * policies.length)]!.Arn;
  const attached = (count: number) =>
    [...new Set(Array.from({ length: count }, () => policyArn()))].map((a) => ({ PolicyName: a.slice(a.lastIndexOf('/') + 1), PolicyArn: a }));
  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const adminPolicy = {
    PolicyName: 'AdministratorAccess',
    PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
    Arn: ADMIN,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 10,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: '2015-02-06T18:39:46+00:00',
    UpdateDate: '2015-02-06T18:39:46+00:00',
    PolicyVersionList: [
      { Document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06T18:39:46+00:00' },
    ],
  };

  const groupCount = Math.max(10, Math.floor(options.users / 40));
  const groups = Array.from({ length: groupCount }, (_, g) => ({
    Path: '/',
    GroupName: `group-${g}`,
    GroupId: id('AGPA', g),
    Arn: arn('group', `group-${g}`),
    CreateDate: date(500),
    GroupPolicyList: g % 5 === 0 ? [{ PolicyName: 'inline', PolicyDocument: doc(statement(g)) }] : [],
    AttachedManagedPolicies: g === 0 ? [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] : attached(2 + Math.floor(random() * 4)),
  }));

  const users = [];
  const reportRows = [];
  for (let u = 0; u < options.users; u++) {
    const name = `user-${u}`;
    const groupNames =
      u < 5
        ? ['group-0']
        : Array.from(new Set(Array.from({ length: 2 + Math.floor(random() * 2) }, () => `group-${1 + Math.floor(random() * (groupCount - 1))}`)));
    const escalator = u % 100 === 7;
    const inline = escalator
      ? [
          {
            PolicyName: 'iam-admin-helper',
            PolicyDocument: doc({
              Effect: 'Allow',
              Action: pick(['iam:CreateAccessKey', 'iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:CreatePolicyVersion']),
              Resource: '*',
            }),
          },
        ]
      : u % 10 === 3
        ? [{ PolicyName: 'own', PolicyDocument: doc(statement(u)) }]
        : [];
    users.push({
      Path: '/',
      UserName: name,
      UserId: id('AIDA', u),
      Arn: arn('user', name),
      CreateDate: date(30 + (u % 600)),
      UserPolicyList: inline,
      GroupList: groupNames,
      AttachedManagedPolicies: u % 20 === 11 ? attached(1) : [],
      Tags: [{ Key: 'team', Value: pick(['blue', 'red', 'green']) }],
    });
    const console = random() < 0.6;
    const keys = random() < 0.7 ? 1 + (random() < 0.15 ? 1 : 0) : 0;
    const keyCols = (slot: number) =>
      slot <= keys ? ['true', date(20 + (u % 300)), random() < 0.8 ? date(u % 90) : 'N/A', 'us-east-1', 's3'] : ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
    const k1 = keyCols(1);
    const k2 = keyCols(2);
    const lastUsed = k1[2] === 'N/A' ? 'N/A' : k1[2];
    reportRows.push(
      [
        name,
        arn('user', name),
        date(30 + (u % 600)),
        console ? 'true' : 'false',
        console ? date(u % 120) : 'N/A',
        console ? date(200) : 'N/A',
        'N/A',
        console && random() < 0.7 ? 'true' : 'false',
        ...k1.slice(0, 2),
        lastUsed,
        ...k1.slice(3),
        ...k2,
        'false',
        'N/A',
        'false',
        'N/A',
      ].join(','),
    );
  }

  const roles = [];
  for (let r = 0; r < options.roles; r++) {
    const kind = r < 5 ? 'admin' : pick(['lambda', 'lambda', 'ec2', 'ecs', 'ecs', 'partner', 'people', 'saml']);
    const name = `${kind}-role-${r}`;
    const trust =
      kind === 'lambda' || kind === 'ec2' || kind === 'ecs'
        ? doc({
            Effect: 'Allow',
            Principal: { Service: kind === 'ecs' ? 'ecs-tasks.amazonaws.com' : `${kind}.amazonaws.com` },
            Action: 'sts:AssumeRole',
            ...(random() < 0.5 ? { Condition: { StringEquals: { 'aws:SourceAccount': account } } } : {}),
          })
        : kind === 'partner'
          ? doc({
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${String(300000000000 + (r % 50))}:root` },
              Action: 'sts:AssumeRole',
              ...(random() < 0.8 ? { Condition: { StringEquals: { 'sts:ExternalId': `ext-${r}` } } } : {}),
            })
          : kind === 'saml'
            ? doc({
                Effect: 'Allow',
                Principal: { Federated: arn('saml-provider', 'corp') },
                Action: 'sts:AssumeRoleWithSAML',
                Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
              })
            : doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });
    roles.push({
      Path: kind === 'people' || kind === 'admin' ? '/people/' : '/service/',
      RoleName: name,
      RoleId: id('AROA', r),
      Arn: arn('role', name, kind === 'people' || kind === 'admin' ? '/people/' : '/service/'),
      CreateDate: date(10 + (r % 700)),
      AssumeRolePolicyDocument: trust,
      InstanceProfileList:
        kind === 'ec2'
          ? [
              {
                Path: '/',
                InstanceProfileName: name,
                InstanceProfileId: id('AIPA', r),
                Arn: arn('instance-profile', name),
                CreateDate: date(10 + (r % 700)),
                Roles: [],
              },
            ]
          : [],
      RolePolicyList: random() < 0.4 ? [{ PolicyName: 'inline', PolicyDocument: doc(statement(r), statement(r + 3)) }] : [],
      AttachedManagedPolicies: kind === 'admin' ? [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] : attached(1 + Math.floor(random() * 4)),
      Tags: [],
      RoleLastUsed: random() < 0.7 ? { LastUsedDate: date(r % 200), Region: 'us-east-1' } : {},
    });
  }
  // People roles: a share of users may assume them (their groups allow sts:AssumeRole on /people/ roles).
  groups[1]!.GroupPolicyList.push({
    PolicyName: 'assume-people-roles',
    PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', '*', '/people/') }),
  });

  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const root = `<root_account>,arn:aws:iam::${account}:root,${date(900)},not_supported,${date(40)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const report = [header, root, ...reportRows].join('\n');
  return {
    accountId: account,
    files: {
      'authorization-details.json': JSON.stringify(
        { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: [adminPolicy, ...policies] },
        null,
        4,
      ),
      'credential-report.json': JSON.stringify({ Content: Buffer.from(report).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: date(0) }),
      'password-policy.json': JSON.stringify({
        PasswordPolicy: { MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, ExpirePasswords: false },
      }),
      'virtual-mfa-devices.json': JSON.stringify({ VirtualMFADevices: [] }),
    },
  };
}
