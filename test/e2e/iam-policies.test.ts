import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListPoliciesGrantingServiceAccessCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { addToGroup, createGroup, createUser, rejection } from './iam-policies.support.js';

const ACCT = TEST_ACCOUNT_ID;
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function doc(action: string, effect = 'Allow', resource = '*'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] });
}

describe('IAM policies over a real socket', () => {
  let server: TestServer;
  let iam: IAMClient;
  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await createUser(iam, 'alice');
    await createUser(iam, 'carol');
    await createGroup(iam, 'devs');
    await addToGroup(iam, 'devs', 'alice');
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
  });
  after(async () => {
    await server.stop();
  });

  it('CreatePolicy and GetPolicy return AWS’s Policy shape, with path, id, v1, description and tags', async () => {
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'ReadBuckets',
        Path: '/team/',
        PolicyDocument: doc('s3:Get*'),
        Description: 'read',
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    );
    const p = created.Policy!;
    assert.equal(p.Arn, `arn:aws:iam::${ACCT}:policy/team/ReadBuckets`);
    assert.match(p.PolicyId!, /^ANPA[A-Z0-9]{17}$/);
    assert.equal(p.DefaultVersionId, 'v1');
    assert.equal(p.Path, '/team/');
    assert.equal(p.AttachmentCount, 0);
    assert.equal(p.IsAttachable, true);
    assert.deepEqual(p.Tags, [{ Key: 'env', Value: 'prod' }]);
    // AWS: CreatePolicy's response leaves out the Description; GetPolicy returns it.
    assert.equal(p.Description, undefined);
    const got = (await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy!;
    assert.equal(got.Description, 'read');
    assert.equal(got.PolicyId, p.PolicyId);
    assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'prod' }]);
    assert.ok(got.CreateDate instanceof Date);
    // Without tags, GetPolicy still returns Tags, empty.
    const untagged = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Untagged', PolicyDocument: doc('s3:Get*') }))).Policy!;
    assert.equal(untagged.Tags, undefined);
    assert.deepEqual((await iam.send(new GetPolicyCommand({ PolicyArn: untagged.Arn }))).Policy!.Tags, []);
    await iam.send(new DeletePolicyCommand({ PolicyArn: untagged.Arn }));
  });

  it('refuses a duplicate name in any case, malformed documents, oversized documents and bad input', async () => {
    const dup = await rejection(iam.send(new CreatePolicyCommand({ PolicyName: 'readbuckets', PolicyDocument: doc('s3:Get*') })));
    assert.equal(dup.name, 'EntityAlreadyExists');
    assert.equal(dup.status, 409);
    assert.equal(dup.message, 'A policy called readbuckets already exists. Duplicate names are not allowed.');

    const noResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*' }] });
    const malformed = await rejection(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad1', PolicyDocument: noResource })));
    assert.equal(malformed.name, 'MalformedPolicyDocument');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.message, 'Policy statement must contain resources.');
    const syntax = await rejection(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad2', PolicyDocument: '{"Version":"2012-10-17",' })));
    assert.equal(syntax.message, 'Syntax errors in policy.');

    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: Array.from({ length: 400 }, (_, i) => `s3:GetObjectNumber${i}`), Resource: '*' }],
    });
    const tooBig = await rejection(iam.send(new CreatePolicyCommand({ PolicyName: 'Big', PolicyDocument: big })));
    assert.equal(tooBig.name, 'LimitExceeded');
    assert.equal(tooBig.message, 'Cannot exceed quota for PolicySize: 6144');

    const badName = await rejection(iam.send(new CreatePolicyCommand({ PolicyName: 'bad name!', PolicyDocument: doc('s3:Get*') })));
    assert.equal(badName.name, 'ValidationError');
    assert.equal(badName.status, 400);
    const badPath = await rejection(iam.send(new CreatePolicyCommand({ PolicyName: 'Ok', Path: 'nopath', PolicyDocument: doc('s3:Get*') })));
    assert.equal(badPath.status, 400);
    const badArn = await rejection(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCT}:user/alice` })));
    assert.equal(badArn.name, 'InvalidInput');
    assert.equal(badArn.message, `ARN arn:aws:iam::${ACCT}:user/alice is not valid.`);
    // AWS: a PolicyArn that is no ARN at all cannot be parsed (recorded AttachRolePolicy/AttachUserPolicy responses).
    const notArn = await rejection(iam.send(new GetPolicyCommand({ PolicyArn: 'longpolicynamebutnoarn' })));
    assert.deepEqual(notArn, { name: 'ValidationError', message: 'Invalid ARN:  Could not be parsed!', status: 400 });

    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.deepEqual(
      local.Policies!.map((p) => p.PolicyName),
      ['ReadBuckets'],
    );
  });

  it('bad input of every kind is a 400 and changes nothing', async () => {
    const cases: [string, Promise<unknown>][] = [
      ['MaxItems', iam.send(new ListPoliciesCommand({ MaxItems: 0 }))],
      ['Scope', iam.send(new ListPoliciesCommand({ Scope: 'Everything' as 'All' }))],
      ['VersionId', iam.send(new GetPolicyVersionCommand({ PolicyArn: `arn:aws:iam::${ACCT}:policy/team/ReadBuckets`, VersionId: 'x1' }))],
      ['PolicyArn', iam.send(new GetPolicyCommand({ PolicyArn: 'short' }))],
      ['inline PolicyName', iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'no spaces', PolicyDocument: doc('s3:*') }))],
      ['UserName', iam.send(new AttachUserPolicyCommand({ UserName: 'x'.repeat(65), PolicyArn: `arn:aws:iam::${ACCT}:policy/team/ReadBuckets` }))],
      [
        'EntityFilter',
        iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCT}:policy/team/ReadBuckets`, EntityFilter: 'Robot' as 'User' })),
      ],
      ['document charset', iam.send(new CreatePolicyCommand({ PolicyName: 'Charset', PolicyDocument: doc('s3:Get\u0100') }))],
      ['Description', iam.send(new CreatePolicyCommand({ PolicyName: 'Desc', PolicyDocument: doc('s3:*'), Description: 'd'.repeat(1001) }))],
    ];
    for (const [what, call] of cases) {
      const err = await rejection(call);
      assert.equal(err.status, 400, what);
      assert.ok(['ValidationError', 'InvalidInput', 'MalformedPolicyDocument'].includes(err.name), `${what}: ${err.name}`);
    }
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'carol' }))).PolicyNames, []);
    assert.deepEqual(
      (await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies!.map((p) => p.PolicyName),
      ['ReadBuckets'],
    );
  });

  it('versions: at most five, documents URL-encoded, the default cannot be deleted, ids never reused', async () => {
    const arn = `arn:aws:iam::${ACCT}:policy/team/ReadBuckets`;
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:List*'), SetAsDefault: true }));
    assert.equal(v2.PolicyVersion!.VersionId, 'v2');
    assert.equal(v2.PolicyVersion!.IsDefaultVersion, true);
    for (const v of ['v3', 'v4', 'v5']) {
      const out = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:Put${v}`) }));
      assert.equal(out.PolicyVersion!.VersionId, v);
    }
    const sixth = await rejection(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:*') })));
    assert.equal(sixth.name, 'LimitExceeded');
    assert.equal(sixth.message, 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');

    const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 3 }));
    assert.deepEqual(
      listed.Versions!.map((v) => v.VersionId),
      ['v5', 'v4', 'v3'],
    );
    assert.equal(listed.IsTruncated, true);
    const rest = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: listed.Marker }));
    assert.deepEqual(
      rest.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ['v2', true],
        ['v1', false],
      ],
    );

    const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))).PolicyVersion!;
    assert.match(version.Document!, /^%7B%22Version%22%3A%222012-10-17%22/);
    assert.equal(decodeURIComponent(version.Document!), doc('s3:List*'));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v2');

    const deleteDefault = await rejection(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })));
    assert.equal(deleteDefault.name, 'DeleteConflict');
    assert.equal(deleteDefault.message, 'Cannot delete the default version of a policy.');
    const missing = await rejection(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })));
    assert.equal(missing.name, 'NoSuchEntity');
    assert.equal(missing.message, `Policy ${arn} version v9 does not exist or is not attachable.`);

    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    const v6 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:*') }));
    assert.equal(v6.PolicyVersion!.VersionId, 'v6');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
    assert.deepEqual(
      versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId),
      ['v6'],
    );
  });

  it('DeletePolicy: conflicts while attached, then while it has other versions, then deletes', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Doomed', PolicyDocument: doc('sqs:*') }))).Policy!.Arn!;
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sns:*') }));
    const unparsable = await rejection(iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: 'longpolicynamebutnoarn' })));
    assert.deepEqual(unparsable, { name: 'ValidationError', message: 'Invalid ARN:  Could not be parsed!', status: 400 });
    await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }));
    const attached = await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.equal(attached.name, 'DeleteConflict');
    assert.equal(attached.status, 409);
    assert.equal(attached.message, 'Cannot delete a policy attached to entities.');
    await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }));
    const versions = await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.equal(
      versions.message,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    const gone = await rejection(iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    assert.equal(gone.name, 'NoSuchEntity');
    assert.equal(gone.status, 404);
    assert.equal(gone.message, `Policy ${arn} was not found.`);
  });

  it('policy tags: tag, list with pagination, untag', async () => {
    const arn = `arn:aws:iam::${ACCT}:policy/team/ReadBuckets`;
    await iam.send(
      new TagPolicyCommand({
        PolicyArn: arn,
        Tags: [
          { Key: 'team', Value: 'a' },
          { Key: 'cost', Value: '1' },
        ],
      }),
    );
    const first = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 2 }));
    assert.deepEqual(
      first.Tags!.map((t) => t.Key),
      ['cost', 'env'],
    );
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, Marker: first.Marker }));
    assert.deepEqual(second.Tags, [{ Key: 'team', Value: 'a' }]);
    await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['TEAM', 'cost'] }));
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    const dup = await rejection(
      iam.send(
        new TagPolicyCommand({
          PolicyArn: arn,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
    );
    assert.equal(dup.name, 'InvalidInput');
  });

  it('AWS managed policies: read from the catalogue, attachable, never modifiable', async () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const got = (await iam.send(new GetPolicyCommand({ PolicyArn: admin }))).Policy!;
    assert.equal(got.PolicyName, 'AdministratorAccess');
    assert.equal(got.Path, '/');
    assert.match(got.PolicyId!, /^ANPA/);
    const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: admin, VersionId: got.DefaultVersionId! }))).PolicyVersion!;
    assert.deepEqual(JSON.parse(decodeURIComponent(v.Document!)).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const lambda = (await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }))).Policy!;
    assert.equal(lambda.Path, '/service-role/');
    const many = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', MaxItems: 2 }));
    assert.equal(many.Versions!.length, 2);
    assert.equal(many.IsTruncated, true);

    const awsPage = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/', MaxItems: 5 }));
    assert.equal(awsPage.Policies!.length, 5);
    assert.ok(awsPage.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/job-function/')));
    assert.equal(awsPage.IsTruncated, true);

    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: admin }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: admin }))).Policy!.AttachmentCount, 1);
    const attachedAws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
    assert.deepEqual(
      attachedAws.Policies!.map((p) => p.PolicyName),
      ['AdministratorAccess'],
    );

    const del = await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: admin })));
    assert.equal(del.name, 'AccessDenied');
    assert.equal(del.status, 403);
    const ver = await rejection(iam.send(new CreatePolicyVersionCommand({ PolicyArn: admin, PolicyDocument: doc('s3:*') })));
    assert.equal(ver.name, 'AccessDenied');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: admin }));
    const none = await rejection(iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicyAtAll' })));
    assert.equal(none.name, 'NoSuchEntity');
    assert.equal(none.message, 'Policy arn:aws:iam::aws:policy/NoSuchPolicyAtAll does not exist or is not attachable.');
  });

  it('attachments: users, groups and roles; idempotent; quota of 10; listed with pagination; entities for a policy', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) {
      arns.push(
        (await iam.send(new CreatePolicyCommand({ PolicyName: `Att${String(i).padStart(2, '0')}`, PolicyDocument: doc(`ec2:Describe${i}`) }))).Policy!.Arn!,
      );
    }
    for (const arn of arns.slice(0, 10)) await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'CAROL', PolicyArn: arns[0] }));
    const quota = await rejection(iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: arns[10] })));
    assert.equal(quota.name, 'LimitExceeded');
    assert.equal(quota.status, 409);
    assert.equal(quota.message, 'Cannot exceed quota for PoliciesPerUser: 10');

    const page1 = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol', MaxItems: 6 }));
    assert.equal(page1.AttachedPolicies!.length, 6);
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol', Marker: page1.Marker }));
    assert.equal(page2.AttachedPolicies!.length, 4);
    assert.equal(page2.IsTruncated, false);
    assert.deepEqual(
      [...page1.AttachedPolicies!, ...page2.AttachedPolicies!].map((p) => p.PolicyArn),
      arns.slice(0, 10),
    );

    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arns[0] }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: arns[0] }));
    assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'devs' }))).AttachedPolicies, [
      { PolicyName: 'Att00', PolicyArn: arns[0] },
    ]);
    assert.deepEqual(
      (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }))).AttachedPolicies!.map((p) => p.PolicyName),
      ['Att00'],
    );
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arns[0] }))).Policy!.AttachmentCount, 3);

    const all = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arns[0] }));
    assert.deepEqual(
      all.PolicyUsers!.map((u) => u.UserName),
      ['carol'],
    );
    assert.deepEqual(
      all.PolicyGroups!.map((g) => g.GroupName),
      ['devs'],
    );
    assert.deepEqual(
      all.PolicyRoles!.map((r) => r.RoleName),
      ['app'],
    );
    assert.match(all.PolicyRoles![0]!.RoleId!, /^AROA/);
    const roles = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arns[0], EntityFilter: 'Role' }));
    assert.deepEqual([roles.PolicyUsers!.length, roles.PolicyGroups!.length, roles.PolicyRoles!.length], [0, 0, 1]);
    const p1 = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arns[0], MaxItems: 2 }));
    assert.equal(p1.IsTruncated, true);
    assert.deepEqual([p1.PolicyGroups!.length, p1.PolicyUsers!.length, p1.PolicyRoles!.length], [1, 1, 0]);
    const p2 = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arns[0], Marker: p1.Marker }));
    assert.deepEqual(
      p2.PolicyRoles!.map((r) => r.RoleName),
      ['app'],
    );

    const onlyAttached = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, MaxItems: 4 }));
    assert.deepEqual(
      onlyAttached.Policies!.map((p) => p.PolicyName),
      ['Att00', 'Att01', 'Att02', 'Att03'],
    );
    assert.equal(onlyAttached.IsTruncated, true);

    const noUser = await rejection(iam.send(new AttachUserPolicyCommand({ UserName: 'nobody', PolicyArn: arns[0] })));
    assert.equal(noUser.name, 'NoSuchEntity');
    assert.equal(noUser.message, 'The user with name nobody cannot be found.');
    const notAttached = await rejection(iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arns[5] })));
    assert.equal(notAttached.name, 'NoSuchEntity');
    assert.equal(notAttached.message, `Policy ${arns[5]} was not found.`);
    const badArn = await rejection(iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: 'arn:aws:iam::123:nope' })));
    assert.equal(badArn.name, 'InvalidInput');

    for (const arn of arns.slice(0, 10)) await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arns[0] }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: arns[0] }));
    assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol' }))).AttachedPolicies, []);
  });

  it('inline policies of users, groups and roles: put, get URL-encoded, list, delete, aggregate size quota', async () => {
    const text = doc('s3:GetObject', 'Allow', 'arn:aws:s3:::bucket/*');
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'one', PolicyDocument: text }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'two', PolicyDocument: doc('sqs:*') }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'CAROL', PolicyName: 'one' }));
    assert.equal(got.UserName, 'carol');
    assert.equal(got.PolicyDocument, encodeURIComponent(text).replace(/\*/g, '%2A'));
    const page = await iam.send(new ListUserPoliciesCommand({ UserName: 'carol', MaxItems: 1 }));
    assert.deepEqual(page.PolicyNames, ['one']);
    assert.equal(page.IsTruncated, true);
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'carol', Marker: page.Marker }))).PolicyNames, ['two']);

    await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g', PolicyDocument: doc('sns:*') }));
    assert.equal(decodeURIComponent((await iam.send(new GetGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g' }))).PolicyDocument!), doc('sns:*'));
    assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'devs' }))).PolicyNames, ['g']);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'r', PolicyDocument: doc('logs:*') }));
    assert.equal((await iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'r' }))).RoleName, 'app');
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' }))).PolicyNames, ['r']);

    const filler = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: Array.from({ length: 200 }, (_, i) => `s3:Get${i}`), Resource: '*' }],
    });
    const over = await rejection(iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'big', PolicyDocument: filler })));
    assert.equal(over.name, 'LimitExceeded');
    assert.equal(over.message, 'Maximum policy size of 2048 bytes exceeded for user carol');
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'big', PolicyDocument: filler }));

    const malformed = await rejection(iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'bad', PolicyDocument: doc('s3:*', 'Perhaps') })));
    assert.equal(malformed.name, 'MalformedPolicyDocument');
    const missing = await rejection(iam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'nope' })));
    assert.equal(missing.name, 'NoSuchEntity');
    assert.equal(missing.message, 'The user policy with name nope cannot be found.');
    const missingRole = await rejection(iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'nope' })));
    assert.equal(missingRole.message, 'The role policy with name nope cannot be found.');

    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'one' }));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'two' }));
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'g' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'big' }));
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'carol' }))).PolicyNames, []);
  });

  it('permissions boundaries: must exist, counted, listed as boundary usage, removable', async () => {
    const arn = `arn:aws:iam::${ACCT}:policy/team/ReadBuckets`;
    const missing = await rejection(
      iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'carol', PermissionsBoundary: `arn:aws:iam::${ACCT}:policy/Nope` })),
    );
    assert.equal(missing.name, 'NoSuchEntity');
    const bad = await rejection(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'carol', PermissionsBoundary: `arn:aws:iam::${ACCT}:role/app` })));
    assert.equal(bad.name, 'InvalidInput');
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'carol', PermissionsBoundary: arn }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: arn }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.PermissionsBoundaryUsageCount, 2);
    const bounds = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' }));
    assert.deepEqual(
      bounds.Policies!.map((p) => p.PolicyName),
      ['ReadBuckets'],
    );
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' }));
    assert.deepEqual(
      entities.PolicyUsers!.map((u) => u.UserName),
      ['carol'],
    );
    assert.deepEqual(
      entities.PolicyRoles!.map((r) => r.RoleName),
      ['app'],
    );
    const inUse = await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.equal(inUse.name, 'DeleteConflict');
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'carol' }));
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.PermissionsBoundaryUsageCount, 0);
  });

  it('ListPoliciesGrantingServiceAccess names the policies of a user and its groups per service', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'DynamoAll', PolicyDocument: doc('dynamodb:*') }))).Policy!.Arn!;
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arn }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'kms', PolicyDocument: doc('kms:Decrypt') }));
    const out = await iam.send(
      new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${ACCT}:user/alice`, ServiceNamespaces: ['dynamodb', 'kms', 's3'] }),
    );
    const by = Object.fromEntries(out.PoliciesGrantingServiceAccess!.map((e) => [e.ServiceNamespace, e.Policies]));
    assert.deepEqual(by.dynamodb, [{ PolicyName: 'DynamoAll', PolicyType: 'MANAGED', PolicyArn: arn, EntityType: 'GROUP', EntityName: 'devs' }]);
    assert.deepEqual(by.kms, [{ PolicyName: 'kms', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'alice' }]);
    assert.deepEqual(by.s3, []);
    const unknown = await rejection(
      iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${ACCT}:user/ghost`, ServiceNamespaces: ['s3'] })),
    );
    assert.equal(unknown.name, 'NoSuchEntity');
  });

  it('GetAccountAuthorizationDetails: AWS’s shape, filters, URL-encoded documents, pagination', async () => {
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
    const users = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
    const alice = users.UserDetailList!.find((u) => u.UserName === 'alice')!;
    assert.deepEqual(alice.GroupList, ['devs']);
    assert.deepEqual(alice.AttachedManagedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    assert.deepEqual(alice.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    assert.equal(alice.UserPolicyList![0]!.PolicyName, 'kms');
    assert.equal(decodeURIComponent(alice.UserPolicyList![0]!.PolicyDocument!), doc('kms:Decrypt'));
    assert.deepEqual([users.GroupDetailList!.length, users.RoleDetailList!.length, users.Policies!.length], [0, 0, 0]);

    const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'Group'] }));
    const app = roles.RoleDetailList!.find((r) => r.RoleName === 'app')!;
    assert.equal(decodeURIComponent(app.AssumeRolePolicyDocument!), TRUST);
    assert.deepEqual(app.InstanceProfileList, []);
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'app' }));
    const withProfile = (await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))).RoleDetailList!.find((r) => r.RoleName === 'app')!;
    assert.deepEqual(
      withProfile.InstanceProfileList!.map((p) => [p.InstanceProfileName, p.Roles!.map((r) => r.RoleName)]),
      [['web', ['app']]],
    );
    assert.ok(roles.GroupDetailList!.find((g) => g.GroupName === 'devs')!.AttachedManagedPolicies!.some((p) => p.PolicyName === 'DynamoAll'));

    const aws = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
    assert.deepEqual(aws.Policies!.map((p) => p.PolicyName).sort(), ['PowerUserAccess', 'ReadOnlyAccess']);
    const power = aws.Policies!.find((p) => p.PolicyName === 'PowerUserAccess')!;
    assert.equal(power.PermissionsBoundaryUsageCount, 1);
    assert.ok(power.PolicyVersionList!.some((v) => v.IsDefaultVersion && decodeURIComponent(v.Document!).includes('NotAction')));
    assert.deepEqual(
      power.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [[power.DefaultVersionId, true]],
    );
    const local = (await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }))).Policies!;
    assert.deepEqual(
      local
        .find((p) => p.PolicyName === 'ReadBuckets')!
        .PolicyVersionList!.map((v) => v.VersionId)
        .sort(),
      ['v1', 'v2', 'v3', 'v4', 'v6'],
    );

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3, Marker: marker }));
      pages++;
      seen.push(...page.UserDetailList!.map((u) => `u:${u.UserName}`), ...page.GroupDetailList!.map((g) => `g:${g.GroupName}`));
      seen.push(...page.RoleDetailList!.map((r) => `r:${r.RoleName}`), ...page.Policies!.map((p) => `p:${p.PolicyName}`));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker !== undefined);
    assert.ok(pages > 1);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.includes('u:alice') && seen.includes('g:devs') && seen.includes('r:app') && seen.includes('p:ReadBuckets'));
  });
});
