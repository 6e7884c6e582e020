import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GenerateOrganizationsAccessReportCommand, GetOrganizationsAccessReportCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { startTestServer } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { clientConfig as config, createMemberAccount, memberRoleSession, userWithPolicy } from '../support/organizations.js';

describe('IAM organizations access report (GenerateOrganizationsAccessReport)', () => {
  let server: TestServer;
  let iam: IAMClient;
  let orgs: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  let ouId: string;
  let memberId: string;
  let scpId: string;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient(config(server.endpoint, server.credentials));
    orgs = new OrganizationsClient(config(server.endpoint, server.credentials));
  });

  after(async () => {
    await server.stop();
  });

  it('needs an organization whose root has SCPs enabled', async () => {
    await rejects(iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7' })), 'InvalidInputException');
    orgId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await rejects(iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `${orgId}/${rootId}` })), 'InvalidInputException', {
      message: /SCPs are not enabled/,
    });
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  });

  it('reports the services the SCPs of an OU allow, with the last use by an account under it', async () => {
    ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))).OrganizationalUnit!.Id!;
    memberId = await createMemberAccount(orgs, 'app', 'app@example.com');
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ouId }));
    // The OU allows only IAM and STS: FullAWSAccess is replaced there.
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }] });
    scpId = (await orgs.send(new CreatePolicyCommand({ Name: 'iam-and-sts', Type: 'SERVICE_CONTROL_POLICY', Content: content, Description: '' }))).Policy!
      .PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: ouId }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));

    // A principal of the member account uses IAM.
    const ops = await userWithPolicy(iam, 'ops', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await new IAMClient(config(server.endpoint, await memberRoleSession(server.endpoint, ops, memberId, 'ops'))).send(new ListUsersCommand({}));
    await server.gatehouse.flushAudit();

    const { JobId } = await iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `${orgId}/${rootId}/${ouId}` }));
    const report = await iam.send(new GetOrganizationsAccessReportCommand({ JobId }));
    assert.equal(report.JobStatus, 'COMPLETED');
    assert.ok(report.JobCreationDate instanceof Date);
    assert.deepEqual(
      report.AccessDetails!.map((d) => d.ServiceNamespace),
      ['iam', 'sts'],
    );
    assert.equal(report.NumberOfServicesAccessible, 2);
    assert.equal(report.NumberOfServicesNotAccessed, 1);
    const used = report.AccessDetails![0]!;
    assert.equal(used.EntityPath, `${orgId}/${rootId}/${ouId}/${memberId}`);
    assert.equal(used.Region, 'us-east-1');
    assert.ok(used.LastAuthenticatedTime instanceof Date);
    assert.equal(used.TotalAuthenticatedEntities, 1);
    assert.equal(report.AccessDetails![1]!.LastAuthenticatedTime, undefined);
    assert.equal(report.AccessDetails![1]!.TotalAuthenticatedEntities, 0);

    // Sorted by last use, most recent first, one page at a time.
    const first = await iam.send(new GetOrganizationsAccessReportCommand({ JobId, SortKey: 'LAST_AUTHENTICATED_TIME_DESCENDING', MaxItems: 1 }));
    assert.deepEqual([first.AccessDetails!.map((d) => d.ServiceNamespace), first.IsTruncated], [['iam'], true]);
    const second = await iam.send(
      new GetOrganizationsAccessReportCommand({ JobId, SortKey: 'LAST_AUTHENTICATED_TIME_DESCENDING', MaxItems: 1, Marker: first.Marker }),
    );
    assert.deepEqual([second.AccessDetails!.map((d) => d.ServiceNamespace), second.IsTruncated], [['sts'], false]);
  });

  it('reports one account, or what one SCP allows, and refuses a path outside the organization', async () => {
    const { JobId } = await iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `${orgId}/${rootId}/${ouId}/${memberId}` }));
    assert.deepEqual(
      (await iam.send(new GetOrganizationsAccessReportCommand({ JobId }))).AccessDetails!.map((d) => d.ServiceNamespace),
      ['iam', 'sts'],
    );
    // The root allows everything (FullAWSAccess); reported for the one SCP, only what it allows.
    const byPolicy = await iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `${orgId}/${rootId}`, OrganizationsPolicyId: scpId }));
    const policyReport = await iam.send(new GetOrganizationsAccessReportCommand({ JobId: byPolicy.JobId }));
    assert.equal(policyReport.NumberOfServicesAccessible, 2);
    const whole = await iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `${orgId}/${rootId}` }));
    assert.ok((await iam.send(new GetOrganizationsAccessReportCommand({ JobId: whole.JobId }))).NumberOfServicesAccessible! > 100);

    await rejects(iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `o-zzzzzzzzzz/${rootId}` })), 'InvalidInputException');
    await rejects(iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `${orgId}/${rootId}/${memberId}` })), 'InvalidInputException');
    await rejects(
      iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: `${orgId}/${rootId}`, OrganizationsPolicyId: 'p-zzzzzzzz' })),
      'NoSuchEntityException',
      { status: 404 },
    );
    await rejects(iam.send(new GetOrganizationsAccessReportCommand({ JobId: '00000000-0000-0000-0000-000000000000' })), 'NoSuchEntityException', {
      status: 404,
    });
  });
});
