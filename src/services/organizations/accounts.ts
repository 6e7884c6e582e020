import { ServiceError } from '../../errors.js';
import { DEFAULT_MEMBER_ROLE_NAME, ORGANIZATION_QUOTAS, newCreateAccountRequestId } from '../../model/index.js';
import type { CreateAccountRequestRecord, OrganizationRecord } from '../../store/index.js';
import { requestTagContext } from '../shared/index.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { callerScope, managementScope, peekScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { isDelegatedAdministrator, readScope } from './delegations.js';
import { accountOutput, memberAccount, requireParent, rootOf } from './entities.js';
import { emailInUse, provisionMemberAccount } from './memberAccount.js';
import { checkTags } from './tags.js';
import { entityResource } from './units.js';

type Tag = { Key: string; Value: string };
type Paging = { NextToken?: string; MaxResults?: number };

function statusOutput(r: CreateAccountRequestRecord) {
  return {
    Id: r.id,
    AccountName: r.accountName,
    State: r.state,
    RequestedTimestamp: new Date(r.requestedAt),
    ...(r.completedAt !== null ? { CompletedTimestamp: new Date(r.completedAt) } : {}),
    ...(r.accountId !== null ? { AccountId: r.accountId } : {}),
    ...(r.failureReason !== null ? { FailureReason: r.failureReason } : {}),
  };
}

function accountNeed(action: string, member: string) {
  return async (input: Record<string, unknown>, ctx: OperationContext) => {
    const org = await peekScope(ctx);
    return [orgNeed(action, entityResource(org, String(input[member] ?? '')), ctx)];
  };
}

/**
 * AWS: API_CreateAccount — asynchronous: the response's CreateAccountStatus is IN_PROGRESS and
 * DescribeCreateAccountStatus reports SUCCEEDED (with AccountId) or FAILED (with FailureReason,
 * e.g. EMAIL_ALREADY_EXISTS). Gatehouse completes the request before it answers.
 */
export const CreateAccount = defineOperation<{ Email: string; AccountName: string; RoleName?: string; IamUserAccessToBilling?: string; Tags?: Tag[] }>({
  service: 'organizations',
  name: 'CreateAccount',
  readOnly: false,
  authorize: (input, ctx) => [orgNeed('CreateAccount', '*', ctx, requestTagContext(input.Tags))],
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    checkTags(input.Tags ?? []);
    if ((await ctx.store.organizations.accounts(org.id)).length >= ORGANIZATION_QUOTAS.accounts) {
      throw orgErrors.constraint('ACCOUNT_NUMBER_LIMIT_EXCEEDED', 'You have reached the maximum number of accounts in the organization.');
    }
    const now = ctx.now.toISOString();
    const request: CreateAccountRequestRecord = {
      id: newCreateAccountRequestId(),
      organizationId: org.id,
      accountName: input.AccountName,
      state: 'IN_PROGRESS',
      requestedAt: now,
      completedAt: null,
      accountId: null,
      failureReason: null,
    };
    await ctx.store.organizations.createRequest(request);
    if (await emailInUse(ctx, input.Email)) {
      await ctx.store.organizations.completeRequest(request.id, { state: 'FAILED', completedAt: now, accountId: null, failureReason: 'EMAIL_ALREADY_EXISTS' });
    } else {
      const root = await rootOf(ctx, org);
      const account = await provisionMemberAccount(ctx, org, root, {
        name: input.AccountName,
        email: input.Email,
        roleName: input.RoleName ?? DEFAULT_MEMBER_ROLE_NAME,
        tags: input.Tags ?? [],
      });
      await ctx.store.organizations.completeRequest(request.id, { state: 'SUCCEEDED', completedAt: now, accountId: account.id, failureReason: null });
    }
    return { CreateAccountStatus: statusOutput(request) };
  },
});

export const DescribeCreateAccountStatus = defineOperation<{ CreateAccountRequestId: string }>({
  service: 'organizations',
  name: 'DescribeCreateAccountStatus',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('DescribeCreateAccountStatus', '*', ctx)],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const request = await ctx.store.organizations.getRequest(org.id, input.CreateAccountRequestId);
    if (request === undefined) {
      throw new ServiceError(
        'CreateAccountStatusNotFoundException',
        "We can't find an create account request with the CreateAccountRequestId that you specified.",
      );
    }
    return { CreateAccountStatus: statusOutput(request) };
  },
});

export const ListCreateAccountStatus = defineOperation<{ States?: string[] } & Paging>({
  service: 'organizations',
  name: 'ListCreateAccountStatus',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('ListCreateAccountStatus', '*', ctx)],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const states = input.States;
    const all = (await ctx.store.organizations.requests(org.id)).filter((r) => states === undefined || states.length === 0 || states.includes(r.state));
    const page = paginate(all.map(statusOutput), input);
    return { CreateAccountStatuses: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const DescribeAccount = defineOperation<{ AccountId: string }>({
  service: 'organizations',
  name: 'DescribeAccount',
  readOnly: true,
  authorize: accountNeed('DescribeAccount', 'AccountId'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const account = await memberAccount(ctx, org, input.AccountId);
    if (account === undefined) throw orgErrors.accountNotFound();
    return { Account: await accountOutput(ctx, org, account) };
  },
});

export const ListAccounts = defineOperation<Paging>({
  service: 'organizations',
  name: 'ListAccounts',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('ListAccounts', '*', ctx)],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const accounts = await ctx.store.organizations.accounts(org.id);
    const page = paginate(accounts, input);
    return {
      Accounts: await Promise.all(page.items.map((a) => accountOutput(ctx, org, a))),
      ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}),
    };
  },
});

export const ListAccountsForParent = defineOperation<{ ParentId: string } & Paging>({
  service: 'organizations',
  name: 'ListAccountsForParent',
  readOnly: true,
  authorize: accountNeed('ListAccountsForParent', 'ParentId'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const parent = await requireParent(ctx, org, input.ParentId);
    const page = paginate(await ctx.store.organizations.accounts(org.id, parent.id), input);
    return {
      Accounts: await Promise.all(page.items.map((a) => accountOutput(ctx, org, a))),
      ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}),
    };
  },
});

/**
 * AWS: API_MoveAccount — from its current parent (SourceParentNotFoundException) to a root or OU
 * (DestinationParentNotFoundException); the account's guardrails change with the very next request.
 */
export const MoveAccount = defineOperation<{ AccountId: string; SourceParentId: string; DestinationParentId: string }>({
  service: 'organizations',
  name: 'MoveAccount',
  readOnly: false,
  authorize: async (input, ctx) => {
    const org = await peekScope(ctx);
    return [input.AccountId, input.SourceParentId, input.DestinationParentId].map((id) => orgNeed('MoveAccount', entityResource(org, id), ctx));
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const account = await memberAccount(ctx, org, input.AccountId);
    if (account === undefined) throw orgErrors.accountNotFound();
    await requireParent(
      ctx,
      org,
      input.SourceParentId,
      () => new ServiceError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified."),
    );
    const destination = await requireParent(
      ctx,
      org,
      input.DestinationParentId,
      () =>
        new ServiceError('DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified."),
    );
    if (account.parentId !== input.SourceParentId) {
      throw new ServiceError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
    }
    if (account.parentId === destination.id)
      throw new ServiceError('DuplicateAccountException', 'That account is already present in the specified destination.');
    await ctx.store.organizations.placeAccount(account.id, org.id, destination.id);
    return {};
  },
});

/** AWS: API_CloseAccount — not the management account (CANNOT_CLOSE_MANAGEMENT_ACCOUNT); the account becomes SUSPENDED. */
export const CloseAccount = defineOperation<{ AccountId: string }>({
  service: 'organizations',
  name: 'CloseAccount',
  readOnly: false,
  authorize: accountNeed('CloseAccount', 'AccountId'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const account = await memberAccount(ctx, org, input.AccountId);
    if (account === undefined) throw orgErrors.accountNotFound();
    if (account.id === org.managementAccountId) {
      throw orgErrors.constraint('CANNOT_CLOSE_MANAGEMENT_ACCOUNT', 'You attempted to close the management account. You can only close member accounts.');
    }
    if (account.status !== 'ACTIVE') throw new ServiceError('AccountAlreadyClosedException', 'The provided account is already closed.');
    // The store tells every node to forget the closed account's cached credentials.
    await ctx.store.organizations.setAccountStatus(account.id, 'SUSPENDED');
    return {};
  },
});

/**
 * Takes a member account out of its organization, as RemoveAccountFromOrganization and
 * LeaveOrganization do: never the management account (MasterCannotLeaveOrganizationException),
 * nor a delegated administrator (CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG). Its policy
 * attachments and organization tags go with it; the account itself stays, standalone.
 */
async function removeFromOrganization(ctx: OperationContext, org: OrganizationRecord, accountId: string): Promise<void> {
  if (accountId === org.managementAccountId) {
    throw new ServiceError(
      'MasterCannotLeaveOrganizationException',
      "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    );
  }
  if (await isDelegatedAdministrator(ctx, org, accountId)) {
    throw orgErrors.constraint(
      'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
      'You attempted to remove an account that is registered as a delegated administrator for a service integrated with your organization.',
    );
  }
  await ctx.store.organizationPolicies.detachAllFrom(org.id, accountId);
  await ctx.store.organizationPolicies.deleteTags(org.id, accountId);
  await ctx.store.organizations.leave(accountId);
}

/** AWS: API_RemoveAccountFromOrganization — the management account takes a member account out. */
export const RemoveAccountFromOrganization = defineOperation<{ AccountId: string }>({
  service: 'organizations',
  name: 'RemoveAccountFromOrganization',
  readOnly: false,
  authorize: accountNeed('RemoveAccountFromOrganization', 'AccountId'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const account = await memberAccount(ctx, org, input.AccountId);
    if (account === undefined) throw orgErrors.accountNotFound();
    await removeFromOrganization(ctx, org, account.id);
    return {};
  },
});

/** AWS: API_LeaveOrganization — a member account takes itself out (called from that account). */
export const LeaveOrganization = defineOperation<Record<string, never>>({
  service: 'organizations',
  name: 'LeaveOrganization',
  readOnly: false,
  authorize: (_input, ctx) => [orgNeed('LeaveOrganization', '*', ctx)],
  handle: async (_input, ctx) => {
    const { org, account } = await callerScope(ctx);
    await removeFromOrganization(ctx, org, account.id);
    return {};
  },
});

/**
 * AWS: API_CreateGovCloudAccount — available only to a management account that already has a
 * paired account in the AWS GovCloud (US) Region. Gatehouse serves the commercial partition only,
 * so no management account has one: after the usual checks (management account, valid tags) the
 * request is refused with ConstraintViolationException MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED and
 * nothing is created.
 */
export const CreateGovCloudAccount = defineOperation<{ Email: string; AccountName: string; Tags?: { Key: string; Value: string }[] }>({
  service: 'organizations',
  name: 'CreateGovCloudAccount',
  readOnly: false,
  authorize: (input, ctx) => [orgNeed('CreateGovCloudAccount', '*', ctx, requestTagContext(input.Tags))],
  handle: async (input, ctx) => {
    await managementScope(ctx);
    checkTags(input.Tags ?? []);
    throw orgErrors.constraint(
      'MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED',
      'To complete this operation, the management account must have an associated account in the AWS GovCloud (US-West) Region.',
    );
  },
});

export const accountOperations: Operation[] = [
  CreateAccount,
  CreateGovCloudAccount,
  DescribeCreateAccountStatus,
  ListCreateAccountStatus,
  DescribeAccount,
  ListAccounts,
  ListAccountsForParent,
  MoveAccount,
  CloseAccount,
  RemoveAccountFromOrganization,
  LeaveOrganization,
];
