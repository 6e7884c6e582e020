import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteOrganizationCommand,
  DeleteResourcePolicyCommand,
  DescribeEffectivePolicyCommand,
  DescribeResourcePolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  PutResourcePolicyCommand,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { clientConfig as config, createMemberAccount, memberRoleSession, userWithPolicy } from '../support/organizations.js';

const BACKUP = JSON.stringify({ plans: { daily: { regions: { '@@assign': ['us-east-1'] } } } });
const TAGS = JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } });

/**
 * AWS: Organizations User Guide, orgs_delegate_policies_example_consolidate_permissions — a member
 * account may read the organization for backup policies and manage backup policies.
 */
function delegation(member: string, orgId: string, rootId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DelegatingNecessaryDescribeListActions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${member}:root` },
        Action: [
          'organizations:DescribeOrganization',
          'organizations:DescribeEffectivePolicy',
          'organizations:ListRoots',
          'organizations:ListAccounts',
          'organizations:ListPolicies',
          'organizations:ListTagsForResource',
        ],
        Resource: '*',
        Condition: { StringLikeIfExists: { 'organizations:PolicyType': 'BACKUP_POLICY' } },
      },
      {
        Sid: 'DelegatingAllActionsForBackupPolicies',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${member}:root` },
        Action: [
          'organizations:CreatePolicy',
          'organizations:UpdatePolicy',
          'organizations:DeletePolicy',
          'organizations:AttachPolicy',
          'organizations:DetachPolicy',
          'organizations:EnablePolicyType',
        ],
        Resource: [
          `arn:aws:organizations::${TEST_ACCOUNT_ID}:root/${orgId}/${rootId}`,
          `arn:aws:organizations::${TEST_ACCOUNT_ID}:ou/${orgId}/*`,
          `arn:aws:organizations::${TEST_ACCOUNT_ID}:account/${orgId}/*`,
          `arn:aws:organizations::${TEST_ACCOUNT_ID}:policy/${orgId}/backup_policy/*`,
        ],
      },
    ],
  });
}

describe('Organizations delegation policy (PutResourcePolicy) lets a member account manage policies', () => {
  let server: TestServer;
  let orgs: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  let ouId: string;
  let memberId: string;
  let member: OrganizationsClient;
  let memberNobody: OrganizationsClient;
  let policyId: string;

  before(async () => {
    server = await startTestServer();
    orgs = new OrganizationsClient(config(server.endpoint, server.credentials));
    orgId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))).OrganizationalUnit!.Id!;
    memberId = await createMemberAccount(orgs, 'backup-admin', 'backup@example.com');

    const iam = new IAMClient(config(server.endpoint, server.credentials));
    const ops = await userWithPolicy(iam, 'ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const memberCreds = await memberRoleSession(server.endpoint, ops, memberId, 'backup-admin');
    member = new OrganizationsClient(config(server.endpoint, memberCreds));
    // A user of the member account whose own IAM policies grant nothing.
    const memberIam = new IAMClient(config(server.endpoint, memberCreds));
    await memberIam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const nobody = (await memberIam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey!;
    memberNobody = new OrganizationsClient(config(server.endpoint, { accessKeyId: nobody.AccessKeyId!, secretAccessKey: nobody.SecretAccessKey! }));
  });

  after(async () => {
    await server.stop();
  });

  it('without a delegation policy a member account manages nothing, and there is no policy to describe or delete', async () => {
    await rejects(member.send(new CreatePolicyCommand({ Name: 'daily', Type: 'BACKUP_POLICY', Content: BACKUP, Description: '' })), 'AccessDeniedException', {
      status: 403,
    });
    await rejects(member.send(new ListAccountsCommand({})), 'AccessDeniedException', { status: 403 });
    await rejects(orgs.send(new DescribeResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
    await rejects(orgs.send(new DeleteResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
  });

  it('only the management account puts it, and a policy that is not a resource policy is refused', async () => {
    const content = delegation(memberId, orgId, rootId);
    await rejects(member.send(new PutResourcePolicyCommand({ Content: content })), 'AccessDeniedException', { status: 403 });
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' }] });
    await rejects(orgs.send(new PutResourcePolicyCommand({ Content: noPrincipal })), 'InvalidInputException', { reason: 'INVALID_PRINCIPAL' });
    await rejects(orgs.send(new PutResourcePolicyCommand({ Content: '{"Version": "2012-10-17", ' })), 'MalformedPolicyDocumentException');
    await rejects(orgs.send(new PutResourcePolicyCommand({ Content: content, Tags: [{ Key: 'aws:owner', Value: 'x' }] })), 'InvalidInputException', {
      reason: 'INVALID_SYSTEM_TAGS_PARAMETER',
    });
    await rejects(orgs.send(new DescribeResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
  });

  it('puts, describes, replaces and tags the organization resource policy', async () => {
    const content = delegation(memberId, orgId, rootId);
    const put = (await orgs.send(new PutResourcePolicyCommand({ Content: content, Tags: [{ Key: 'team', Value: 'platform' }] }))).ResourcePolicy!;
    const id = put.ResourcePolicySummary!.Id!;
    assert.match(id, /^rp-[0-9a-z]{8}$/);
    assert.equal(put.ResourcePolicySummary!.Arn, `arn:aws:organizations::${TEST_ACCOUNT_ID}:resourcepolicy/${orgId}/${id}`);
    assert.equal(put.Content, content);
    assert.deepEqual((await orgs.send(new DescribeResourcePolicyCommand({}))).ResourcePolicy, put);
    // Up to 40,000 characters (more than IAM's resource policies allow elsewhere).
    const statements = Array.from({ length: 180 }, (_, i) => ({
      Sid: `Read${i}`,
      Effect: 'Allow',
      Principal: { AWS: memberId },
      Action: 'organizations:ListRoots',
      Resource: '*',
    }));
    const large = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    assert.ok(large.length > 20_480 && large.length < 40_000, String(large.length));
    assert.equal((await orgs.send(new PutResourcePolicyCommand({ Content: large }))).ResourcePolicy!.Content, large);
    const replaced = (await orgs.send(new PutResourcePolicyCommand({ Content: content }))).ResourcePolicy!;
    assert.equal(replaced.ResourcePolicySummary!.Id, id, 'a replacement keeps the ID');
    await orgs.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'env', Value: 'prod' }] }));
    assert.deepEqual((await orgs.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags!.map((t) => `${t.Key}=${t.Value}`).sort(), [
      'env=prod',
      'team=platform',
    ]);
    await rejects(orgs.send(new TagResourceCommand({ ResourceId: 'rp-zzzzzzzz', Tags: [{ Key: 'a', Value: 'b' }] })), 'TargetNotFoundException');
  });

  it('the delegated member account manages backup policies within what the delegation policy grants', async () => {
    await member.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'BACKUP_POLICY' }));
    const created = (await member.send(new CreatePolicyCommand({ Name: 'daily', Type: 'BACKUP_POLICY', Content: BACKUP, Description: 'daily' }))).Policy!
      .PolicySummary!;
    policyId = created.Id!;
    assert.match(created.Arn!, new RegExp(`^arn:aws:organizations::${TEST_ACCOUNT_ID}:policy/${orgId}/backup_policy/p-`));
    await member.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: ouId }));
    await member.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: rootId }));
    const managements = (await member.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BACKUP_POLICY', TargetId: TEST_ACCOUNT_ID }))).EffectivePolicy!;
    assert.deepEqual(JSON.parse(managements.PolicyContent!), { plans: { daily: { regions: ['us-east-1'] } } });
    assert.deepEqual(
      (await member.send(new ListPoliciesCommand({ Filter: 'BACKUP_POLICY' }))).Policies!.map((p) => p.Name),
      ['daily'],
    );
    assert.ok((await member.send(new ListAccountsCommand({}))).Accounts!.some((a) => a.Id === memberId));
    // The management account sees what the delegated administrator made.
    assert.deepEqual(
      (await orgs.send(new ListPoliciesCommand({ Filter: 'BACKUP_POLICY' }))).Policies!.map((p) => p.Id),
      [policyId],
    );
  });

  it('what the delegation policy does not grant stays denied', async () => {
    // Another policy type: the policy ARN (…/tag_policy/*) is outside the granted resources.
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }));
    await rejects(member.send(new CreatePolicyCommand({ Name: 'tags', Type: 'TAG_POLICY', Content: TAGS, Description: '' })), 'AccessDeniedException', {
      status: 403,
    });
    // The read statement's condition limits the policy type.
    await rejects(member.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: TEST_ACCOUNT_ID })), 'AccessDeniedException', {
      status: 403,
    });
    await rejects(member.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' })), 'AccessDeniedException', { status: 403 });
    // An action outside the supported delegation actions, and one the policy does not name.
    await rejects(member.send(new RemoveAccountFromOrganizationCommand({ AccountId: memberId })), 'AccessDeniedException', { status: 403 });
    await rejects(member.send(new DescribeResourcePolicyCommand({})), 'AccessDeniedException', { status: 403 });
    // The member account's own IAM policies must allow the call too.
    await rejects(memberNobody.send(new ListPoliciesCommand({ Filter: 'BACKUP_POLICY' })), 'AccessDeniedException', { status: 403 });
  });

  it('deleting the delegation policy takes the delegation away, and DeleteOrganization removes it', async () => {
    await orgs.send(new DeleteResourcePolicyCommand({}));
    await rejects(orgs.send(new DescribeResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
    await rejects(member.send(new ListPoliciesCommand({ Filter: 'BACKUP_POLICY' })), 'AccessDeniedException', { status: 403 });

    await orgs.send(new PutResourcePolicyCommand({ Content: delegation(memberId, orgId, rootId) }));
    await orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: memberId }));
    await orgs.send(new DeleteOrganizationCommand({}));
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    await rejects(orgs.send(new DescribeResourcePolicyCommand({})), 'ResourcePolicyNotFoundException');
  });
});
