import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DescribeEffectivePolicyCommand,
  DescribePolicyCommand,
  type EffectivePolicyType,
  type PolicyType,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { clientConfig as config, createMemberAccount, memberRoleSession, userWithPolicy } from '../support/organizations.js';

// AWS: Organizations User Guide orgs_manage_policies_inheritance_mgmt, example 1 (policies A and B).
const POLICY_A = { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['Development', 'Support'] } } } };
const POLICY_B = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['Sandbox'] },
      enforced_for: { '@@assign': ['redshift:*', 'dynamodb:table'] },
    },
  },
};
const optOut = (service: string) => JSON.stringify({ services: { [service]: { opt_out_policy: { '@@assign': 'optOut' } } } });

describe('Organizations management policies and effective policies', () => {
  let server: TestServer;
  let orgs: OrganizationsClient;
  let rootId: string;
  let ouId: string;
  let memberId: string;
  let member: OrganizationsClient;
  let tagsOnly: OrganizationsClient;
  let policyA: string;
  let policyB: string;

  const effective = async (client: OrganizationsClient, PolicyType: string, TargetId?: string) =>
    (await client.send(new DescribeEffectivePolicyCommand({ PolicyType: PolicyType as EffectivePolicyType, ...(TargetId !== undefined ? { TargetId } : {}) })))
      .EffectivePolicy!;
  const createPolicy = async (Name: string, Type: string, Content: string) =>
    (await orgs.send(new CreatePolicyCommand({ Name, Type: Type as PolicyType, Content, Description: Name }))).Policy!.PolicySummary!;

  before(async () => {
    server = await startTestServer();
    orgs = new OrganizationsClient(config(server.endpoint, server.credentials));
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'OU1' }))).OrganizationalUnit!.Id!;
    memberId = await createMemberAccount(orgs, 'dev', 'dev@example.com');
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ouId }));

    const iam = new IAMClient(config(server.endpoint, server.credentials));
    const ops = await userWithPolicy(iam, 'ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    member = new OrganizationsClient(config(server.endpoint, await memberRoleSession(server.endpoint, ops, memberId, 'ops')));
    tagsOnly = new OrganizationsClient(
      config(
        server.endpoint,
        await userWithPolicy(iam, 'tag-auditor', {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'organizations:DescribeEffectivePolicy',
              Resource: '*',
              Condition: { StringEquals: { 'organizations:PolicyType': 'TAG_POLICY' } },
            },
          ],
        }),
      ),
    );
  });

  after(async () => {
    await server.stop();
  });

  it('enables tag policies without attaching any policy, and has no effective policy until one is attached', async () => {
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: memberId })), 'EffectivePolicyNotFoundException');
    const root = (await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }))).Root!;
    assert.deepEqual(root.PolicyTypes, [{ Type: 'TAG_POLICY', Status: 'ENABLED' }]);
    await rejects(orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' })), 'PolicyTypeAlreadyEnabledException');
    assert.deepEqual((await orgs.send(new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'TAG_POLICY' }))).Policies, []);
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: memberId })), 'EffectivePolicyNotFoundException');
  });

  it('creates tag policies, and refuses a document that is not one, or is too large, changing nothing', async () => {
    const a = await createPolicy('cost-center', 'TAG_POLICY', JSON.stringify(POLICY_A));
    policyA = a.Id!;
    assert.equal(a.Type, 'TAG_POLICY');
    assert.equal(a.AwsManaged, false);
    assert.match(a.Arn!, new RegExp(`^arn:aws:organizations::${TEST_ACCOUNT_ID}:policy/o-[a-z0-9]+/tag_policy/p-[a-z0-9]+$`));
    policyB = (await createPolicy('sandbox', 'TAG_POLICY', JSON.stringify(POLICY_B))).Id!;

    const scp = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await rejects(orgs.send(new CreatePolicyCommand({ Name: 'x', Type: 'TAG_POLICY', Content: scp, Description: '' })), 'MalformedPolicyDocumentException', {
      message: /`tags`/,
    });
    const wrongKey = JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'Owner' } } } });
    await rejects(
      orgs.send(new CreatePolicyCommand({ Name: 'x', Type: 'TAG_POLICY', Content: wrongKey, Description: '' })),
      'MalformedPolicyDocumentException',
    );
    await rejects(
      orgs.send(new CreatePolicyCommand({ Name: 'x', Type: 'TAG_POLICY', Content: '{"tags": ', Description: '' })),
      'MalformedPolicyDocumentException',
    );
    const values = Array.from({ length: 1000 }, (_, i) => `value-${i}`);
    const large = JSON.stringify({ tags: { costcenter: { tag_value: { '@@assign': values } } } });
    assert.ok(large.length > 10_000);
    await rejects(orgs.send(new CreatePolicyCommand({ Name: 'x', Type: 'TAG_POLICY', Content: large, Description: '' })), 'ConstraintViolationException', {
      reason: 'POLICY_CONTENT_LIMIT_EXCEEDED',
    });
    await rejects(orgs.send(new UpdatePolicyCommand({ PolicyId: policyA, Content: scp })), 'MalformedPolicyDocumentException');
    assert.equal((await orgs.send(new DescribePolicyCommand({ PolicyId: policyA }))).Policy!.Content, JSON.stringify(POLICY_A));
    assert.deepEqual(
      (await orgs.send(new ListPoliciesCommand({ Filter: 'TAG_POLICY' }))).Policies!.map((p) => p.Name),
      ['cost-center', 'sandbox'],
    );
  });

  it('merges the root policy with the OU policy into the account effective policy (AWS example 1)', async () => {
    await orgs.send(new AttachPolicyCommand({ PolicyId: policyA, TargetId: rootId }));
    await orgs.send(new AttachPolicyCommand({ PolicyId: policyB, TargetId: ouId }));
    const forMember = await effective(orgs, 'TAG_POLICY', memberId);
    assert.equal(forMember.TargetId, memberId);
    assert.equal(forMember.PolicyType, 'TAG_POLICY');
    assert.ok(forMember.LastUpdatedTimestamp instanceof Date);
    assert.deepEqual(JSON.parse(forMember.PolicyContent!), {
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Sandbox'], enforced_for: ['redshift:*', 'dynamodb:table'] } },
    });
    // The management account sits under the root only, and management policies apply to it too.
    const forManagement = await effective(orgs, 'TAG_POLICY');
    assert.equal(forManagement.TargetId, TEST_ACCOUNT_ID);
    assert.deepEqual(JSON.parse(forManagement.PolicyContent!), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Development', 'Support'] } } });
  });

  it("a member account reads its own effective policy, and no other account's", async () => {
    const own = await effective(member, 'TAG_POLICY');
    assert.equal(own.TargetId, memberId);
    assert.deepEqual(JSON.parse(own.PolicyContent!).tags.costcenter.tag_value, ['Sandbox']);
    await rejects(member.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: TEST_ACCOUNT_ID })), 'AccessDeniedException', {
      status: 403,
    });
  });

  it('answers bad targets and types with AWS errors', async () => {
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: rootId })), 'InvalidInputException', {
      reason: 'TARGET_NOT_SUPPORTED',
    });
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: ouId })), 'InvalidInputException', {
      reason: 'TARGET_NOT_SUPPORTED',
    });
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: '999999999999' })), 'TargetNotFoundException');
    await rejects(
      orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'SERVICE_CONTROL_POLICY' as EffectivePolicyType, TargetId: memberId })),
      'InvalidInputException',
      { reason: 'INVALID_ENUM' },
    );
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BACKUP_POLICY', TargetId: memberId })), 'EffectivePolicyNotFoundException');
  });

  it('IAM decides with organizations:PolicyType in the request context', async () => {
    assert.equal((await effective(tagsOnly, 'TAG_POLICY', memberId)).TargetId, memberId);
    await rejects(tagsOnly.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BACKUP_POLICY', TargetId: memberId })), 'AccessDeniedException', {
      status: 403,
    });
  });

  it('follows updates and detachments; a management policy has no minimum attachment', async () => {
    const before = (await effective(orgs, 'TAG_POLICY', memberId)).LastUpdatedTimestamp!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const appended = { tags: { costcenter: { tag_value: { '@@append': ['Marketing'] } } } };
    await orgs.send(new UpdatePolicyCommand({ PolicyId: policyB, Content: JSON.stringify(appended) }));
    const updated = await effective(orgs, 'TAG_POLICY', memberId);
    assert.deepEqual(JSON.parse(updated.PolicyContent!), {
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Development', 'Support', 'Marketing'] } },
    });
    assert.ok(updated.LastUpdatedTimestamp! > before, 'the update moves LastUpdatedTimestamp');

    await orgs.send(new DetachPolicyCommand({ PolicyId: policyB, TargetId: ouId }));
    assert.deepEqual(JSON.parse((await effective(orgs, 'TAG_POLICY', memberId)).PolicyContent!).tags.costcenter.tag_value, ['Development', 'Support']);
    await orgs.send(new DetachPolicyCommand({ PolicyId: policyA, TargetId: rootId }));
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: memberId })), 'EffectivePolicyNotFoundException');
  });

  it('limits AI services opt-out policies to five per target', async () => {
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'AISERVICES_OPT_OUT_POLICY' }));
    const services = ['default', 'rekognition', 'comprehend', 'lex', 'polly', 'transcribe'];
    const ids = [];
    for (const service of services) ids.push((await createPolicy(`opt-out-${service}`, 'AISERVICES_OPT_OUT_POLICY', optOut(service))).Id!);
    for (const id of ids.slice(0, 5)) await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: memberId }));
    await rejects(orgs.send(new AttachPolicyCommand({ PolicyId: ids[5]!, TargetId: memberId })), 'ConstraintViolationException', {
      reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    });
    const merged = JSON.parse((await effective(member, 'AISERVICES_OPT_OUT_POLICY')).PolicyContent!);
    assert.deepEqual(Object.keys(merged.services).sort(), ['comprehend', 'default', 'lex', 'polly', 'rekognition']);
    assert.equal(merged.services.default.opt_out_policy, 'optOut');
  });

  it('disabling a type detaches its policies, and the account has no effective policy of it', async () => {
    await orgs.send(new AttachPolicyCommand({ PolicyId: policyA, TargetId: rootId }));
    assert.ok((await effective(orgs, 'TAG_POLICY', memberId)).PolicyContent);
    const root = (await orgs.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }))).Root!;
    assert.deepEqual(root.PolicyTypes, [{ Type: 'AISERVICES_OPT_OUT_POLICY', Status: 'ENABLED' }]);
    assert.deepEqual((await orgs.send(new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'TAG_POLICY' }))).Policies, []);
    await rejects(orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: memberId })), 'EffectivePolicyNotFoundException');
    await rejects(orgs.send(new AttachPolicyCommand({ PolicyId: policyA, TargetId: rootId })), 'PolicyTypeNotEnabledException');
  });
  it("takes AWS's newest management policy types, each with its syntax page's example, and merges them", async () => {
    const examples: [PolicyType, object, object][] = [
      [
        'SECURITYHUB_POLICY',
        {
          securityhub: {
            enable_in_regions: { '@@append': ['ALL_SUPPORTED'], '@@operators_allowed_for_child_policies': ['@@all'] },
            disable_in_regions: { '@@append': [], '@@operators_allowed_for_child_policies': ['@@all'] },
          },
        },
        { securityhub: { enable_in_regions: ['ALL_SUPPORTED'], disable_in_regions: [] } },
      ],
      [
        'INSPECTOR_POLICY',
        {
          inspector: {
            enablement: { ec2_scanning: { enable_in_regions: { '@@assign': ['us-east-1', 'us-west-2'] }, disable_in_regions: { '@@assign': ['eu-west-1'] } } },
          },
        },
        { inspector: { enablement: { ec2_scanning: { enable_in_regions: ['us-east-1', 'us-west-2'], disable_in_regions: ['eu-west-1'] } } } },
      ],
      [
        'UPGRADE_ROLLOUT_POLICY',
        {
          upgrade_rollout: {
            default: { patch_order: { '@@assign': 'last' } },
            tags: { devtag: { tag_values: { tag1: { patch_order: { '@@assign': 'first' } } } } },
          },
        },
        { upgrade_rollout: { default: { patch_order: 'last' }, tags: { devtag: { tag_values: { tag1: { patch_order: 'first' } } } } } },
      ],
      [
        'BEDROCK_POLICY',
        {
          bedrock: {
            guardrail_inference: {
              'us-east-1': {
                config_1: {
                  identifier: { '@@assign': 'arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1' },
                  input_tags: { '@@assign': 'honor' },
                },
              },
            },
          },
        },
        {
          bedrock: {
            guardrail_inference: {
              'us-east-1': { config_1: { identifier: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1', input_tags: 'honor' } },
            },
          },
        },
      ],
      [
        'S3_POLICY',
        { s3_attributes: { public_access_block_configuration: { '@@assign': 'all' } } },
        { s3_attributes: { public_access_block_configuration: 'all' } },
      ],
      [
        'NETWORK_SECURITY_DIRECTOR_POLICY',
        {
          network_security_director: {
            enablement: { network_security_scan: { enable_in_regions: { '@@assign': ['us-east-1', 'eu-west-1'] }, disable_in_regions: { '@@assign': [] } } },
          },
        },
        { network_security_director: { enablement: { network_security_scan: { enable_in_regions: ['us-east-1', 'eu-west-1'], disable_in_regions: [] } } } },
      ],
    ];
    for (const [type, document, merged] of examples) {
      await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type }));
      // Another type's document is not one of this type's.
      await rejects(
        orgs.send(new CreatePolicyCommand({ Name: `${type}-wrong`, Type: type, Content: JSON.stringify({ tags: {} }), Description: '' })),
        'MalformedPolicyDocumentException',
      );
      const policy = await createPolicy(`${type}-example`, type, JSON.stringify(document));
      assert.match(policy.Arn!, new RegExp(`/${type.toLowerCase()}/p-[a-z0-9]+$`));
      await orgs.send(new AttachPolicyCommand({ PolicyId: policy.Id!, TargetId: rootId }));
      assert.deepEqual(JSON.parse((await effective(member, type)).PolicyContent!), merged, type);
    }
    // Upgrade rollout policies hold at most 5,120 characters (their syntax page).
    const long = JSON.stringify({ upgrade_rollout: { default: { patch_order: { '@@assign': 'x'.repeat(5_120) } } } });
    await rejects(
      orgs.send(new CreatePolicyCommand({ Name: 'too-long', Type: 'UPGRADE_ROLLOUT_POLICY', Content: long, Description: '' })),
      'ConstraintViolationException',
      {
        reason: 'POLICY_CONTENT_LIMIT_EXCEEDED',
      },
    );
  });
});
