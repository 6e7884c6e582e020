import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateGovCloudAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteOrganizationCommand,
  DeregisterDelegatedAdministratorCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisableAWSServiceAccessCommand,
  DisablePolicyTypeCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListChildrenCommand,
  ListCreateAccountStatusCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateOrganizationalUnitCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';
import { clientConfig as config } from '../support/organizations.js';

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ALLOW_ALL = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);

describe('Organizations API', () => {
  let server: TestServer;
  let orgs: OrganizationsClient;
  let orgId: string;
  let rootId: string;

  async function createAccount(name: string, email = `${name}@example.com`) {
    const created = await orgs.send(new CreateAccountCommand({ AccountName: name, Email: email }));
    assert.equal(created.CreateAccountStatus?.State, 'IN_PROGRESS');
    assert.match(created.CreateAccountStatus!.Id!, /^car-[a-z0-9]{32}$/);
    return (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }))).CreateAccountStatus!;
  }

  before(async () => {
    server = await startTestServer();
    orgs = new OrganizationsClient(config(server.endpoint, server.credentials));
  });

  after(async () => {
    await server.stop();
  });

  it('creates the organization with the caller as management account', async () => {
    await rejects(orgs.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException', {
      message: 'Your account is not a member of an organization.',
    });
    await rejects(orgs.send(new ListRootsCommand({})), 'AWSOrganizationsNotInUseException');
    const org = (await orgs.send(new CreateOrganizationCommand({}))).Organization!;
    orgId = org.Id!;
    assert.match(orgId, /^o-[a-z0-9]{10}$/);
    assert.equal(org.Arn, `arn:aws:organizations::${TEST_ACCOUNT_ID}:organization/${orgId}`);
    assert.equal(org.FeatureSet, 'ALL');
    assert.equal(org.MasterAccountId, TEST_ACCOUNT_ID);
    // AWS's examples: the (deprecated) AvailablePolicyTypes of an organization with all features.
    assert.deepEqual(org.AvailablePolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    await rejects(orgs.send(new CreateOrganizationCommand({})), 'AlreadyInOrganizationException');
    const roots = (await orgs.send(new ListRootsCommand({}))).Roots!;
    assert.equal(roots.length, 1);
    rootId = roots[0]!.Id!;
    assert.match(rootId, /^r-[a-z0-9]{4}$/);
    assert.equal(roots[0]!.Arn, `arn:aws:organizations::${TEST_ACCOUNT_ID}:root/${orgId}/${rootId}`);
    assert.deepEqual(roots[0]!.PolicyTypes, []);
    const accounts = (await orgs.send(new ListAccountsCommand({}))).Accounts!;
    // AWS: Account.State beside Status (Status retires on 2026-09-09); every account has an email.
    const email = `root@${TEST_ACCOUNT_ID}.gatehouse.invalid`;
    assert.deepEqual(
      accounts.map((a) => [a.Id, a.JoinedMethod, a.Status, a.State, a.Email]),
      [[TEST_ACCOUNT_ID, 'INVITED', 'ACTIVE', 'ACTIVE', email]],
    );
    assert.equal((await orgs.send(new DescribeOrganizationCommand({}))).Organization!.MasterAccountEmail, email);
    // The management account's address is taken, as any account's is.
    const taken = await createAccount('again', email.toUpperCase());
    assert.deepEqual([taken.State, taken.FailureReason], ['FAILED', 'EMAIL_ALREADY_EXISTS']);
  });

  it('builds OUs: depth, duplicates, children, parents, pagination, rename and delete', async () => {
    const a = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'A' }))).OrganizationalUnit!;
    assert.match(a.Id!, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    assert.equal(a.Arn, `arn:aws:organizations::${TEST_ACCOUNT_ID}:ou/${orgId}/${a.Id}`);
    await rejects(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'A' })), 'DuplicateOrganizationalUnitException');
    await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'B' }));
    await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'C' }));
    await rejects(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: 'ou-zzzz-zzzzzzzz', Name: 'X' })), 'ParentNotFoundException');
    await rejects(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: 'not-an-id', Name: 'X' })), 'InvalidInputException', { reason: 'INVALID_PATTERN' });

    let parent = a.Id!;
    for (let depth = 2; depth <= 5; depth++)
      parent = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `d${depth}` }))).OrganizationalUnit!.Id!;
    await rejects(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'd6' })), 'ConstraintViolationException', {
      reason: 'OU_DEPTH_LIMIT_EXCEEDED',
    });
    assert.deepEqual(
      (await orgs.send(new ListParentsCommand({ ChildId: parent }))).Parents!.map((p) => p.Type),
      ['ORGANIZATIONAL_UNIT'],
    );
    assert.deepEqual((await orgs.send(new ListParentsCommand({ ChildId: a.Id! }))).Parents, [{ Id: rootId, Type: 'ROOT' }]);
    await rejects(orgs.send(new ListParentsCommand({ ChildId: 'ou-zzzz-zzzzzzzz' })), 'ChildNotFoundException');

    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await orgs.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: rootId, MaxResults: 2, ...(token !== undefined ? { NextToken: token } : {}) }),
      );
      names.push(...page.OrganizationalUnits!.map((o) => o.Name!));
      token = page.NextToken;
      pages++;
    } while (token !== undefined);
    assert.deepEqual(names, ['A', 'B', 'C']);
    assert.equal(pages, 2);
    await rejects(orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId, NextToken: 'bogus' })), 'InvalidInputException', {
      reason: 'INVALID_NEXT_TOKEN',
    });
    const children = await orgs.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ORGANIZATIONAL_UNIT' }));
    assert.equal(children.Children!.length, 3);
    assert.ok(children.Children!.every((c) => c.Type === 'ORGANIZATIONAL_UNIT'));
    assert.deepEqual((await orgs.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }))).Children, [
      { Id: TEST_ACCOUNT_ID, Type: 'ACCOUNT' },
    ]);

    const renamed = await orgs.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: a.Id!, Name: 'Alpha' }));
    assert.equal(renamed.OrganizationalUnit?.Name, 'Alpha');
    await rejects(orgs.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: a.Id!, Name: 'B' })), 'DuplicateOrganizationalUnitException');
    assert.equal((await orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: a.Id! }))).OrganizationalUnit?.Name, 'Alpha');
    await rejects(orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: a.Id! })), 'OrganizationalUnitNotEmptyException');
    await orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: parent }));
    await rejects(orgs.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent })), 'OrganizationalUnitNotFoundException');
  });

  it('creates member accounts asynchronously with their access role, and moves, closes and removes them', async () => {
    const status = await createAccount('dev');
    assert.equal(status.State, 'SUCCEEDED');
    const devId = status.AccountId!;
    assert.match(devId, /^\d{12}$/);
    const failed = await createAccount('dup', 'DEV@example.com');
    assert.equal(failed.State, 'FAILED');
    assert.equal(failed.FailureReason, 'EMAIL_ALREADY_EXISTS');
    const statuses = (await orgs.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }))).CreateAccountStatuses!;
    assert.deepEqual(statuses.map((s) => s.AccountName).sort(), ['again', 'dup']);
    await rejects(
      orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-00000000000000000000000000000000' })),
      'CreateAccountStatusNotFoundException',
    );
    // No management account here has a paired AWS GovCloud (US) account; nothing is created.
    const accountsBefore = (await orgs.send(new ListAccountsCommand({}))).Accounts!.length;
    await rejects(orgs.send(new CreateGovCloudAccountCommand({ AccountName: 'gov', Email: 'gov@example.com' })), 'ConstraintViolationException', {
      reason: 'MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED',
    });
    assert.equal((await orgs.send(new ListAccountsCommand({}))).Accounts!.length, accountsBefore);

    const account = (await orgs.send(new DescribeAccountCommand({ AccountId: devId }))).Account!;
    assert.equal(account.Arn, `arn:aws:organizations::${TEST_ACCOUNT_ID}:account/${orgId}/${devId}`);
    assert.equal(account.JoinedMethod, 'CREATED');
    assert.equal(account.Email, 'dev@example.com');
    await rejects(orgs.send(new DescribeAccountCommand({ AccountId: '000000000000' })), 'AccountNotFoundException');

    // The access role trusts the management account and is an administrator.
    const iam = new IAMClient(config(server.endpoint, server.credentials));
    await iam.send(new CreateUserCommand({ UserName: 'ops' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey!;
    const sts = new STSClient(config(server.endpoint, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    const session = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${devId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'ops' })))
      .Credentials!;
    const memberIam = new IAMClient(
      config(server.endpoint, { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! }),
    );
    const role = (await memberIam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }))).Role!;
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal, { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` });
    const attached = await memberIam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'OrganizationAccountAccessRole' }));
    assert.deepEqual(
      attached.AttachedPolicies?.map((p) => p.PolicyName),
      ['AdministratorAccess'],
    );
    // Member accounts may not manage the organization.
    const memberOrgs = new OrganizationsClient(
      config(server.endpoint, { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! }),
    );
    await rejects(memberOrgs.send(new ListAccountsCommand({})), 'AccessDeniedException', {
      status: 403,
      message: "You don't have permissions to access this resource.",
    });

    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Dev' }))).OrganizationalUnit!.Id!;
    await rejects(orgs.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: ou, DestinationParentId: rootId })), 'SourceParentNotFoundException');
    await rejects(
      orgs.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: rootId, DestinationParentId: 'ou-zzzz-zzzzzzzz' })),
      'DestinationParentNotFoundException',
    );
    await rejects(orgs.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: rootId, DestinationParentId: rootId })), 'DuplicateAccountException');
    await orgs.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: rootId, DestinationParentId: ou }));
    assert.deepEqual(
      (await orgs.send(new ListAccountsForParentCommand({ ParentId: ou }))).Accounts!.map((a) => a.Id),
      [devId],
    );
    assert.deepEqual((await orgs.send(new ListParentsCommand({ ChildId: devId }))).Parents, [{ Id: ou, Type: 'ORGANIZATIONAL_UNIT' }]);

    await rejects(orgs.send(new CloseAccountCommand({ AccountId: TEST_ACCOUNT_ID })), 'ConstraintViolationException', {
      reason: 'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
    });
    await orgs.send(new CloseAccountCommand({ AccountId: devId }));
    assert.equal((await orgs.send(new DescribeAccountCommand({ AccountId: devId }))).Account?.Status, 'SUSPENDED');
    await rejects(orgs.send(new CloseAccountCommand({ AccountId: devId })), 'AccountAlreadyClosedException');

    await rejects(orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: TEST_ACCOUNT_ID })), 'MasterCannotLeaveOrganizationException');
    await rejects(orgs.send(new DeleteOrganizationCommand({})), 'OrganizationNotEmptyException');
    await orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: devId }));
    await rejects(orgs.send(new DescribeAccountCommand({ AccountId: devId })), 'AccountNotFoundException');

    // AWS's default quota: ten accounts, the management account included.
    const bulk: string[] = [];
    for (let i = 1; i <= 9; i++) bulk.push((await createAccount(`bulk${i}`)).AccountId!);
    await rejects(orgs.send(new CreateAccountCommand({ AccountName: 'one-too-many', Email: 'many@example.com' })), 'ConstraintViolationException', {
      reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED',
    });
    let listed = 0;
    let token: string | undefined;
    do {
      const page = await orgs.send(new ListAccountsCommand({ MaxResults: 4, ...(token !== undefined ? { NextToken: token } : {}) }));
      listed += page.Accounts!.length;
      token = page.NextToken;
    } while (token !== undefined);
    assert.equal(listed, 10);

    // A delegated administrator may read the organization but not change it.
    const delegate = bulk[0]!;
    const service = 'access-analyzer.amazonaws.com';
    await rejects(
      orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: TEST_ACCOUNT_ID, ServicePrincipal: service })),
      'ConstraintViolationException',
      {
        reason: 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
      },
    );
    // AWS: a service needs trusted access before it can have a delegated administrator.
    await rejects(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: delegate, ServicePrincipal: service })), 'ConstraintViolationException', {
      reason: 'SERVICE_ACCESS_NOT_ENABLED',
    });
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: service }));
    await orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: delegate, ServicePrincipal: service }));
    await rejects(
      orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: delegate, ServicePrincipal: service })),
      'AccountAlreadyRegisteredException',
    );
    const admins = (await orgs.send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators!;
    assert.deepEqual(
      admins.map((a) => a.Id),
      [delegate],
    );
    assert.ok(admins[0]!.DelegationEnabledDate instanceof Date);
    assert.deepEqual(
      (await orgs.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: service }))).DelegatedAdministrators!.map((a) => a.Id),
      [delegate],
    );
    await rejects(orgs.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'moto.amazonaws.com' })), 'InvalidInputException', {
      reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL',
      message: 'You specified an unrecognized service principal.',
    });
    assert.deepEqual(
      (await orgs.send(new ListDelegatedServicesForAccountCommand({ AccountId: delegate }))).DelegatedServices!.map((d) => d.ServicePrincipal),
      [service],
    );
    const delegated = (
      await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${delegate}:role/OrganizationAccountAccessRole`, RoleSessionName: 'ops' }))
    ).Credentials!;
    const delegateOrgs = new OrganizationsClient(
      config(server.endpoint, { accessKeyId: delegated.AccessKeyId!, secretAccessKey: delegated.SecretAccessKey!, sessionToken: delegated.SessionToken! }),
    );
    assert.equal((await delegateOrgs.send(new ListAccountsCommand({ MaxResults: 20 }))).Accounts!.length, 10);
    await rejects(delegateOrgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Nope' })), 'AccessDeniedException', { status: 403 });
    await rejects(orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: delegate })), 'ConstraintViolationException', {
      reason: 'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
    });
    await orgs.send(new DeregisterDelegatedAdministratorCommand({ AccountId: delegate, ServicePrincipal: service }));
    await rejects(orgs.send(new DeregisterDelegatedAdministratorCommand({ AccountId: delegate, ServicePrincipal: service })), 'AccountNotRegisteredException');
    await rejects(orgs.send(new ListDelegatedServicesForAccountCommand({ AccountId: delegate })), 'AccountNotRegisteredException');
    await rejects(delegateOrgs.send(new ListAccountsCommand({})), 'AccessDeniedException', { status: 403 });
  });

  it('gives AWS services trusted access: enable, list with paging, disable; only the management account changes it', async () => {
    const unrecognized = { reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL', message: 'You specified an unrecognized service principal.' };
    await rejects(orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'gatehouse.amazonaws.com' })), 'InvalidInputException', unrecognized);
    // The organization is full by now (10 accounts): any active member account will do.
    const accounts = (await orgs.send(new ListAccountsCommand({ MaxResults: 20 }))).Accounts!;
    const member = accounts.find((a) => a.Id !== TEST_ACCOUNT_ID && a.Status === 'ACTIVE')!.Id!;
    await rejects(
      orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: member, ServicePrincipal: 'nope.amazonaws.com' })),
      'InvalidInputException',
      unrecognized,
    );
    // access-analyzer has had trusted access since the delegated administrator test.
    await orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    assert.deepEqual((await orgs.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals, []);

    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
    const first = (await orgs.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals![0]!;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'ram.amazonaws.com' }));
    // Enabling again changes nothing, not even the date.
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
    const page1 = await orgs.send(new ListAWSServiceAccessForOrganizationCommand({ MaxResults: 1 }));
    assert.equal(page1.EnabledServicePrincipals!.length, 1);
    assert.ok(page1.NextToken);
    const page2 = await orgs.send(new ListAWSServiceAccessForOrganizationCommand({ MaxResults: 1, NextToken: page1.NextToken }));
    assert.equal(page2.NextToken, undefined);
    const all = [...page1.EnabledServicePrincipals!, ...page2.EnabledServicePrincipals!];
    assert.deepEqual(
      all.map((s) => s.ServicePrincipal),
      ['config.amazonaws.com', 'ram.amazonaws.com'],
    );
    assert.deepEqual(all[0]!.DateEnabled, first.DateEnabled);
    assert.ok(all[1]!.DateEnabled! > all[0]!.DateEnabled!);

    // A member account may neither change nor (until it is a delegated administrator) list it.
    const iam = new IAMClient(config(server.endpoint, server.credentials));
    await iam.send(new CreateUserCommand({ UserName: 'trusted-ops' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'trusted-ops', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'trusted-ops' }))).AccessKey!;
    const sts = new STSClient(config(server.endpoint, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    const assumed = (
      await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'trusted' }))
    ).Credentials!;
    const memberOrgs = new OrganizationsClient(
      config(server.endpoint, { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! }),
    );
    await rejects(memberOrgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' })), 'AccessDeniedException', { status: 403 });
    await rejects(memberOrgs.send(new ListAWSServiceAccessForOrganizationCommand({})), 'AccessDeniedException', { status: 403 });
    await orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: member, ServicePrincipal: 'config.amazonaws.com' }));
    assert.equal((await memberOrgs.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.length, 2);
    await rejects(memberOrgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'ram.amazonaws.com' })), 'AccessDeniedException', { status: 403 });
    await orgs.send(new DeregisterDelegatedAdministratorCommand({ AccountId: member, ServicePrincipal: 'config.amazonaws.com' }));

    await orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'ram.amazonaws.com' }));
    await orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'ram.amazonaws.com' }));
    await rejects(orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'not-a-service' })), 'InvalidInputException', unrecognized);
    assert.deepEqual(
      (await orgs.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map((s) => s.ServicePrincipal),
      ['config.amazonaws.com'],
    );
  });

  it('manages SCPs and RCPs: grammar, size, names, types, attachment limits and defaults', async () => {
    await rejects(
      orgs.send(
        new CreatePolicyCommand({
          Name: 'bad',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: doc([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]),
        }),
      ),
      'MalformedPolicyDocumentException',
    );
    await rejects(
      orgs.send(
        new CreatePolicyCommand({
          Name: 'big',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: doc([{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*', Sid: 'x'.repeat(5100) }]),
        }),
      ),
      'ConstraintViolationException',
      { reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' },
    );
    await rejects(
      orgs.send(new CreatePolicyCommand({ Name: 'bad-type', Description: '', Type: 'NOT_A_TYPE' as never, Content: ALLOW_ALL })),
      'InvalidInputException',
      { reason: 'INVALID_ENUM' },
    );
    const created = (await orgs.send(new CreatePolicyCommand({ Name: 'p0', Description: 'first', Type: 'SERVICE_CONTROL_POLICY', Content: ALLOW_ALL })))
      .Policy!;
    const p0 = created.PolicySummary!.Id!;
    assert.match(p0, /^p-[a-z0-9]{8}$/);
    assert.equal(created.PolicySummary?.AwsManaged, false);
    await rejects(
      orgs.send(new CreatePolicyCommand({ Name: 'p0', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: ALLOW_ALL })),
      'DuplicatePolicyException',
    );
    const updated = await orgs.send(new UpdatePolicyCommand({ PolicyId: p0, Description: 'changed' }));
    assert.equal(updated.Policy?.PolicySummary?.Description, 'changed');
    await rejects(orgs.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Description: 'x' })), 'InvalidInputException', {
      reason: 'IMMUTABLE_POLICY',
    });
    const managed = (await orgs.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy!.PolicySummary!;
    assert.equal(managed.Arn, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
    assert.equal(managed.AwsManaged, true);
    await rejects(orgs.send(new DescribePolicyCommand({ PolicyId: 'p-00000000' })), 'PolicyNotFoundException');

    // Not attachable until the type is enabled; enabling attaches FullAWSAccess everywhere.
    await rejects(orgs.send(new AttachPolicyCommand({ PolicyId: p0, TargetId: rootId })), 'PolicyTypeNotEnabledException');
    const enabled = await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(enabled.Root?.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    await rejects(orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })), 'PolicyTypeAlreadyEnabledException');
    await rejects(orgs.send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: 'SERVICE_CONTROL_POLICY' })), 'RootNotFoundException');
    const targets = (await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess', MaxResults: 20 }))).Targets!;
    assert.ok(targets.some((t) => t.TargetId === rootId && t.Type === 'ROOT'));
    assert.ok(targets.some((t) => t.TargetId === TEST_ACCOUNT_ID && t.Type === 'ACCOUNT'));
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Guarded' }))).OrganizationalUnit!.Id!;
    assert.deepEqual(
      (await orgs.send(new ListPoliciesForTargetCommand({ TargetId: ou, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Id),
      ['p-FullAWSAccess'],
    );

    await rejects(orgs.send(new AttachPolicyCommand({ PolicyId: p0, TargetId: 'ou-zzzz-zzzzzzzz' })), 'TargetNotFoundException');
    await rejects(orgs.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ou })), 'DuplicatePolicyAttachmentException');
    await rejects(orgs.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ou })), 'ConstraintViolationException', {
      reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    });
    await rejects(orgs.send(new DetachPolicyCommand({ PolicyId: p0, TargetId: ou })), 'PolicyNotAttachedException');
    await orgs.send(new AttachPolicyCommand({ PolicyId: p0, TargetId: ou }));
    for (let i = 1; i <= 3; i++) {
      const id = (await orgs.send(new CreatePolicyCommand({ Name: `p${i}`, Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: ALLOW_ALL }))).Policy!
        .PolicySummary!.Id!;
      await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: ou }));
    }
    const sixth = (await orgs.send(new CreatePolicyCommand({ Name: 'p4', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: ALLOW_ALL }))).Policy!
      .PolicySummary!.Id!;
    await rejects(orgs.send(new AttachPolicyCommand({ PolicyId: sixth, TargetId: ou })), 'ConstraintViolationException', {
      reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      message: 'You have attached the maximum number of policies to the specified target.',
    });
    await rejects(orgs.send(new DeletePolicyCommand({ PolicyId: p0 })), 'PolicyInUseException');
    await orgs.send(new DeletePolicyCommand({ PolicyId: sixth }));
    const listed = (await orgs.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Name);
    assert.deepEqual(listed, ['FullAWSAccess', 'p0', 'p1', 'p2', 'p3']);
    assert.deepEqual(
      (await orgs.send(new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY' }))).Policies!.map((p) => p.Id),
      ['p-RCPFullAWSAccess'],
    );
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const rcp = (
      await orgs.send(
        new CreatePolicyCommand({
          Name: 'r1',
          Description: '',
          Type: 'RESOURCE_CONTROL_POLICY',
          Content: doc([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }]),
        }),
      )
    ).Policy!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp.PolicySummary!.Id!, TargetId: ou }));
    await rejects(orgs.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: ou })), 'InvalidInputException', {
      reason: 'NON_DETACHABLE_POLICY',
    });
    await orgs.send(new DetachPolicyCommand({ PolicyId: rcp.PolicySummary!.Id!, TargetId: ou }));
    await orgs.send(new DeletePolicyCommand({ PolicyId: rcp.PolicySummary!.Id! }));

    // Disabling a type detaches every policy of it.
    await orgs.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual((await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: p0 }))).Targets, []);
    await rejects(orgs.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })), 'PolicyTypeNotEnabledException');
    await orgs.send(new DeletePolicyCommand({ PolicyId: p0 }));
  });

  it('tags roots, OUs, accounts and policies', async () => {
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Tagged', Tags: [{ Key: 'team', Value: 'a' }] })))
      .OrganizationalUnit!.Id!;
    await orgs.send(
      new TagResourceCommand({
        ResourceId: ou,
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'b' },
        ],
      }),
    );
    assert.deepEqual((await orgs.send(new ListTagsForResourceCommand({ ResourceId: ou }))).Tags, [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'b' },
    ]);
    await orgs.send(new UntagResourceCommand({ ResourceId: ou, TagKeys: ['team'] }));
    assert.deepEqual((await orgs.send(new ListTagsForResourceCommand({ ResourceId: ou }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    await orgs.send(new TagResourceCommand({ ResourceId: rootId, Tags: [{ Key: 'k', Value: 'v' }] }));
    await orgs.send(new TagResourceCommand({ ResourceId: TEST_ACCOUNT_ID, Tags: [{ Key: 'k', Value: 'v' }] }));
    await rejects(orgs.send(new TagResourceCommand({ ResourceId: 'ou-zzzz-zzzzzzzz', Tags: [{ Key: 'k', Value: 'v' }] })), 'TargetNotFoundException');
    await rejects(
      orgs.send(
        new TagResourceCommand({
          ResourceId: ou,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'a', Value: '2' },
          ],
        }),
      ),
      'InvalidInputException',
      {
        reason: 'DUPLICATE_TAG_KEY',
      },
    );
    // AWS: a system tag key (aws:…) can be neither added nor deleted.
    for (const Key of ['aws:cloudformation:stack-name', 'AWS:team']) {
      await rejects(orgs.send(new TagResourceCommand({ ResourceId: ou, Tags: [{ Key, Value: 'v' }] })), 'InvalidInputException', {
        reason: 'INVALID_SYSTEM_TAGS_PARAMETER',
      });
    }
    await rejects(orgs.send(new UntagResourceCommand({ ResourceId: ou, TagKeys: ['aws:x'] })), 'InvalidInputException', {
      reason: 'INVALID_SYSTEM_TAGS_PARAMETER',
    });
    assert.deepEqual((await orgs.send(new ListTagsForResourceCommand({ ResourceId: ou }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `t${i}`, Value: 'v' }));
    await rejects(orgs.send(new TagResourceCommand({ ResourceId: ou, Tags: many })), 'ConstraintViolationException', { reason: 'MAX_TAG_LIMIT_EXCEEDED' });
  });
});
