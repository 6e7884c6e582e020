import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AcceptHandshakeCommand,
  CancelHandshakeCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  DeclineHandshakeCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeHandshakeCommand,
  DescribeOrganizationCommand,
  EnableAllFeaturesCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  LeaveOrganizationCommand,
  ListAccountsCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Handshake } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { rejects } from '../support/rejects.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const DAY_MS = 86_400_000;

describe('Organizations invitations: leaving, inviting, and the handshake lifecycle', () => {
  let server: TestServer;
  /** How far the server's clock (and every client's signing clock) is ahead of real time. */
  let offsetMs = 0;
  let operator: Creds;
  let orgId: string;
  let rootId: string;
  let guestId: string;
  const guestEmail = 'Guest@Example.com';

  const config = (credentials: Creds) => ({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: offsetMs });
  const mgmt = () => new OrganizationsClient(config(server.credentials));
  /** The guest account's own Organizations client, through the role the management account can assume there. */
  async function guest(): Promise<OrganizationsClient> {
    const sts = new STSClient(config(operator));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${guestId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'guest' }));
    const c = out.Credentials!;
    return new OrganizationsClient(config({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
  }
  const ids = (list: Handshake[] | undefined) => (list ?? []).map((h) => h.Id);

  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + offsetMs) });
    const iam = new IAMClient(config(server.credentials));
    await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'operator', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey!;
    operator = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    orgId = (await mgmt().send(new CreateOrganizationCommand({}))).Organization!.Id!;
    rootId = (await mgmt().send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const created = await mgmt().send(new CreateAccountCommand({ AccountName: 'guest', Email: guestEmail }));
    guestId = (await mgmt().send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }))).CreateAccountStatus!
      .AccountId!;
  });
  after(async () => {
    await server.stop();
  });

  it('a member account leaves by itself; the management account cannot', async () => {
    await rejects(mgmt().send(new LeaveOrganizationCommand({})), 'MasterCannotLeaveOrganizationException');
    const member = await guest();
    assert.equal((await member.send(new DescribeOrganizationCommand({}))).Organization!.Id, orgId);
    await member.send(new LeaveOrganizationCommand({}));
    await rejects(member.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    await rejects(member.send(new LeaveOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    const accounts = (await mgmt().send(new ListAccountsCommand({}))).Accounts!;
    assert.deepEqual(
      accounts.map((a) => a.Id),
      [TEST_ACCOUNT_ID],
    );
  });

  it('invites an account by ID, with notes and tags; the invitation is a handshake both sides see', async () => {
    await rejects(mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ORGANIZATION', Id: orgId } })), 'InvalidInputException', {
      reason: 'INVALID_PARTY_TYPE_TARGET',
    });
    await rejects(mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'EMAIL', Id: 'not-an-address' } })), 'InvalidInputException', {
      reason: 'INVALID_EMAIL_ADDRESS_TARGET',
    });
    // The management account itself is in an organization already.
    await rejects(
      mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: TEST_ACCOUNT_ID } })),
      'HandshakeConstraintViolationException',
      {
        reason: 'ALREADY_IN_AN_ORGANIZATION',
      },
    );
    await rejects(
      mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guestId }, Tags: [{ Key: 'aws:team', Value: 'x' }] })),
      'InvalidInputException',
      { reason: 'INVALID_SYSTEM_TAGS_PARAMETER' },
    );

    const sent = (
      await mgmt().send(
        new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guestId }, Notes: 'Join us', Tags: [{ Key: 'team', Value: 'blue' }] }),
      )
    ).Handshake!;
    assert.match(sent.Id!, /^h-[0-9a-z]{32}$/);
    assert.equal(sent.Arn, `arn:aws:organizations::${TEST_ACCOUNT_ID}:handshake/${orgId}/invite/${sent.Id}`);
    assert.equal(sent.Action, 'INVITE');
    assert.equal(sent.State, 'OPEN');
    assert.deepEqual(sent.Parties, [
      { Id: orgId, Type: 'ORGANIZATION' },
      { Id: guestId, Type: 'ACCOUNT' },
    ]);
    assert.equal(sent.ExpirationTimestamp!.getTime() - sent.RequestedTimestamp!.getTime(), 15 * DAY_MS);
    const organization = sent.Resources!.find((r) => r.Type === 'ORGANIZATION')!;
    assert.equal(organization.Value, orgId);
    assert.deepEqual(
      organization.Resources!.filter((r) => r.Type !== 'MASTER_EMAIL').map((r) => [r.Type, r.Value]),
      [
        ['MASTER_NAME', (await mgmt().send(new DescribeAccountCommand({ AccountId: TEST_ACCOUNT_ID }))).Account!.Name],
        ['ORGANIZATION_FEATURE_SET', 'FULL'],
      ],
    );
    assert.deepEqual(sent.Resources!.slice(1), [
      { Type: 'ACCOUNT', Value: guestId },
      { Type: 'NOTES', Value: 'Join us' },
    ]);
    await rejects(mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guestId } })), 'DuplicateHandshakeException');

    const member = await guest();
    assert.deepEqual(ids((await member.send(new ListHandshakesForAccountCommand({}))).Handshakes), [sent.Id]);
    assert.deepEqual((await member.send(new DescribeHandshakeCommand({ HandshakeId: sent.Id! }))).Handshake, sent);
    assert.deepEqual(ids((await mgmt().send(new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'INVITE' } }))).Handshakes), [sent.Id]);
    assert.deepEqual((await mgmt().send(new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'ENABLE_ALL_FEATURES' } }))).Handshakes, []);
    await rejects(
      mgmt().send(new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'INVITE', ParentHandshakeId: 'h-abcdefgh' } })),
      'InvalidInputException',
      { reason: 'MAX_FILTER_LIMIT_EXCEEDED' },
    );
    // Nobody else sees it: the management account's own list (it was sent nothing), an unknown ID.
    assert.deepEqual((await mgmt().send(new ListHandshakesForAccountCommand({}))).Handshakes, []);
    await rejects(member.send(new DescribeHandshakeCommand({ HandshakeId: 'h-00000000000000000000000000000000' })), 'HandshakeNotFoundException');
  });

  it("the recipient accepts: the account joins under the root, invited, with the invitation's tags", async () => {
    const [invitation] = (await mgmt().send(new ListHandshakesForOrganizationCommand({}))).Handshakes!;
    // Only the recipient accepts.
    await rejects(mgmt().send(new AcceptHandshakeCommand({ HandshakeId: invitation!.Id! })), 'AccessDeniedException', { status: 403 });
    const member = await guest();
    const accepted = (await member.send(new AcceptHandshakeCommand({ HandshakeId: invitation!.Id! }))).Handshake!;
    assert.equal(accepted.State, 'ACCEPTED');
    assert.equal((await member.send(new DescribeOrganizationCommand({}))).Organization!.Id, orgId);
    const joined = (await mgmt().send(new ListAccountsCommand({}))).Accounts!.find((a) => a.Id === guestId)!;
    assert.equal(joined.JoinedMethod, 'INVITED');
    assert.deepEqual((await mgmt().send(new ListParentsCommand({ ChildId: guestId }))).Parents, [{ Id: rootId, Type: 'ROOT' }]);
    assert.deepEqual((await mgmt().send(new ListTagsForResourceCommand({ ResourceId: guestId }))).Tags, [{ Key: 'team', Value: 'blue' }]);

    await rejects(member.send(new AcceptHandshakeCommand({ HandshakeId: invitation!.Id! })), 'HandshakeAlreadyInStateException');
    await rejects(member.send(new DeclineHandshakeCommand({ HandshakeId: invitation!.Id! })), 'InvalidHandshakeTransitionException');
    await rejects(mgmt().send(new CancelHandshakeCommand({ HandshakeId: invitation!.Id! })), 'InvalidHandshakeTransitionException');
    assert.equal((await mgmt().send(new DescribeHandshakeCommand({ HandshakeId: invitation!.Id! }))).Handshake!.State, 'ACCEPTED');
  });

  it('an invitation by email address reaches the account that owns it; declining and canceling close it', async () => {
    await (await guest()).send(new LeaveOrganizationCommand({}));
    const byEmail = (await mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'EMAIL', Id: 'guest@example.COM' } }))).Handshake!;
    assert.deepEqual(byEmail.Parties![1], { Id: 'guest@example.COM', Type: 'EMAIL' });
    const member = await guest();
    const listed = (await member.send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'INVITE' } }))).Handshakes!;
    assert.equal(listed.at(-1)!.Id, byEmail.Id);
    // Only the sender cancels.
    await rejects(member.send(new CancelHandshakeCommand({ HandshakeId: byEmail.Id! })), 'AccessDeniedException', { status: 403 });
    assert.equal((await member.send(new DeclineHandshakeCommand({ HandshakeId: byEmail.Id! }))).Handshake!.State, 'DECLINED');
    await rejects(member.send(new DeclineHandshakeCommand({ HandshakeId: byEmail.Id! })), 'HandshakeAlreadyInStateException');
    await rejects(member.send(new AcceptHandshakeCommand({ HandshakeId: byEmail.Id! })), 'InvalidHandshakeTransitionException');
    await rejects(member.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');

    // A declined invitation is no duplicate: the account can be asked again, and the sender can take it back.
    const again = (await mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guestId } }))).Handshake!;
    assert.equal((await mgmt().send(new CancelHandshakeCommand({ HandshakeId: again.Id! }))).Handshake!.State, 'CANCELED');
    await rejects(mgmt().send(new CancelHandshakeCommand({ HandshakeId: again.Id! })), 'HandshakeAlreadyInStateException');
    await rejects(member.send(new AcceptHandshakeCommand({ HandshakeId: again.Id! })), 'InvalidHandshakeTransitionException');
    const page1 = await mgmt().send(new ListHandshakesForOrganizationCommand({ MaxResults: 2 }));
    const page2 = await mgmt().send(new ListHandshakesForOrganizationCommand({ MaxResults: 2, NextToken: page1.NextToken }));
    assert.deepEqual(
      [...page1.Handshakes!, ...page2.Handshakes!].map((h) => h.State),
      ['ACCEPTED', 'DECLINED', 'CANCELED'],
    );
  });

  it('an open invitation expires after 15 days; a closed one is gone from lists 30 days later', async () => {
    const open = (await mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guestId } }))).Handshake!;
    // Each call gets a fresh client: an SDK client corrects its clock from the server's Date header, which is real time.
    offsetMs += 16 * DAY_MS;
    assert.equal((await (await guest()).send(new DescribeHandshakeCommand({ HandshakeId: open.Id! }))).Handshake!.State, 'EXPIRED');
    await rejects((await guest()).send(new AcceptHandshakeCommand({ HandshakeId: open.Id! })), 'InvalidHandshakeTransitionException');
    // Expired, it no longer blocks a new invitation.
    const fresh = (await mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guestId } }))).Handshake!;
    offsetMs += 31 * DAY_MS;
    // 47 days in: the first expired 32 days ago and the accepted, declined and canceled ones closed
    // 47 days ago, so they are gone; the fresh one expired 16 days ago and is still listed.
    await rejects((await guest()).send(new DescribeHandshakeCommand({ HandshakeId: open.Id! })), 'HandshakeNotFoundException');
    const listed = (await mgmt().send(new ListHandshakesForOrganizationCommand({}))).Handshakes!;
    assert.deepEqual(
      listed.map((h) => [h.Id, h.State]),
      [[fresh.Id, 'EXPIRED']],
    );
    assert.deepEqual(ids((await (await guest()).send(new ListHandshakesForAccountCommand({}))).Handshakes), [fresh.Id]);
    await rejects((await guest()).send(new AcceptHandshakeCommand({ HandshakeId: fresh.Id! })), 'InvalidHandshakeTransitionException');
  });

  it('sends at most 20 invitations in 24 hours', async () => {
    for (let n = 0; n < 20; n++) {
      const sent = (await mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: `5000000000${String(n).padStart(2, '0')}` } })))
        .Handshake!;
      await mgmt().send(new CancelHandshakeCommand({ HandshakeId: sent.Id! }));
    }
    await rejects(
      mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: '500000000099' } })),
      'HandshakeConstraintViolationException',
      {
        reason: 'HANDSHAKE_RATE_LIMIT_EXCEEDED',
      },
    );
    offsetMs += DAY_MS;
    assert.equal((await mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: '500000000099' } }))).Handshake!.State, 'OPEN');
  });
});

describe('Organizations: enabling all features in an organization created for consolidated billing', () => {
  let server: TestServer;
  let operator: Creds;
  let invitedId: string;

  const config = (credentials: Creds) => ({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const mgmt = () => new OrganizationsClient(config(server.credentials));
  async function invited(): Promise<OrganizationsClient> {
    const out = await new STSClient(config(operator)).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${invitedId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'invited' }),
    );
    const c = out.Credentials!;
    return new OrganizationsClient(config({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
  }

  before(async () => {
    server = await startTestServer();
    const iam = new IAMClient(config(server.credentials));
    await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'operator', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey!;
    operator = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    assert.equal((await mgmt().send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }))).Organization!.FeatureSet, 'CONSOLIDATED_BILLING');
    // One account created in the organization (its approval is inferred), one that joins by invitation.
    await mgmt().send(new CreateAccountCommand({ AccountName: 'made', Email: 'made@example.com' }));
    const created = await mgmt().send(new CreateAccountCommand({ AccountName: 'invited', Email: 'invited@example.com' }));
    invitedId = (await mgmt().send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }))).CreateAccountStatus!
      .AccountId!;
    await (await invited()).send(new LeaveOrganizationCommand({}));
    const invitation = (await mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: invitedId } }))).Handshake!;
    assert.deepEqual(invitation.Resources![0]!.Resources!.at(-1), { Type: 'ORGANIZATION_FEATURE_SET', Value: 'CONSOLIDATED_BILLING' });
    await (await invited()).send(new AcceptHandshakeCommand({ HandshakeId: invitation.Id! }));
  });
  after(async () => {
    await server.stop();
  });

  it('asks each invited account, and the management account finalizes once they all agreed', async () => {
    const rootId = (await mgmt().send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await rejects(
      mgmt().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })),
      'PolicyTypeNotAvailableForOrganizationException',
    );

    // A first request, canceled: canceling it cancels what it sent.
    const first = (await mgmt().send(new EnableAllFeaturesCommand({}))).Handshake!;
    const [firstAsk] = (await (await invited()).send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'ENABLE_ALL_FEATURES' } }))).Handshakes!;
    assert.equal((await mgmt().send(new CancelHandshakeCommand({ HandshakeId: first.Id! }))).Handshake!.State, 'CANCELED');
    assert.equal((await (await invited()).send(new DescribeHandshakeCommand({ HandshakeId: firstAsk!.Id! }))).Handshake!.State, 'CANCELED');

    const request = (await mgmt().send(new EnableAllFeaturesCommand({}))).Handshake!;
    assert.equal(request.Action, 'ENABLE_ALL_FEATURES');
    // AWS: REQUESTED until every invited account has answered.
    assert.equal(request.State, 'REQUESTED');
    assert.match(request.Arn!, /:handshake\/o-[a-z0-9]{10}\/enable_all_features\/h-[0-9a-z]{32}$/);
    assert.deepEqual(
      request.Parties!.map((p) => p.Type),
      ['ORGANIZATION'],
    );
    await rejects(mgmt().send(new EnableAllFeaturesCommand({})), 'HandshakeConstraintViolationException', {
      reason: 'ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION',
    });
    await rejects(
      mgmt().send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: '444455556666' } })),
      'HandshakeConstraintViolationException',
      {
        reason: 'INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES',
      },
    );
    // Not yet: the invited account has not agreed.
    await rejects(mgmt().send(new AcceptHandshakeCommand({ HandshakeId: request.Id! })), 'InvalidHandshakeTransitionException');

    // Only the invited account is asked (not the created one); its request names the organization's.
    const parts = (await mgmt().send(new ListHandshakesForOrganizationCommand({ Filter: { ParentHandshakeId: request.Id! } }))).Handshakes!;
    assert.deepEqual(
      parts.map((h) => [h.Action, h.Parties![1]!.Id]),
      [['ENABLE_ALL_FEATURES', invitedId]],
    );
    assert.deepEqual(
      parts[0]!.Resources!.find((r) => r.Type === 'PARENT_HANDSHAKE'),
      { Type: 'PARENT_HANDSHAKE', Value: request.Id },
    );
    assert.equal((await (await invited()).send(new AcceptHandshakeCommand({ HandshakeId: parts[0]!.Id! }))).Handshake!.State, 'ACCEPTED');

    // Everyone agreed: the management account is sent the approval, and finalizes.
    const approvals = (await mgmt().send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'APPROVE_ALL_FEATURES' } }))).Handshakes!;
    assert.equal(approvals.length, 1);
    assert.equal((await mgmt().send(new DescribeHandshakeCommand({ HandshakeId: request.Id! }))).Handshake!.State, 'OPEN');
    assert.deepEqual(approvals[0]!.Resources!.find((r) => r.Type === 'PARENT_HANDSHAKE')!.Value, request.Id);
    const finalized = (await mgmt().send(new AcceptHandshakeCommand({ HandshakeId: request.Id! }))).Handshake!;
    assert.equal(finalized.State, 'ACCEPTED');
    assert.equal((await mgmt().send(new DescribeOrganizationCommand({}))).Organization!.FeatureSet, 'ALL');
    assert.equal((await mgmt().send(new DescribeHandshakeCommand({ HandshakeId: approvals[0]!.Id! }))).Handshake!.State, 'ACCEPTED');
    await mgmt().send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await rejects(mgmt().send(new EnableAllFeaturesCommand({})), 'HandshakeConstraintViolationException', { reason: 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES' });
  });
});
