import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RemoveAccountFromOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { clientConfig as config, type Creds } from '../support/organizations.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function doc(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function rejects(promise: Promise<unknown>, code: string, message?: RegExp): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { name: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, code, e.message);
    if (message !== undefined) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('Organizations guardrails: SCPs and RCPs in the decision path', () => {
  let server: TestServer;
  let orgs: OrganizationsClient;
  let mgmtIam: IAMClient;
  let admin: Creds;
  let orgId: string;
  let rootId: string;
  let ouId: string;
  let subOuId: string;
  let memberId: string;

  async function createAccount(name: string): Promise<string> {
    const created = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const status = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }));
    assert.equal(status.CreateAccountStatus?.State, 'SUCCEEDED');
    return status.CreateAccountStatus!.AccountId!;
  }

  async function assume(from: Creds, roleArn: string): Promise<Creds> {
    const sts = new STSClient(config(server.endpoint, from));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'guardrails' }));
    return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  }

  const memberRole = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;

  before(async () => {
    server = await startTestServer();
    orgs = new OrganizationsClient(config(server.endpoint, server.credentials));
    mgmtIam = new IAMClient(config(server.endpoint, server.credentials));
    await mgmtIam.send(new CreateUserCommand({ UserName: 'mgmt-admin' }));
    await mgmtIam.send(new AttachUserPolicyCommand({ UserName: 'mgmt-admin', PolicyArn: ADMIN }));
    const key = await mgmtIam.send(new CreateAccessKeyCommand({ UserName: 'mgmt-admin' }));
    admin = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };

    orgId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    subOuId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: ouId, Name: 'Prod' }))).OrganizationalUnit!.Id!;
    memberId = await createAccount('member');
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: subOuId }));
  });

  after(async () => {
    await server.stop();
  });

  it('a member account is administered through OrganizationAccountAccessRole, with the organization keys set', async () => {
    const session = await assume(admin, memberRole(memberId));
    const who = await new STSClient(config(server.endpoint, session)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, memberId);
    assert.equal(who.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/guardrails`);
    const org = await new OrganizationsClient(config(server.endpoint, session)).send(new DescribeOrganizationCommand({}));
    assert.equal(org.Organization?.Id, orgId);
    assert.equal(org.Organization?.MasterAccountId, TEST_ACCOUNT_ID);
  });

  it('an SCP on an OU denies its accounts, named in the message and the audit record, and never the management account', async () => {
    const memberIam = new IAMClient(config(server.endpoint, await assume(admin, memberRole(memberId))));
    await memberIam.send(new CreateUserCommand({ UserName: 'before-scp' }));
    const scp = await orgs.send(
      new CreatePolicyCommand({
        Name: 'DenyCreateUser',
        Description: 'no new users',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc([{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }]),
      }),
    );
    const arn = scp.Policy!.PolicySummary!.Arn!;
    assert.equal(arn, `arn:aws:organizations::${TEST_ACCOUNT_ID}:policy/${orgId}/service_control_policy/${scp.Policy!.PolicySummary!.Id}`);
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: ouId }));
    // Attached to the management account too: SCPs never limit it.
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: TEST_ACCOUNT_ID }));

    const denied = await rejects(memberIam.send(new CreateUserCommand({ UserName: 'after-scp' })), 'AccessDenied');
    assert.equal(denied.$metadata?.httpStatusCode, 403);
    assert.equal(
      denied.message,
      `User: arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/guardrails is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/after-scp with an explicit deny in a service control policy: ${arn}`,
    );
    await memberIam.send(new ListUsersCommand({}));
    // The policy simulator reflects the SCPs of the simulated principal's account.
    const simulated = await memberIam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: memberRole(memberId), ActionNames: ['iam:CreateUser', 'iam:ListUsers'] }),
    );
    assert.deepEqual(
      simulated.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision, r.OrganizationsDecisionDetail?.AllowedByOrganizations]),
      [
        ['iam:CreateUser', 'explicitDeny', false],
        ['iam:ListUsers', 'allowed', true],
      ],
    );
    const own = await mgmtIam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/mgmt-admin`, ActionNames: ['iam:CreateUser'] }),
    );
    assert.equal(own.EvaluationResults?.[0]?.EvalDecision, 'allowed');
    assert.equal(own.EvaluationResults?.[0]?.OrganizationsDecisionDetail, undefined);
    await mgmtIam.send(new CreateUserCommand({ UserName: 'mgmt-still-can' }));
    await new IAMClient(config(server.endpoint, admin)).send(new CreateUserCommand({ UserName: 'mgmt-admin-still-can' }));

    await server.gatehouse.flushAudit();
    const rows = await server.gatehouse.store.db
      .selectFrom('audit_events')
      .select(['decision'])
      .where('account_id', '=', memberId)
      .where('event_name', '=', 'CreateUser')
      .where('error_code', '=', 'AccessDenied')
      .execute();
    assert.equal(rows.length, 1);
    const decision = JSON.parse(rows[0]!.decision!) as { decisions: { blockedBy: string[]; matchedStatements: { policyId: string; effect: string }[] }[] };
    assert.deepEqual(decision.decisions[0]!.blockedBy, ['scp']);
    assert.ok(decision.decisions[0]!.matchedStatements.some((m) => m.policyId === arn && m.effect === 'Deny'));

    // Moving the account out of the OU lifts the restriction on the very next request.
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: subOuId, DestinationParentId: rootId }));
    await memberIam.send(new CreateUserCommand({ UserName: 'after-move' }));
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: subOuId }));
    await rejects(memberIam.send(new CreateUserCommand({ UserName: 'after-move-back' })), 'AccessDenied');

    // A policy still attached cannot be deleted.
    await rejects(orgs.send(new DeletePolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id! })), 'PolicyInUseException');
    await orgs.send(new DetachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: ouId }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: TEST_ACCOUNT_ID }));
    await orgs.send(new DeletePolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id! }));
    await memberIam.send(new CreateUserCommand({ UserName: 'after-delete' }));
  });

  it('an allow-list SCP that omits a service at one level blocks it although every other level allows it', async () => {
    const session = await assume(admin, memberRole(memberId));
    const memberIam = new IAMClient(config(server.endpoint, session));
    const memberOrgs = new OrganizationsClient(config(server.endpoint, session));
    await memberOrgs.send(new DescribeOrganizationCommand({}));
    const allowIam = await orgs.send(
      new CreatePolicyCommand({
        Name: 'OnlyIam',
        Description: '',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: allowIam.Policy!.PolicySummary!.Id!, TargetId: ouId }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));

    await memberIam.send(new ListUsersCommand({}));
    await rejects(
      memberOrgs.send(new DescribeOrganizationCommand({})),
      'AccessDeniedException',
      /because no service control policy allows the organizations:DescribeOrganization action$/,
    );
    // The management account's own principals are never limited.
    await new OrganizationsClient(config(server.endpoint, admin)).send(new DescribeOrganizationCommand({}));

    await orgs.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: allowIam.Policy!.PolicySummary!.Id!, TargetId: ouId }));
    await memberOrgs.send(new DescribeOrganizationCommand({}));
  });

  it('an RCP denying principals outside the organization stops a cross-account AssumeRole into a member account', async () => {
    // An account that leaves the organization, with an IAM user of its own.
    const outsideId = await createAccount('outside');
    const outsideIam = new IAMClient(config(server.endpoint, await assume(admin, memberRole(outsideId))));
    await outsideIam.send(new CreateUserCommand({ UserName: 'outsider' }));
    await outsideIam.send(new AttachUserPolicyCommand({ UserName: 'outsider', PolicyArn: ADMIN }));
    const key = await outsideIam.send(new CreateAccessKeyCommand({ UserName: 'outsider' }));
    const outsider: Creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    await orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: outsideId }));

    const memberIam = new IAMClient(config(server.endpoint, await assume(admin, memberRole(memberId))));
    const shared = await memberIam.send(
      new CreateRoleCommand({
        RoleName: 'Shared',
        AssumeRolePolicyDocument: doc([
          { Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${outsideId}:root`, `arn:aws:iam::${TEST_ACCOUNT_ID}:root`] }, Action: 'sts:AssumeRole' },
        ]),
      }),
    );
    const sharedArn = shared.Role!.Arn!;
    await assume(outsider, sharedArn);

    const rcp = await orgs.send(
      new CreatePolicyCommand({
        Name: 'OrgOnly',
        Description: 'only principals of the organization',
        Type: 'RESOURCE_CONTROL_POLICY',
        Content: doc([
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:AssumeRole',
            Resource: '*',
            Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
          },
        ]),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp.Policy!.PolicySummary!.Id!, TargetId: rootId }));

    await rejects(assume(outsider, sharedArn), 'AccessDenied', /with an explicit deny in a resource control policy/);
    // Principals of the organization still pass: the management account's admin.
    await assume(admin, sharedArn);
    await rejects(orgs.send(new DeletePolicyCommand({ PolicyId: rcp.Policy!.PolicySummary!.Id! })), 'PolicyInUseException');

    // Within the organization, a denial by an RCP names it even across accounts.
    const named = await orgs.send(
      new CreatePolicyCommand({
        Name: 'NoBlockedSessions',
        Description: '',
        Type: 'RESOURCE_CONTROL_POLICY',
        Content: doc([
          { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'sts:RoleSessionName': 'blocked' } } },
        ]),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: named.Policy!.PolicySummary!.Id!, TargetId: memberId }));
    const sts = new STSClient(config(server.endpoint, admin));
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: sharedArn, RoleSessionName: 'blocked' })),
      'AccessDenied',
      new RegExp(`with an explicit deny in a resource control policy: ${named.Policy!.PolicySummary!.Arn!.replace(/[/.]/g, '\\$&')}$`),
    );
    await orgs.send(new DetachPolicyCommand({ PolicyId: named.Policy!.PolicySummary!.Id!, TargetId: memberId }));
    await sts.send(new AssumeRoleCommand({ RoleArn: sharedArn, RoleSessionName: 'blocked' }));
  });

  it("the organization condition keys carry the accounts' organization and OU path", async () => {
    const memberIam = new IAMClient(config(server.endpoint, await assume(admin, memberRole(memberId))));
    const scp = await orgs.send(
      new CreatePolicyCommand({
        Name: 'NoGroupsUnderWorkloads',
        Description: '',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc([
          {
            Effect: 'Deny',
            Action: 'iam:CreateGroup',
            Resource: '*',
            Condition: {
              'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${orgId}/${rootId}/${ouId}/*`] },
              StringEquals: { 'aws:PrincipalOrgID': orgId, 'aws:ResourceOrgID': orgId, 'aws:ResourceAccount': memberId },
            },
          },
        ]),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: rootId }));
    await rejects(memberIam.send(new CreateGroupCommand({ GroupName: 'g1' })), 'AccessDenied', /explicit deny in a service control policy/);
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: subOuId, DestinationParentId: rootId }));
    await memberIam.send(new CreateGroupCommand({ GroupName: 'g1' }));
    await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: subOuId }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: rootId }));
    await memberIam.send(new CreateGroupCommand({ GroupName: 'g2' }));
  });
});
