/**
 * GetAccountAuthorizationDetails round trip: for a populated account, the paginated output lists
 * every user, group, role and customer managed policy with their attachments and documents exactly
 * as they were stored (documents URL-encoded on the wire, as IAM returns them).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient,
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const decoded = (text: string | undefined) => JSON.parse(decodeURIComponent(text ?? ''));

describe('GetAccountAuthorizationDetails', () => {
  let server: TestServer;
  let iam: IAMClient;
  let policyArn: string;
  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadS3', Path: '/team/', PolicyDocument: doc('s3:Get*') }))).Policy!.Arn!;
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc('s3:List*'), SetAsDefault: true }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'group-inline', PolicyDocument: doc('ec2:Describe*') }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    for (const name of ['alice', 'bob'])
      await iam.send(new CreateUserCommand({ UserName: name, Path: '/people/', Tags: [{ Key: 'team', Value: name === 'alice' ? 'core' : 'web' }] }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'alice-inline', PolicyDocument: doc('sqs:*') }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: policyArn }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bob', PermissionsBoundary: policyArn }));
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust, Description: 'the app' }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'role-inline', PolicyDocument: doc('dynamodb:*') }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: policyArn }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }));
  });
  after(async () => {
    await server.stop();
  });

  it('lists every entity with its attachments exactly as stored, across pages', async () => {
    const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, ...(marker ? { Marker: marker } : {}) }));
      pages.push(page);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker !== undefined);
    assert.ok(pages.length > 1, 'the output is paginated');
    const users = pages.flatMap((p) => p.UserDetailList ?? []);
    const groups = pages.flatMap((p) => p.GroupDetailList ?? []);
    const roles = pages.flatMap((p) => p.RoleDetailList ?? []);
    const policies = pages.flatMap((p) => p.Policies ?? []);

    assert.deepEqual(users.map((u) => u.UserName).sort(), ['alice', 'bob']);
    const alice = users.find((u) => u.UserName === 'alice')!;
    assert.equal(alice.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/people/alice`);
    assert.deepEqual(alice.GroupList, ['devs']);
    assert.deepEqual(
      alice.UserPolicyList?.map((p) => [p.PolicyName, decoded(p.PolicyDocument)]),
      [['alice-inline', JSON.parse(doc('sqs:*'))]],
    );
    assert.deepEqual(alice.AttachedManagedPolicies, [{ PolicyName: 'ReadS3', PolicyArn: policyArn }]);
    assert.deepEqual(alice.Tags, [{ Key: 'team', Value: 'core' }]);
    const bob = users.find((u) => u.UserName === 'bob')!;
    assert.deepEqual(bob.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn });

    assert.equal(groups.length, 1);
    assert.deepEqual(
      groups[0]!.GroupPolicyList?.map((p) => [p.PolicyName, decoded(p.PolicyDocument)]),
      [['group-inline', JSON.parse(doc('ec2:Describe*'))]],
    );
    assert.deepEqual(groups[0]!.AttachedManagedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);

    assert.equal(roles.length, 1);
    const app = roles[0]!;
    assert.deepEqual(decoded(app.AssumeRolePolicyDocument), JSON.parse(trust));
    assert.deepEqual(
      app.RolePolicyList?.map((p) => p.PolicyName),
      ['role-inline'],
    );
    assert.deepEqual(app.AttachedManagedPolicies, [{ PolicyName: 'ReadS3', PolicyArn: policyArn }]);
    assert.deepEqual(
      app.InstanceProfileList?.map((p) => p.InstanceProfileName),
      ['app-profile'],
    );

    const readS3 = policies.find((p) => p.Arn === policyArn)!;
    assert.equal(readS3.DefaultVersionId, 'v2');
    assert.equal(readS3.AttachmentCount, 2);
    assert.equal(readS3.PermissionsBoundaryUsageCount, 1);
    const versions = (readS3.PolicyVersionList ?? []).map((v) => [v.VersionId, v.IsDefaultVersion, decoded(v.Document)]);
    assert.deepEqual(
      versions.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['v1', false, JSON.parse(doc('s3:Get*'))],
        ['v2', true, JSON.parse(doc('s3:List*'))],
      ],
    );
  });

  it('filters by entity type', async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    assert.equal(out.UserDetailList?.length ?? 0, 0);
    assert.equal(out.GroupDetailList?.length ?? 0, 0);
    assert.equal(out.Policies?.length ?? 0, 0);
    assert.deepEqual(
      out.RoleDetailList?.map((r) => r.RoleName),
      ['app'],
    );
  });
});
