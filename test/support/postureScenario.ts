import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  type IAMClient,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';

/**
 * An account with every privilege-escalation path planted twice: once open (the path must be
 * reported, keyed by its technique) and once blocked by a condition, a permissions boundary or an
 * SCP (nothing may be reported for that principal). Built through IAM; an SCP (`SCP_BLOCKED`)
 * attached above the account denies IAM and AssumeRole to principals under the `/scp-blocked/` path.
 */

export interface PlantedPath {
  readonly technique: string;
  /** The ARN of the principal that must be reported with `technique`. */
  readonly positive: string;
  /** The ARN of the principal that must not be reported at all, and what blocks it. */
  readonly negative: string;
  readonly blockedBy: 'condition' | 'boundary' | 'scp';
}

/** The SCP that blocks the `/scp-blocked/` principals. */
export const SCP_BLOCKED = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'NoIamForScpBlocked',
      Effect: 'Deny',
      Action: ['iam:*', 'sts:AssumeRole'],
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:user/scp-blocked/*', 'arn:aws:iam::*:role/scp-blocked/*'] } },
    },
  ],
};

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[], condition?: object) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition !== undefined ? { Condition: condition } : {}),
});
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const OFFICE = { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };

export async function plantEscalationPaths(iam: IAMClient, account: string): Promise<PlantedPath[]> {
  const arn = (kind: 'user' | 'role' | 'group' | 'policy', name: string, path = '/') => `arn:aws:iam::${account}:${kind}${path}${name}`;
  const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });
  const trustNaming = (...arns: string[]) => doc({ Effect: 'Allow', Principal: { AWS: arns }, Action: 'sts:AssumeRole' });
  const trustService = (service: string) => doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
  const boundary = (
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'storage-only-boundary',
        // Allows the escalating calls themselves, not what they would lead to (nor deleting itself).
        PolicyDocument: doc(
          allow(
            ['s3:*', 'iam:PutUserPolicy', 'iam:PutRolePolicy', 'iam:PutGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'sts:AssumeRole'],
            '*',
          ),
        ),
      }),
    )
  ).Policy!.Arn!;
  const user = async (name: string, inline?: string, options: { path?: string; boundary?: boolean; tags?: Record<string, string> } = {}) => {
    await iam.send(new CreateUserCommand({ UserName: name, Path: options.path ?? '/' }));
    if (inline !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'grant', PolicyDocument: inline }));
    if (options.boundary === true) await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: boundary }));
    if (options.tags !== undefined)
      await iam.send(new TagUserCommand({ UserName: name, Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) }));
    return arn('user', name, options.path ?? '/');
  };
  const role = async (name: string, trust: string, inline?: string, options: { path?: string; boundary?: boolean; attach?: string[] } = {}) => {
    await iam.send(new CreateRoleCommand({ RoleName: name, Path: options.path ?? '/', AssumeRolePolicyDocument: trust }));
    if (inline !== undefined) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'grant', PolicyDocument: inline }));
    if (options.boundary === true) await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: boundary }));
    for (const policy of options.attach ?? []) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policy }));
    return arn('role', name, options.path ?? '/');
  };
  const managed = async (name: string, document: string) =>
    (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document }))).Policy!.Arn!;
  const key = async (name: string) => iam.send(new CreateAccessKeyCommand({ UserName: name }));

  // Administrators to reach.
  const adminUser = await user('admin-user');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'admin-user', PolicyArn: ADMIN }));
  const adminTwoKeys = await user('admin-two-keys');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'admin-two-keys', PolicyArn: ADMIN }));
  await key('admin-two-keys');
  await key('admin-two-keys');
  const adminConsole = await user('admin-console');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'admin-console', PolicyArn: ADMIN }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'admin-console', Password: 'Adm1n-Console-Passw0rd!' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMIN }));
  const adminRole = await role('admin-role', trustAccount, undefined, { attach: [ADMIN] });

  const paths: PlantedPath[] = [];
  const plant = (technique: string, positive: string, negative: string, blockedBy: PlantedPath['blockedBy']) =>
    paths.push({ technique, positive, negative, blockedBy });

  // iam-001 CreatePolicyVersion of a policy attached to oneself; blocked by a source-IP condition.
  for (const [name, condition] of [
    ['p001-pos', undefined],
    ['p001-neg', OFFICE],
  ] as const) {
    await iam.send(new CreateUserCommand({ UserName: name }));
    const policy = await managed(`${name}-policy`, doc(allow('iam:CreatePolicyVersion', arn('policy', `${name}-policy`), condition)));
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policy }));
  }
  plant('iam-001', arn('user', 'p001-pos'), arn('user', 'p001-neg'), 'condition');

  // iam-002 CreateAccessKey for an administrator; blocked by a boundary.
  plant(
    'iam-002',
    await user('p002-pos', doc(allow('iam:CreateAccessKey', adminUser))),
    await user('p002-neg', doc(allow('iam:CreateAccessKey', adminUser)), { boundary: true }),
    'boundary',
  );

  // iam-003 DeleteAccessKey + CreateAccessKey for an administrator with two keys; blocked by the SCP.
  const keysGrant = doc(allow(['iam:DeleteAccessKey', 'iam:CreateAccessKey'], adminTwoKeys));
  plant('iam-003', await user('p003-pos', keysGrant), await user('p003-neg', keysGrant, { path: '/scp-blocked/' }), 'scp');

  // iam-004 CreateLoginProfile for an administrator without a password; blocked by the SCP.
  const loginGrant = doc(allow('iam:CreateLoginProfile', adminUser));
  plant('iam-004', await user('p004-pos', loginGrant), await user('p004-neg', loginGrant, { path: '/scp-blocked/' }), 'scp');

  // iam-005 PutRolePolicy on oneself; blocked by the role's boundary (it then cannot exceed it).
  plant(
    'iam-005',
    await role('p005-pos', trustService('ec2.amazonaws.com'), doc(allow('iam:PutRolePolicy', arn('role', 'p005-pos')))),
    await role('p005-neg', trustService('ec2.amazonaws.com'), doc(allow('iam:PutRolePolicy', arn('role', 'p005-neg'))), { boundary: true }),
    'boundary',
  );

  // iam-006 UpdateLoginProfile of an administrator with a password; blocked by a principal-tag condition.
  plant(
    'iam-006',
    await user('p006-pos', doc(allow('iam:UpdateLoginProfile', adminConsole))),
    await user('p006-neg', doc(allow('iam:UpdateLoginProfile', adminConsole, { StringEquals: { 'aws:PrincipalTag/team': 'security' } })), {
      tags: { team: 'web' },
    }),
    'condition',
  );

  // iam-007 PutUserPolicy on oneself; blocked by a boundary.
  plant(
    'iam-007',
    await user('p007-pos', doc(allow('iam:PutUserPolicy', arn('user', 'p007-pos')))),
    await user('p007-neg', doc(allow('iam:PutUserPolicy', arn('user', 'p007-neg'))), { boundary: true }),
    'boundary',
  );

  // iam-008 AttachUserPolicy on oneself; blocked by an iam:PolicyARN condition (only ReadOnlyAccess).
  plant(
    'iam-008',
    await user('p008-pos', doc(allow('iam:AttachUserPolicy', arn('user', 'p008-pos')))),
    await user(
      'p008-neg',
      doc(allow('iam:AttachUserPolicy', arn('user', 'p008-neg'), { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } })),
    ),
    'condition',
  );

  // iam-009 AttachRolePolicy on oneself; blocked by the SCP.
  plant(
    'iam-009',
    await role('p009-pos', trustService('lambda.amazonaws.com'), doc(allow('iam:AttachRolePolicy', arn('role', 'p009-pos')))),
    await role('p009-neg', trustService('lambda.amazonaws.com'), doc(allow('iam:AttachRolePolicy', arn('role', 'p009-neg', '/scp-blocked/'))), {
      path: '/scp-blocked/',
    }),
    'scp',
  );

  // iam-010 AttachGroupPolicy on one's own group; blocked by an iam:PolicyARN condition.
  for (const name of ['p010-pos', 'p010-neg']) await iam.send(new CreateGroupCommand({ GroupName: `${name}-group` }));
  const p010pos = await user('p010-pos', doc(allow('iam:AttachGroupPolicy', arn('group', 'p010-pos-group'))));
  const p010neg = await user(
    'p010-neg',
    doc(allow('iam:AttachGroupPolicy', arn('group', 'p010-neg-group'), { ArnLike: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/*ReadOnly*' } })),
  );
  await iam.send(new AddUserToGroupCommand({ GroupName: 'p010-pos-group', UserName: 'p010-pos' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'p010-neg-group', UserName: 'p010-neg' }));
  plant('iam-010', p010pos, p010neg, 'condition');

  // iam-011 PutGroupPolicy on one's own group; blocked by a boundary.
  for (const name of ['p011-pos', 'p011-neg']) await iam.send(new CreateGroupCommand({ GroupName: `${name}-group` }));
  const p011pos = await user('p011-pos', doc(allow('iam:PutGroupPolicy', arn('group', 'p011-pos-group'))));
  const p011neg = await user('p011-neg', doc(allow('iam:PutGroupPolicy', arn('group', 'p011-neg-group'))), { boundary: true });
  await iam.send(new AddUserToGroupCommand({ GroupName: 'p011-pos-group', UserName: 'p011-pos' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'p011-neg-group', UserName: 'p011-neg' }));
  plant('iam-011', p011pos, p011neg, 'boundary');

  // iam-012 UpdateAssumeRolePolicy of an administrator role; blocked by the SCP.
  const trustGrant = doc(allow('iam:UpdateAssumeRolePolicy', adminRole));
  plant('iam-012', await user('p012-pos', trustGrant), await user('p012-neg', trustGrant, { path: '/scp-blocked/' }), 'scp');

  // iam-013 AddUserToGroup (oneself, to the admins group); blocked by a source-IP condition.
  plant(
    'iam-013',
    await user('p013-pos', doc(allow('iam:AddUserToGroup', arn('group', 'admins')))),
    await user('p013-neg', doc(allow('iam:AddUserToGroup', arn('group', 'admins'), OFFICE))),
    'condition',
  );

  // iam-014 AttachRolePolicy + AssumeRole on a role that trusts the caller; blocked by the target's boundary.
  {
    const target = arn('role', 't014');
    const bounded = arn('role', 't014-bounded');
    const pos = await user('p014-pos', doc(allow(['iam:AttachRolePolicy', 'sts:AssumeRole'], target)));
    const neg = await user('p014-neg', doc(allow(['iam:AttachRolePolicy', 'sts:AssumeRole'], bounded)));
    await role('t014', trustNaming(pos));
    await role('t014-bounded', trustNaming(neg), undefined, { boundary: true });
    plant('iam-014', pos, neg, 'boundary');
  }

  // iam-015 AttachUserPolicy + CreateAccessKey on another user; blocked by the target's boundary.
  {
    const target = await user('t015');
    const bounded = await user('t015-bounded', undefined, { boundary: true });
    plant(
      'iam-015',
      await user('p015-pos', doc(allow(['iam:AttachUserPolicy', 'iam:CreateAccessKey'], target))),
      await user('p015-neg', doc(allow(['iam:AttachUserPolicy', 'iam:CreateAccessKey'], bounded))),
      'boundary',
    );
  }

  // iam-016 CreatePolicyVersion of a role's policy + AssumeRole; blocked by a source-IP condition in the
  // role's trust (a trust naming the caller needs no identity Allow in the same account).
  {
    const policy = await managed('t016-policy', doc(allow('s3:ListAllMyBuckets', '*')));
    const negPolicy = await managed('t016-office-policy', doc(allow('s3:ListAllMyBuckets', '*')));
    const pos = await user('p016-pos', doc(allow('iam:CreatePolicyVersion', policy), allow('sts:AssumeRole', arn('role', 't016'))));
    const neg = await user('p016-neg', doc(allow('iam:CreatePolicyVersion', negPolicy), allow('sts:AssumeRole', arn('role', 't016-office'))));
    await role('t016', trustNaming(pos), undefined, { attach: [policy] });
    await role('t016-office', doc({ Effect: 'Allow', Principal: { AWS: neg }, Action: 'sts:AssumeRole', Condition: OFFICE }), undefined, {
      attach: [negPolicy],
    });
    plant('iam-016', pos, neg, 'condition');
  }

  // iam-017 PutRolePolicy + AssumeRole; blocked by the SCP.
  {
    const grant = doc(allow(['iam:PutRolePolicy', 'sts:AssumeRole'], arn('role', 't017')));
    const pos = await user('p017-pos', grant);
    const neg = await user('p017-neg', grant, { path: '/scp-blocked/' });
    await role('t017', trustNaming(pos, neg));
    plant('iam-017', pos, neg, 'scp');
  }

  // iam-018 PutUserPolicy + CreateAccessKey on another user; blocked by a principal-tag condition.
  {
    const target = await user('t018');
    plant(
      'iam-018',
      await user('p018-pos', doc(allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], target))),
      await user('p018-neg', doc(allow(['iam:PutUserPolicy', 'iam:CreateAccessKey'], target, { StringEquals: { 'aws:PrincipalTag/role': 'break-glass' } }))),
      'condition',
    );
  }

  // iam-019 AttachRolePolicy + UpdateAssumeRolePolicy; blocked by the target's boundary.
  {
    const target = await role('t019', trustService('ec2.amazonaws.com'));
    const bounded = await role('t019-bounded', trustService('ec2.amazonaws.com'), undefined, { boundary: true });
    plant(
      'iam-019',
      await user('p019-pos', doc(allow(['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'], target))),
      await user('p019-neg', doc(allow(['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'], bounded))),
      'boundary',
    );
  }

  // iam-020 CreatePolicyVersion + UpdateAssumeRolePolicy; blocked by the SCP.
  {
    const policy = await managed('t020-policy', doc(allow('s3:ListAllMyBuckets', '*')));
    const target = await role('t020', trustService('ec2.amazonaws.com'), undefined, { attach: [policy] });
    const grant = doc(allow('iam:CreatePolicyVersion', policy), allow('iam:UpdateAssumeRolePolicy', target));
    plant('iam-020', await user('p020-pos', grant), await user('p020-neg', grant, { path: '/scp-blocked/' }), 'scp');
  }

  // iam-021 PutRolePolicy + UpdateAssumeRolePolicy; blocked by a source-IP condition.
  {
    const target = await role('t021', trustService('ec2.amazonaws.com'));
    plant(
      'iam-021',
      await user('p021-pos', doc(allow(['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'], target))),
      await user('p021-neg', doc(allow('iam:PutRolePolicy', target), allow('iam:UpdateAssumeRolePolicy', target, OFFICE))),
      'condition',
    );
  }

  // sts-001 AssumeRole of an administrator role that names the caller; blocked by a condition in the trust.
  {
    const pos = await user('p-sts-pos');
    const neg = await user('p-sts-neg');
    await role('admin-named', trustNaming(pos), undefined, { attach: [ADMIN] });
    await role('admin-named-office', doc({ Effect: 'Allow', Principal: { AWS: neg }, Action: 'sts:AssumeRole', Condition: OFFICE }), undefined, {
      attach: [ADMIN],
    });
    plant('sts-001', pos, neg, 'condition');
  }

  // Gatehouse's two: SetDefaultPolicyVersion to an older version allowing everything; deleting one's own boundary.
  {
    const pos = await managed('sdv-pos-policy', doc(allow('*', '*')));
    const neg = await managed('sdv-neg-policy', doc(allow('*', '*')));
    for (const [policy, name, condition] of [
      [pos, 'sdv-pos', undefined],
      [neg, 'sdv-neg', OFFICE],
    ] as const) {
      await iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: policy, SetAsDefault: true, PolicyDocument: doc(allow('iam:SetDefaultPolicyVersion', policy, condition)) }),
      );
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policy }));
    }
    plant('gatehouse-iam-001', arn('user', 'sdv-pos'), arn('user', 'sdv-neg'), 'condition');
  }
  {
    const permissive = await managed('boundary-removable', doc(allow(['s3:*', 'iam:DeleteUserPermissionsBoundary'], '*')));
    for (const name of ['unbound-pos', 'unbound-neg']) {
      await iam.send(new CreateUserCommand({ UserName: name, Path: name === 'unbound-neg' ? '/scp-blocked/' : '/' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: ADMIN }));
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: permissive }));
    }
    plant('gatehouse-iam-002', arn('user', 'unbound-pos'), arn('user', 'unbound-neg', '/scp-blocked/'), 'scp');
  }

  // lambda-001 PassRole to a new function: reported as reachable if Lambda exists; blocked by iam:PassedToService.
  {
    const target = await role('lambda-admin', trustService('lambda.amazonaws.com'), undefined, { attach: [ADMIN] });
    plant(
      'lambda-001',
      await user('plambda-pos', doc(allow('iam:PassRole', target), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*'))),
      await user(
        'plambda-neg',
        doc(
          allow('iam:PassRole', target, { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
          allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*'),
        ),
      ),
      'condition',
    );
  }
  return paths;
}
