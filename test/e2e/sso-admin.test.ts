import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreateInstanceCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeleteInstanceCommand,
  DeletePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeInstanceCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DetachCustomerManagedPolicyReferenceFromPermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ListTagsForResourceCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateInstanceCommand,
  UpdatePermissionSetCommand,
} from '@aws-sdk/client-sso-admin';
import { CreateGroupCommand, CreateUserCommand } from '@aws-sdk/client-identitystore';
import {
  CreatePolicyCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { RegisterDelegatedAdministratorCommand } from '@aws-sdk/client-organizations';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { clientConfig, memberRoleSession, userWithPolicy, type Creds } from '../support/organizations.js';
import { enableIdentityCenter, type IdentityCenterSetup } from '../support/identityCenter.js';

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const INLINE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] });

/**
 * SSO Admin through the AWS SDK: instances, permission sets and their policies, account
 * assignments that provision real IAM roles in member accounts, re-provisioning after a change,
 * request statuses, tags, delegated administration, and IAM's protection of the roles.
 */
describe('SSO Admin', () => {
  let server: TestServer;
  let ic: IdentityCenterSetup;
  let admin: SSOAdminClient;
  let dev: string;
  let prod: string;
  let devIam: IAMClient;
  let userId: string;
  let groupId: string;
  let operator: Creds;

  before(async () => {
    server = await startTestServer();
    ic = await enableIdentityCenter(server.endpoint, server.credentials, ['dev', 'prod']);
    admin = ic.admin;
    [dev, prod] = ic.members as [string, string];
    // An administrator of the management account (the root user cannot assume roles).
    operator = await userWithPolicy(new IAMClient(clientConfig(server.endpoint, server.credentials)), 'operator', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    devIam = new IAMClient(clientConfig(server.endpoint, await memberRoleSession(server.endpoint, operator, dev, 'admin')));
    userId = (await ic.identityStore.send(new CreateUserCommand({ IdentityStoreId: ic.identityStoreId, UserName: 'alice', DisplayName: 'Alice' }))).UserId!;
    groupId = (await ic.identityStore.send(new CreateGroupCommand({ IdentityStoreId: ic.identityStoreId, DisplayName: 'Ops' }))).GroupId!;
  });
  after(async () => server.stop());

  it('has the organization instance that enabling trusted access created, in the management account only', async () => {
    const instances = (await admin.send(new ListInstancesCommand({}))).Instances!;
    assert.equal(instances.length, 1);
    assert.match(instances[0]!.InstanceArn!, /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
    assert.match(instances[0]!.IdentityStoreId!, /^d-[0-9a-f]{10}$/);
    assert.equal(instances[0]!.OwnerAccountId, TEST_ACCOUNT_ID);
    assert.equal(instances[0]!.Status, 'ACTIVE');
    await admin.send(new UpdateInstanceCommand({ InstanceArn: ic.instanceArn, Name: 'corp' }));
    assert.equal((await admin.send(new DescribeInstanceCommand({ InstanceArn: ic.instanceArn }))).Name, 'corp');
    await rejects(admin.send(new CreateInstanceCommand({ Name: 'second' })), 'ValidationException');
    await rejects(admin.send(new DescribeInstanceCommand({ InstanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' })), 'ResourceNotFoundException');
  });

  it('makes account instances in member accounts, which cannot assign AWS accounts', async () => {
    const member = await memberRoleSession(server.endpoint, operator, prod, 'setup');
    const memberAdmin = new SSOAdminClient(clientConfig(server.endpoint, member));
    const { InstanceArn } = await memberAdmin.send(new CreateInstanceCommand({ Name: 'team' }));
    await rejects(memberAdmin.send(new CreateInstanceCommand({ Name: 'again' })), 'ConflictException');
    const own = (await memberAdmin.send(new ListInstancesCommand({}))).Instances!;
    assert.deepEqual(
      own.map((i) => [i.InstanceArn, i.OwnerAccountId, i.Name]),
      [[InstanceArn, prod, 'team']],
    );
    const ps = (await memberAdmin.send(new CreatePermissionSetCommand({ InstanceArn: InstanceArn!, Name: 'Team' }))).PermissionSet!;
    await rejects(
      memberAdmin.send(
        new CreateAccountAssignmentCommand({
          InstanceArn: InstanceArn!,
          TargetId: prod,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn: ps.PermissionSetArn!,
          PrincipalType: 'USER',
          PrincipalId: userId,
        }),
      ),
      'ValidationException',
    );
    await memberAdmin.send(new DeleteInstanceCommand({ InstanceArn: InstanceArn! }));
    assert.deepEqual((await memberAdmin.send(new ListInstancesCommand({}))).Instances, []);
    // The management account's instance is not the member's to see.
    await rejects(memberAdmin.send(new DescribeInstanceCommand({ InstanceArn: ic.instanceArn })), 'ResourceNotFoundException');
  });

  it('creates, describes, updates, lists, tags and deletes permission sets', async () => {
    const created = (
      await admin.send(
        new CreatePermissionSetCommand({
          InstanceArn: ic.instanceArn,
          Name: 'Auditor',
          Description: 'Reads',
          SessionDuration: 'PT2H',
          Tags: [{ Key: 'team', Value: 'sec' }],
        }),
      )
    ).PermissionSet!;
    assert.match(created.PermissionSetArn!, new RegExp(`^arn:aws:sso:::permissionSet/${ic.instanceArn.split('/')[1]}/ps-[0-9a-f]{16}$`));
    assert.equal(created.SessionDuration, 'PT2H');
    await rejects(admin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: 'Auditor' })), 'ConflictException', {
      message: 'PermissionSet with name Auditor already exists.',
    });
    await rejects(
      admin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: 'TooLong', SessionDuration: 'PT13H' })),
      'ValidationException',
    );
    await rejects(admin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: 'bad name' })), 'ValidationException');
    await admin.send(
      new UpdatePermissionSetCommand({
        InstanceArn: ic.instanceArn,
        PermissionSetArn: created.PermissionSetArn!,
        Description: 'Reads all',
        RelayState: 'https://console.aws.amazon.com/',
      }),
    );
    const described = (await admin.send(new DescribePermissionSetCommand({ InstanceArn: ic.instanceArn, PermissionSetArn: created.PermissionSetArn! })))
      .PermissionSet!;
    assert.equal(described.Description, 'Reads all');
    assert.equal(described.RelayState, 'https://console.aws.amazon.com/');
    assert.ok((await admin.send(new ListPermissionSetsCommand({ InstanceArn: ic.instanceArn }))).PermissionSets!.includes(created.PermissionSetArn!));

    await admin.send(new TagResourceCommand({ InstanceArn: ic.instanceArn, ResourceArn: created.PermissionSetArn!, Tags: [{ Key: 'env', Value: 'all' }] }));
    await admin.send(new UntagResourceCommand({ InstanceArn: ic.instanceArn, ResourceArn: created.PermissionSetArn!, TagKeys: ['team'] }));
    assert.deepEqual((await admin.send(new ListTagsForResourceCommand({ InstanceArn: ic.instanceArn, ResourceArn: created.PermissionSetArn! }))).Tags, [
      { Key: 'env', Value: 'all' },
    ]);
    await admin.send(new TagResourceCommand({ ResourceArn: ic.instanceArn, Tags: [{ Key: 'owner', Value: 'it' }] }));
    assert.deepEqual((await admin.send(new ListTagsForResourceCommand({ ResourceArn: ic.instanceArn }))).Tags, [{ Key: 'owner', Value: 'it' }]);

    await admin.send(new DeletePermissionSetCommand({ InstanceArn: ic.instanceArn, PermissionSetArn: created.PermissionSetArn! }));
    await rejects(
      admin.send(new DescribePermissionSetCommand({ InstanceArn: ic.instanceArn, PermissionSetArn: created.PermissionSetArn! })),
      'ResourceNotFoundException',
    );
  });

  it("keeps a permission set's managed, customer managed and inline policies and its boundary", async () => {
    const ps = (await admin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: 'Policies' }))).PermissionSet!.PermissionSetArn!;
    const target = { InstanceArn: ic.instanceArn, PermissionSetArn: ps };
    await admin.send(new AttachManagedPolicyToPermissionSetCommand({ ...target, ManagedPolicyArn: READ_ONLY }));
    await rejects(admin.send(new AttachManagedPolicyToPermissionSetCommand({ ...target, ManagedPolicyArn: READ_ONLY })), 'ConflictException');
    await rejects(
      admin.send(new AttachManagedPolicyToPermissionSetCommand({ ...target, ManagedPolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicyAnywhere' })),
      'ValidationException',
    );
    // The model: only AWS managed policies attach by ARN.
    await rejects(
      admin.send(new AttachManagedPolicyToPermissionSetCommand({ ...target, ManagedPolicyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/Mine` })),
      'ValidationException',
    );
    assert.deepEqual((await admin.send(new ListManagedPoliciesInPermissionSetCommand(target))).AttachedManagedPolicies, [
      { Name: 'ReadOnlyAccess', Arn: READ_ONLY },
    ]);
    await admin.send(new DetachManagedPolicyFromPermissionSetCommand({ ...target, ManagedPolicyArn: READ_ONLY }));
    await rejects(admin.send(new DetachManagedPolicyFromPermissionSetCommand({ ...target, ManagedPolicyArn: READ_ONLY })), 'ResourceNotFoundException');

    await admin.send(
      new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...target, CustomerManagedPolicyReference: { Name: 'Team', Path: '/ops/' } }),
    );
    await rejects(
      admin.send(
        new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...target, CustomerManagedPolicyReference: { Name: 'Team', Path: '/ops/' } }),
      ),
      'ConflictException',
    );
    assert.deepEqual((await admin.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand(target))).CustomerManagedPolicyReferences, [
      { Name: 'Team', Path: '/ops/' },
    ]);
    await admin.send(
      new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({ ...target, CustomerManagedPolicyReference: { Name: 'Team', Path: '/ops/' } }),
    );
    assert.deepEqual((await admin.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand(target))).CustomerManagedPolicyReferences, []);

    assert.equal((await admin.send(new GetInlinePolicyForPermissionSetCommand(target))).InlinePolicy, undefined);
    await admin.send(new PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: INLINE }));
    assert.equal((await admin.send(new GetInlinePolicyForPermissionSetCommand(target))).InlinePolicy, INLINE);
    await rejects(admin.send(new PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: '{"Statement":"nope"}' })), 'ValidationException');
    await admin.send(new DeleteInlinePolicyFromPermissionSetCommand(target));
    assert.equal((await admin.send(new GetInlinePolicyForPermissionSetCommand(target))).InlinePolicy, undefined);

    await rejects(admin.send(new GetPermissionsBoundaryForPermissionSetCommand(target)), 'ResourceNotFoundException');
    await admin.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...target, PermissionsBoundary: { ManagedPolicyArn: S3_READ } }));
    assert.deepEqual((await admin.send(new GetPermissionsBoundaryForPermissionSetCommand(target))).PermissionsBoundary, { ManagedPolicyArn: S3_READ });
    await rejects(
      admin.send(
        new PutPermissionsBoundaryToPermissionSetCommand({
          ...target,
          PermissionsBoundary: { ManagedPolicyArn: S3_READ, CustomerManagedPolicyReference: { Name: 'B' } },
        }),
      ),
      'ValidationException',
    );
    await admin.send(new DeletePermissionsBoundaryFromPermissionSetCommand(target));
    await rejects(admin.send(new GetPermissionsBoundaryForPermissionSetCommand(target)), 'ResourceNotFoundException');
  });

  it('provisions the role in the member account on assignment, updates it on re-provisioning and deletes it with the last assignment', async () => {
    const ps = (await admin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: 'Developer', SessionDuration: 'PT4H' }))).PermissionSet!;
    const target = { InstanceArn: ic.instanceArn, PermissionSetArn: ps.PermissionSetArn! };
    await admin.send(new AttachManagedPolicyToPermissionSetCommand({ ...target, ManagedPolicyArn: READ_ONLY }));
    await admin.send(new PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: INLINE }));
    const assignment = { ...target, TargetId: dev, TargetType: 'AWS_ACCOUNT' as const, PrincipalType: 'USER' as const, PrincipalId: userId };
    const status = (await admin.send(new CreateAccountAssignmentCommand(assignment))).AccountAssignmentCreationStatus!;
    assert.equal(status.Status, 'SUCCEEDED');
    assert.equal(status.TargetId, dev);
    assert.equal(status.PrincipalId, userId);
    const described = await admin.send(
      new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: ic.instanceArn, AccountAssignmentCreationRequestId: status.RequestId! }),
    );
    assert.equal(described.AccountAssignmentCreationStatus!.Status, 'SUCCEEDED');
    assert.ok(
      (await admin.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn: ic.instanceArn }))).AccountAssignmentsCreationStatus!.some(
        (s) => s.RequestId === status.RequestId,
      ),
    );

    const roleName = (
      await admin.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn: ic.instanceArn, AccountId: dev }))
    ).PermissionSets!.includes(ps.PermissionSetArn!)
      ? await reservedRoleName(devIam, 'Developer')
      : assert.fail('not provisioned');
    const role = (await devIam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
    assert.match(role.RoleName!, /^AWSReservedSSO_Developer_[0-9a-f]{16}$/);
    assert.equal(role.Path, '/aws-reserved/sso.amazonaws.com/');
    assert.equal(role.MaxSessionDuration, 4 * 3600);
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
    const provider = trust.Statement[0].Principal.Federated as string;
    assert.match(provider, new RegExp(`^arn:aws:iam::${dev}:saml-provider/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$`));
    assert.deepEqual(trust.Statement[0].Action, ['sts:AssumeRoleWithSAML', 'sts:TagSession']);
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } });
    await devIam.send(new GetSAMLProviderCommand({ SAMLProviderArn: provider }));
    assert.deepEqual(
      (await devIam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies!.map((p) => p.PolicyArn),
      [READ_ONLY],
    );
    assert.equal(
      decodeURIComponent((await devIam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'AwsSSOInlinePolicy' }))).PolicyDocument!),
      INLINE,
    );

    // IAM protects the role: only provisioning changes it.
    await rejects(devIam.send(new DeleteRoleCommand({ RoleName: roleName })), 'UnmodifiableEntityException', { message: /protected role/ });
    await rejects(devIam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'x', PolicyDocument: INLINE })), 'UnmodifiableEntityException');

    // A change to the set leaves the role behind until it is provisioned again.
    await admin.send(new DetachManagedPolicyFromPermissionSetCommand({ ...target, ManagedPolicyArn: READ_ONLY }));
    await admin.send(new AttachManagedPolicyToPermissionSetCommand({ ...target, ManagedPolicyArn: S3_READ }));
    await admin.send(new UpdatePermissionSetCommand({ ...target, SessionDuration: 'PT8H' }));
    assert.deepEqual(
      (await admin.send(new ListAccountsForProvisionedPermissionSetCommand({ ...target, ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED' })))
        .AccountIds,
      [dev],
    );
    assert.deepEqual(
      (await devIam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies!.map((p) => p.PolicyArn),
      [READ_ONLY],
    );
    const provisioning = (await admin.send(new ProvisionPermissionSetCommand({ ...target, TargetType: 'ALL_PROVISIONED_ACCOUNTS' })))
      .PermissionSetProvisioningStatus!;
    assert.equal(provisioning.Status, 'SUCCEEDED');
    assert.equal(
      (
        await admin.send(
          new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: ic.instanceArn, ProvisionPermissionSetRequestId: provisioning.RequestId! }),
        )
      ).PermissionSetProvisioningStatus!.Status,
      'SUCCEEDED',
    );
    assert.ok(
      (
        await admin.send(new ListPermissionSetProvisioningStatusCommand({ InstanceArn: ic.instanceArn, Filter: { Status: 'SUCCEEDED' } }))
      ).PermissionSetsProvisioningStatus!.some((s) => s.RequestId === provisioning.RequestId),
    );
    assert.deepEqual(
      (await devIam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies!.map((p) => p.PolicyArn),
      [S3_READ],
    );
    assert.equal((await devIam.send(new GetRoleCommand({ RoleName: roleName }))).Role!.MaxSessionDuration, 8 * 3600);
    assert.deepEqual(
      (await admin.send(new ListAccountsForProvisionedPermissionSetCommand({ ...target, ProvisioningStatus: 'LATEST_PERMISSION_SET_PROVISIONED' }))).AccountIds,
      [dev],
    );

    // A second assignment (a group) keeps the role when the first goes; the last one takes it.
    await admin.send(new CreateAccountAssignmentCommand({ ...assignment, PrincipalType: 'GROUP', PrincipalId: groupId }));
    assert.deepEqual(
      (await admin.send(new ListAccountAssignmentsCommand({ ...target, AccountId: dev })))
        .AccountAssignments!.map((a) => [a.PrincipalType, a.PrincipalId])
        .sort(),
      [
        ['GROUP', groupId],
        ['USER', userId],
      ],
    );
    assert.deepEqual(
      (await admin.send(new ListAccountAssignmentsForPrincipalCommand({ InstanceArn: ic.instanceArn, PrincipalId: userId, PrincipalType: 'USER' })))
        .AccountAssignments,
      [{ AccountId: dev, PermissionSetArn: ps.PermissionSetArn, PrincipalId: userId, PrincipalType: 'USER' }],
    );
    await rejects(admin.send(new DeletePermissionSetCommand(target)), 'ConflictException');
    const deletion = (await admin.send(new DeleteAccountAssignmentCommand(assignment))).AccountAssignmentDeletionStatus!;
    assert.equal(deletion.Status, 'SUCCEEDED');
    assert.equal(
      (
        await admin.send(
          new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: ic.instanceArn, AccountAssignmentDeletionRequestId: deletion.RequestId! }),
        )
      ).AccountAssignmentDeletionStatus!.Status,
      'SUCCEEDED',
    );
    assert.ok(
      (await admin.send(new ListAccountAssignmentDeletionStatusCommand({ InstanceArn: ic.instanceArn }))).AccountAssignmentsDeletionStatus!.some(
        (s) => s.RequestId === deletion.RequestId,
      ),
    );
    await devIam.send(new GetRoleCommand({ RoleName: roleName }));
    await admin.send(new DeleteAccountAssignmentCommand({ ...assignment, PrincipalType: 'GROUP', PrincipalId: groupId }));
    await rejects(devIam.send(new GetRoleCommand({ RoleName: roleName })), 'NoSuchEntityException', { status: 404 });
    assert.deepEqual((await admin.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn: ic.instanceArn, AccountId: dev }))).PermissionSets, []);
    await admin.send(new DeletePermissionSetCommand(target));
  });

  it('fails the request, with a reason, when a customer managed policy is missing from the account', async () => {
    const ps = (await admin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: 'Custom' }))).PermissionSet!;
    const target = { InstanceArn: ic.instanceArn, PermissionSetArn: ps.PermissionSetArn! };
    await admin.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...target, CustomerManagedPolicyReference: { Name: 'TeamPolicy' } }));
    const assignment = { ...target, TargetId: dev, TargetType: 'AWS_ACCOUNT' as const, PrincipalType: 'USER' as const, PrincipalId: userId };
    const failed = (await admin.send(new CreateAccountAssignmentCommand(assignment))).AccountAssignmentCreationStatus!;
    assert.equal(failed.Status, 'FAILED');
    assert.match(failed.FailureReason!, new RegExp(`arn:aws:iam::${dev}:policy/TeamPolicy`));
    assert.deepEqual((await admin.send(new ListAccountAssignmentsCommand({ ...target, AccountId: dev }))).AccountAssignments, []);

    await devIam.send(new CreatePolicyCommand({ PolicyName: 'TeamPolicy', PolicyDocument: INLINE }));
    const ok = (await admin.send(new CreateAccountAssignmentCommand(assignment))).AccountAssignmentCreationStatus!;
    assert.equal(ok.Status, 'SUCCEEDED');
    const roleName = await reservedRoleName(devIam, 'Custom');
    assert.deepEqual(
      (await devIam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies!.map((p) => p.PolicyArn),
      [`arn:aws:iam::${dev}:policy/TeamPolicy`],
    );
    await admin.send(new DeleteAccountAssignmentCommand(assignment));
  });

  it('lets the delegated administrator manage member accounts, not the management account', async () => {
    await ic.orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: prod, ServicePrincipal: 'sso.amazonaws.com' }));
    const delegate: Creds = await memberRoleSession(server.endpoint, operator, prod, 'delegate');
    const delegated = new SSOAdminClient(clientConfig(server.endpoint, delegate));
    const instances = (await delegated.send(new ListInstancesCommand({}))).Instances!;
    assert.deepEqual(
      instances.map((i) => i.InstanceArn),
      [ic.instanceArn],
    );
    const ps = (await delegated.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: 'Delegated' }))).PermissionSet!;
    const base = {
      InstanceArn: ic.instanceArn,
      PermissionSetArn: ps.PermissionSetArn!,
      TargetType: 'AWS_ACCOUNT' as const,
      PrincipalType: 'USER' as const,
      PrincipalId: userId,
    };
    assert.equal((await delegated.send(new CreateAccountAssignmentCommand({ ...base, TargetId: dev }))).AccountAssignmentCreationStatus!.Status, 'SUCCEEDED');
    await rejects(delegated.send(new CreateAccountAssignmentCommand({ ...base, TargetId: TEST_ACCOUNT_ID })), 'AccessDeniedException', { status: 403 });
    await delegated.send(new DeleteAccountAssignmentCommand({ ...base, TargetId: dev }));
  });
});

/** The name of the AWSReservedSSO role of a permission set in the account the client reads. */
async function reservedRoleName(iam: IAMClient, setName: string): Promise<string> {
  const { ListRolesCommand } = await import('@aws-sdk/client-iam');
  const roles = (await iam.send(new ListRolesCommand({ PathPrefix: '/aws-reserved/' }))).Roles!;
  const role = roles.find((r) => r.RoleName!.startsWith(`AWSReservedSSO_${setName}_`));
  if (role === undefined) throw new Error(`no AWSReservedSSO role for ${setName}`);
  return role.RoleName!;
}
