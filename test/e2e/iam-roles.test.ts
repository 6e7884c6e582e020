import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserCommand,
  PutUserPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  ListEntitiesForPolicyCommand,
  ListAttachedRolePoliciesCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteServiceLinkedRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  TagRoleCommand,
  UntagInstanceProfileCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const ACCT = TEST_ACCOUNT_ID;

function trust(principal: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }] });
}
const EC2_TRUST = trust({ Service: 'ec2.amazonaws.com' });

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    // The SDK names modeled errors after their shapes (`NoSuchEntityException`); `Code` is the wire code.
    const e = err as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

function client(server: TestServer): IAMClient {
  return new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
}

async function roleNames(iam: IAMClient): Promise<string[]> {
  return ((await iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName!);
}

describe('IAM roles, service-linked roles and instance profiles', () => {
  let server: TestServer;
  let iam: IAMClient;
  before(async () => {
    server = await startTestServer();
    iam = client(server);
  });
  after(async () => {
    await server.stop();
  });

  it('CreateRole and GetRole return AWS shapes, with the trust policy URL-encoded', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        Path: '/team/',
        AssumeRolePolicyDocument: EC2_TRUST,
        Description: 'the app role',
        Tags: [{ Key: 'env', Value: 'prod' }],
        PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
      }),
    );
    const role = created.Role!;
    assert.equal(role.Arn, `arn:aws:iam::${ACCT}:role/team/app`);
    assert.match(role.RoleId!, /^AROA[A-Z0-9]{17}$/);
    assert.equal(role.Path, '/team/');
    // AWS: CreateRole echoes MaxSessionDuration only when it was given; GetRole always has it.
    assert.equal(role.MaxSessionDuration, undefined);
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), EC2_TRUST);
    assert.notEqual(role.AssumeRolePolicyDocument, EC2_TRUST);

    const got = (await iam.send(new GetRoleCommand({ RoleName: 'APP' }))).Role!;
    assert.equal(got.RoleName, 'app');
    assert.equal(got.MaxSessionDuration, 3600);
    assert.equal(got.Description, 'the app role');
    assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'prod' }]);
    assert.deepEqual(got.PermissionsBoundary, {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    });
    assert.deepEqual(got.RoleLastUsed, {});
    assert.ok(got.CreateDate instanceof Date);
  });

  it('GetRole reports RoleLastUsed from the recorded last use', async () => {
    await server.gatehouse.store.roles.recordLastUsed(ACCT, 'app', '2026-11-01T10:00:00.000Z', 'eu-west-1');
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!;
    assert.deepEqual(got.RoleLastUsed, { LastUsedDate: new Date('2026-11-01T10:00:00.000Z'), Region: 'eu-west-1' });
  });

  it('names are unique case-insensitively, and unknown roles are NoSuchEntity', async () => {
    const dup = await rejection(iam.send(new CreateRoleCommand({ RoleName: 'APP', AssumeRolePolicyDocument: EC2_TRUST })));
    assert.deepEqual(dup, { name: 'EntityAlreadyExists', message: 'Role with name APP already exists.', status: 409 });
    const missing = await rejection(iam.send(new GetRoleCommand({ RoleName: 'ghost' })));
    assert.deepEqual(missing, { name: 'NoSuchEntity', message: 'The role with name ghost cannot be found.', status: 404 });
  });

  it('refuses trust policies with identity-policy syntax, with IAM messages, and creates nothing', async () => {
    const before = await roleNames(iam);
    const cases: [string, string][] = [
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }), 'Missing required field Principal'],
      [trust({ Service: 'ec2.amazonaws.com' }, { Resource: '*' }), 'Has prohibited field Resource'],
      [
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject' }] }),
        'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext',
      ],
      ['{not json', 'This policy contains invalid Json'],
      [trust({ AWS: `arn:aws:iam::${ACCT}:role/nobody` }), `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCT}:role/nobody"`],
      [trust({ AWS: `arn:aws:iam::${ACCT}:user/nobody` }), `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCT}:user/nobody"`],
    ];
    for (const [doc, message] of cases) {
      const err = await rejection(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: doc })));
      assert.deepEqual(err, { name: 'MalformedPolicyDocument', message, status: 400 });
    }
    const big = trust({ Service: 'ec2.amazonaws.com' }, { Condition: { StringEquals: { 'aws:PrincipalTag/x': 'a'.repeat(2100) } } });
    const tooBig = await rejection(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: big })));
    assert.deepEqual(tooBig, { name: 'LimitExceeded', message: 'Cannot exceed quota for ACLSizePerRole: 2048', status: 409 });
    assert.deepEqual(await roleNames(iam), before);
  });

  it('accepts a trust policy naming an existing role or user of the account', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/people/' }));
    const doc = trust({ AWS: [`arn:aws:iam::${ACCT}:role/team/app`, `arn:aws:iam::${ACCT}:user/people/alice`, ACCT] });
    const out = await iam.send(new CreateRoleCommand({ RoleName: 'trusting', AssumeRolePolicyDocument: doc }));
    assert.equal(decodeURIComponent(out.Role!.AssumeRolePolicyDocument!), doc);
    await iam.send(new DeleteRoleCommand({ RoleName: 'trusting' }));
    const wrongPath = trust({ AWS: `arn:aws:iam::${ACCT}:user/alice` });
    const err = await rejection(iam.send(new CreateRoleCommand({ RoleName: 'trusting', AssumeRolePolicyDocument: wrongPath })));
    assert.equal(err.name, 'MalformedPolicyDocument');
  });

  it('rejects bad input of each parameter kind with a 400 and changes nothing', async () => {
    const before = await roleNames(iam);
    const bad: [Record<string, unknown>, string][] = [
      [{ RoleName: 'has space' }, 'ValidationError'],
      [{ RoleName: 'x'.repeat(65) }, 'ValidationError'],
      [{ RoleName: 'ok', Path: 'no-slashes' }, 'ValidationError'],
      [{ RoleName: 'ok', MaxSessionDuration: 100 }, 'ValidationError'],
      [{ RoleName: 'ok', Description: 'd'.repeat(1001) }, 'ValidationError'],
      [
        {
          RoleName: 'ok',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        },
        'InvalidInput',
      ],
      [{ RoleName: 'ok', PermissionsBoundary: `arn:aws:iam::${ACCT}:policy/none` }, 'NoSuchEntity'],
      [{ RoleName: 'ok', Path: '/aws-service-role/' }, 'InvalidInput'],
    ];
    for (const [extra, code] of bad) {
      const err = await rejection(iam.send(new CreateRoleCommand({ AssumeRolePolicyDocument: EC2_TRUST, ...extra } as never)));
      assert.equal(err.name, code, JSON.stringify(extra));
      assert.equal(err.status, code === 'NoSuchEntity' ? 404 : 400);
    }
    assert.deepEqual(await roleNames(iam), before);
  });

  it('ListRoles pages with MaxItems/Marker, filters by PathPrefix, and omits tags and boundaries', async () => {
    for (const n of ['p1', 'p2', 'p3', 'p4']) {
      await iam.send(new CreateRoleCommand({ RoleName: n, Path: '/paged/', AssumeRolePolicyDocument: EC2_TRUST, Tags: [{ Key: 'k', Value: 'v' }] }));
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 3, Marker: marker }));
      pages++;
      for (const r of page.Roles!) {
        seen.push(r.RoleName!);
        assert.equal(r.Tags, undefined);
        assert.equal(r.PermissionsBoundary, undefined);
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker !== undefined);
    assert.equal(pages, 2);
    assert.deepEqual(seen, ['p1', 'p2', 'p3', 'p4']);
  });

  it('UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy change the role', async () => {
    await iam.send(new UpdateRoleCommand({ RoleName: 'p1', Description: 'one', MaxSessionDuration: 7200 }));
    let role = (await iam.send(new GetRoleCommand({ RoleName: 'p1' }))).Role!;
    assert.equal(role.Description, 'one');
    assert.equal(role.MaxSessionDuration, 7200);
    const updated = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'p1', Description: 'two' }));
    assert.equal(updated.Role!.Description, 'two');

    const doc = trust({ Service: 'lambda.amazonaws.com' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'p1', PolicyDocument: doc }));
    const bad = await rejection(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'p1', PolicyDocument: trust({ Service: 'x.amazonaws.com' }, { Resource: '*' }) })),
    );
    assert.equal(bad.name, 'MalformedPolicyDocument');
    role = (await iam.send(new GetRoleCommand({ RoleName: 'p1' }))).Role!;
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), doc);
    const err = await rejection(iam.send(new UpdateRoleCommand({ RoleName: 'p1', MaxSessionDuration: 50000 })));
    assert.equal(err.name, 'ValidationError');
  });

  it('tags roles case-insensitively, pages ListRoleTags and untags', async () => {
    await iam.send(
      new TagRoleCommand({
        RoleName: 'p2',
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
          { Key: 'c', Value: '3' },
        ],
      }),
    );
    await iam.send(new TagRoleCommand({ RoleName: 'p2', Tags: [{ Key: 'A', Value: 'upper' }] }));
    const first = await iam.send(new ListRoleTagsCommand({ RoleName: 'p2', MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListRoleTagsCommand({ RoleName: 'p2', Marker: first.Marker }));
    const all = [...first.Tags!, ...rest.Tags!];
    assert.deepEqual(all.map((t) => `${t.Key}=${t.Value}`).sort(), ['A=upper', 'b=2', 'c=3', 'k=v']);
    await iam.send(new UntagRoleCommand({ RoleName: 'p2', TagKeys: ['a', 'K', 'missing'] }));
    const left = await iam.send(new ListRoleTagsCommand({ RoleName: 'p2' }));
    assert.deepEqual(left.Tags!.map((t) => t.Key).sort(), ['b', 'c']);
    const dup = await rejection(
      iam.send(
        new TagRoleCommand({
          RoleName: 'p2',
          Tags: [
            { Key: 'x', Value: '1' },
            { Key: 'X', Value: '2' },
          ],
        }),
      ),
    );
    assert.deepEqual(dup, { name: 'InvalidInput', message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', status: 400 });
    const missing = await rejection(iam.send(new TagRoleCommand({ RoleName: 'ghost', Tags: [{ Key: 'x', Value: '1' }] })));
    assert.equal(missing.name, 'NoSuchEntity');
  });

  it('refuses tag keys and values that begin with the reserved prefix aws:, in any case, and changes nothing', async () => {
    // AWS: IAM User Guide, "Rules for tagging in IAM and AWS STS".
    const before = (await iam.send(new ListRoleTagsCommand({ RoleName: 'p2' }))).Tags;
    for (const tag of [
      { Key: 'aws:team', Value: 'x' },
      { Key: 'AWS:Team', Value: 'x' },
      { Key: 'team', Value: 'aws:x' },
    ]) {
      const refused = await rejection(iam.send(new TagRoleCommand({ RoleName: 'p2', Tags: [{ Key: 'ok', Value: '1' }, tag] })));
      assert.equal(refused.name, 'InvalidInput');
      assert.equal(refused.status, 400);
      assert.match(refused.message, /begins with aws:/);
    }
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'p2' }))).Tags, before);
    const create = await rejection(iam.send(new CreateUserCommand({ UserName: 'reserved-tags', Tags: [{ Key: 'aws:cost', Value: '1' }] })));
    assert.equal(create.name, 'InvalidInput');
    assert.equal((await rejection(iam.send(new GetUserCommand({ UserName: 'reserved-tags' })))).name, 'NoSuchEntity');
    // A value that merely contains the prefix, and a key that only resembles it, are fine.
    await iam.send(new TagRoleCommand({ RoleName: 'p2', Tags: [{ Key: 'awsome', Value: 'arn:aws:iam::123456789012:root' }] }));
    await iam.send(new UntagRoleCommand({ RoleName: 'p2', TagKeys: ['awsome'] }));
  });

  it('instance profiles: create, get with roles, one role only, list for role, paging and tags', async () => {
    const created = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/ip/', Tags: [{ Key: 't', Value: '1' }] }));
    assert.equal(created.InstanceProfile!.Arn, `arn:aws:iam::${ACCT}:instance-profile/ip/web`);
    assert.match(created.InstanceProfile!.InstanceProfileId!, /^AIPA[A-Z0-9]{17}$/);
    assert.deepEqual(created.InstanceProfile!.Roles, []);
    const dup = await rejection(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'WEB' })));
    assert.deepEqual(dup, { name: 'EntityAlreadyExists', message: 'Instance Profile WEB already exists.', status: 409 });

    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'p3' }));
    const limit = await rejection(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'p4' })));
    assert.deepEqual(limit, { name: 'LimitExceeded', message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1', status: 409 });
    const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
    assert.deepEqual(
      got.Roles!.map((r) => r.RoleName),
      ['p3'],
    );
    assert.deepEqual(got.Tags, [{ Key: 't', Value: '1' }]);
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'p3' }));
    assert.deepEqual(
      forRole.InstanceProfiles!.map((p) => p.InstanceProfileName),
      ['web'],
    );

    const conflict = await rejection(iam.send(new DeleteRoleCommand({ RoleName: 'p3' })));
    assert.deepEqual(conflict, { name: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.', status: 409 });
    const profileConflict = await rejection(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })));
    assert.deepEqual(profileConflict, { name: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.', status: 409 });

    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'u', Value: '2' }] }));
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['t'] }));
    assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags, [{ Key: 'u', Value: '2' }]);

    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web2', Path: '/ip/' }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web3', Path: '/ip/' }));
    const page1 = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/ip/', MaxItems: 2 }));
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/ip/', MaxItems: 2, Marker: page1.Marker }));
    assert.deepEqual(
      [...page1.InstanceProfiles!, ...page2.InstanceProfiles!].map((p) => p.InstanceProfileName),
      ['web', 'web2', 'web3'],
    );
    assert.equal(page2.IsTruncated, false);

    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'p3' }));
    const notIn = await rejection(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'p3' })));
    assert.equal(notIn.name, 'NoSuchEntity');
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    const gone = await rejection(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' })));
    assert.deepEqual(gone, { name: 'NoSuchEntity', message: 'Instance Profile web cannot be found.', status: 404 });
    const badName = await rejection(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'bad name' })));
    assert.equal(badName.name, 'ValidationError');
  });

  it('DeleteRole refuses while policies are attached or inline, then deletes', async () => {
    const db = server.gatehouse.store.db;
    const row = { account_id: ACCT, principal_kind: 'role' as const, principal_name: 'p4' };
    await db
      .insertInto('policy_attachments')
      .values({ ...row, policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', created_at: new Date().toISOString() })
      .execute();
    await db
      .insertInto('inline_policies')
      .values({ ...row, policy_name: 'inline', document: '{}' })
      .execute();
    const attached = await rejection(iam.send(new DeleteRoleCommand({ RoleName: 'p4' })));
    assert.deepEqual(attached, { name: 'DeleteConflict', message: 'Cannot delete entity, must detach all policies first.', status: 409 });
    await db.deleteFrom('policy_attachments').where('principal_name', '=', 'p4').execute();
    const inline = await rejection(iam.send(new DeleteRoleCommand({ RoleName: 'p4' })));
    assert.deepEqual(inline, { name: 'DeleteConflict', message: 'Cannot delete entity, must delete policies first.', status: 409 });
    await db.deleteFrom('inline_policies').where('principal_name', '=', 'p4').execute();
    await iam.send(new DeleteRoleCommand({ RoleName: 'P4' }));
    assert.equal((await rejection(iam.send(new GetRoleCommand({ RoleName: 'p4' })))).name, 'NoSuchEntity');
    assert.equal((await rejection(iam.send(new DeleteRoleCommand({ RoleName: 'p4' })))).name, 'NoSuchEntity');
  });

  it('service-linked roles: AWS names and paths, protected from change, deleted by task', async () => {
    const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', Description: 'asg' }))).Role!;
    assert.equal(role.RoleName, 'AWSServiceRoleForAutoScaling');
    assert.equal(role.Path, '/aws-service-role/autoscaling.amazonaws.com/');
    assert.equal(role.Arn, `arn:aws:iam::${ACCT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`);
    // AWS writes the trust policy with plain strings, and attaches the service's managed policy.
    const policy = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
    assert.deepEqual(policy.Statement, [{ Effect: 'Allow', Principal: { Service: 'autoscaling.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const slrPolicy = 'arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy';
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName! }))).AttachedPolicies, [
      { PolicyName: 'AutoScalingServiceRolePolicy', PolicyArn: slrPolicy },
    ]);
    const suffixed = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'blue' }))).Role!;
    assert.equal(suffixed.RoleName, 'AWSServiceRoleForAutoScaling_blue');
    // Services name their roles their own way; some give them a description when the caller does not.
    const acm = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'acm.amazonaws.com' }))).Role!;
    assert.equal(acm.RoleName, 'AWSServiceRoleForCertificateManager');
    const rds = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'rds.amazonaws.com' }))).Role!;
    assert.equal(rds.Description, 'Allows Amazon RDS to manage AWS resources on your behalf');
    assert.equal(
      (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'connect.amazonaws.com', CustomSuffix: 'c1' }))).Role!.RoleName,
      'AWSServiceRoleForAmazonConnect_c1',
    );
    const beanstalk = await rejection(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com', CustomSuffix: 'x' })));
    assert.deepEqual(beanstalk, { name: 'InvalidInput', message: 'Custom suffix is not allowed for elasticbeanstalk.amazonaws.com', status: 400 });

    const taken = await rejection(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' })));
    assert.deepEqual(taken, {
      name: 'InvalidInput',
      message: 'Service role name AWSServiceRoleForAutoScaling has been taken in this account, please try a different suffix.',
      status: 400,
    });
    const noSuffix = await rejection(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'es.amazonaws.com', CustomSuffix: 'x' })));
    assert.deepEqual(noSuffix, { name: 'InvalidInput', message: 'Custom suffix is not allowed for es.amazonaws.com', status: 400 });

    const name = 'AWSServiceRoleForAutoScaling';
    const protectedMessage = `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;
    for (const call of [
      () => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: EC2_TRUST })),
      () => iam.send(new DeleteRoleCommand({ RoleName: name })),
      () => iam.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })),
      () => iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
      () =>
        iam.send(
          new PutRolePolicyCommand({
            RoleName: name,
            PolicyName: 'p',
            PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
          }),
        ),
      () => iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
    ]) {
      assert.deepEqual(await rejection(call()), { name: 'UnmodifiableEntity', message: protectedMessage, status: 400 });
    }
    const editedDescription = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'edited' }));
    assert.equal(editedDescription.Role!.Description, 'edited');

    const notLinked = await rejection(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'p1' })));
    assert.equal(notLinked.name, 'InvalidInput');
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'slr-holder' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'slr-holder', RoleName: name }));
    const inUse = await rejection(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: name })));
    assert.deepEqual(inUse, { name: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.', status: 409 });
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'slr-holder', RoleName: name }));
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: name }));
    assert.match(DeletionTaskId!, /^task\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling\/[0-9a-f-]{36}$/);
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    assert.equal(status.Status, 'SUCCEEDED');
    assert.equal((await rejection(iam.send(new GetRoleCommand({ RoleName: name })))).name, 'NoSuchEntity');
    // The deleted role's policy attachment went with it; the suffixed role's remains.
    const uses = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: slrPolicy }));
    assert.deepEqual(
      uses.PolicyRoles!.map((r) => r.RoleName),
      ['AWSServiceRoleForAutoScaling_blue'],
    );
    const unknownTask = await rejection(
      iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/aws-service-role/x.amazonaws.com/R/1' })),
    );
    assert.equal(unknownTask.name, 'NoSuchEntity');
  });

  it('GetRole shows a permissions boundary set or removed after the role was read (the role cache hears of it)', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded-later', AssumeRolePolicyDocument: EC2_TRUST }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded-later' }))).Role!.PermissionsBoundary, undefined);
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded-later', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: 'bounded-later' }))).Role!.PermissionsBoundary, {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded-later' }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded-later' }))).Role!.PermissionsBoundary, undefined);
    await iam.send(new DeleteRoleCommand({ RoleName: 'bounded-later' }));
  });
});

describe('IAM role and instance profile quotas', () => {
  let server: TestServer;
  let iam: IAMClient;
  before(async () => {
    server = await startTestServer({ env: { GATEHOUSE_QUOTAS: '{"rolesPerAccount":2,"instanceProfilesPerAccount":1,"tagsPerResource":2}' } });
    iam = client(server);
  });
  after(async () => {
    await server.stop();
  });

  it('enforces roles per account, instance profiles per account and tags per resource', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'r1',
        AssumeRolePolicyDocument: EC2_TRUST,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: EC2_TRUST }));
    const roles = await rejection(iam.send(new CreateRoleCommand({ RoleName: 'r3', AssumeRolePolicyDocument: EC2_TRUST })));
    assert.deepEqual(roles, { name: 'LimitExceeded', message: 'Cannot exceed quota for RolesPerAccount: 2', status: 409 });
    const slr = await rejection(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })));
    assert.equal(slr.name, 'LimitExceeded');

    const tags = await rejection(iam.send(new TagRoleCommand({ RoleName: 'r1', Tags: [{ Key: 'c', Value: '3' }] })));
    assert.deepEqual(tags, { name: 'LimitExceeded', message: 'The number of tags has reached the maximum limit.', status: 409 });
    await iam.send(new TagRoleCommand({ RoleName: 'r1', Tags: [{ Key: 'B', Value: 'replaced' }] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'r1' }))).Tags!.map((t) => t.Key).sort(), ['B', 'a']);

    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ip1' }));
    const profiles = await rejection(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ip2' })));
    assert.deepEqual(profiles, { name: 'LimitExceeded', message: 'Cannot exceed quota for InstanceProfilesPerAccount: 1', status: 409 });
  });
});

describe('IAM role operations declare their condition keys', () => {
  let server: TestServer;
  let root: IAMClient;
  let builder: IAMClient;
  before(async () => {
    server = await startTestServer();
    root = client(server);
    await root.send(new CreateUserCommand({ UserName: 'builder' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:CreateServiceLinkedRole',
          Resource: '*',
          Condition: { StringEquals: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } },
        },
        { Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' } } },
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${ACCT}:role/*`, Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
      ],
    };
    await root.send(new PutUserPolicyCommand({ UserName: 'builder', PolicyName: 'roles', PolicyDocument: JSON.stringify(policy) }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'builder' }))).AccessKey!;
    builder = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1,
    });
  });
  after(async () => {
    await server.stop();
  });

  it('iam:AWSServiceName, aws:RequestTag and aws:ResourceTag decide', async () => {
    await builder.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }));
    const ecs = await rejection(builder.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })));
    assert.deepEqual([ecs.name, ecs.status], ['AccessDenied', 403]);

    await builder.send(
      new CreateRoleCommand({
        RoleName: 'blue',
        AssumeRolePolicyDocument: EC2_TRUST,
        Tags: [
          { Key: 'team', Value: 'blue' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    const untagged = await rejection(builder.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: EC2_TRUST })));
    assert.deepEqual([untagged.name, untagged.status], ['AccessDenied', 403]);
    await root.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: EC2_TRUST }));

    assert.equal((await builder.send(new GetRoleCommand({ RoleName: 'blue' }))).Role!.RoleName, 'blue');
    const hidden = await rejection(builder.send(new GetRoleCommand({ RoleName: 'plain' })));
    assert.deepEqual([hidden.name, hidden.status], ['AccessDenied', 403]);
    assert.match(hidden.message, new RegExp(`iam:GetRole on resource: arn:aws:iam::${ACCT}:role/plain`));
  });
});
