import { ORGANIZATION_QUOTAS, handshakeArn, newHandshakeId } from '../../model/organization.js';
import type { AccountRecord } from '../../store/index.js';
import type { HandshakeRecord, OrganizationRecord } from '../../store/repositories/index.js';
import { defineOperation, type AuthorizationNeed, type Operation, type OperationContext } from '../operation.js';
import { managementScope, orgErrors, orgNeed, paginate, publishOrgChange, tagContext } from './common.js';
import { readScope } from './delegations.js';
import { attachDefaults, rootOf } from './entities.js';
import { checkTags } from './tags.js';

/**
 * Handshakes: an organization's invitations to accounts (InviteAccountToOrganization) and what
 * the parties do with them (Accept/Decline/Cancel/DescribeHandshake, ListHandshakesFor…).
 *
 * AWS: API_Handshake — an invitation is OPEN until its recipient accepts or declines it, its
 * sender cancels it, or it expires (15 days; "If the recipient of the handshake request fails to
 * respond before the specified date and time, the handshake becomes inactive"); closed handshakes
 * "show up in lists for only 30 days after entering that state. After that they are deleted."
 * Gatehouse applies both when a handshake is read. An account that accepts joins under the root
 * with JoinedMethod INVITED, gets the organization's default policies and the invitation's tags,
 * and, as in AWS, no OrganizationAccountAccessRole (that is created only in created accounts).
 */

type Party = { Id: string; Type: string };
type Tag = { Key: string; Value: string };
type Filter = { ActionType?: string; ParentHandshakeId?: string };
type Paging = { NextToken?: string; MaxResults?: number };

const DAY_MS = 86_400_000;

/** The state a client sees: an open handshake past its expiry is EXPIRED. */
function stateOf(h: HandshakeRecord, now: Date): HandshakeRecord['state'] | 'EXPIRED' {
  return h.state === 'OPEN' && Date.parse(h.expiresAt) <= now.getTime() ? 'EXPIRED' : h.state;
}

/** Whether a handshake still exists for its parties: closed ones (expired included) only for 30 days. */
function visible(h: HandshakeRecord, now: Date): boolean {
  const state = stateOf(h, now);
  if (state === 'OPEN') return true;
  const closedAt = state === 'EXPIRED' ? Date.parse(h.expiresAt) : Date.parse(h.changedAt);
  return now.getTime() - closedAt < ORGANIZATION_QUOTAS.closedHandshakeDays * DAY_MS;
}

async function handshakeOutput(ctx: OperationContext, org: OrganizationRecord, h: HandshakeRecord) {
  const management = await ctx.store.accounts.get(org.managementAccountId);
  const organization = [
    ...(management?.email != null ? [{ Type: 'MASTER_EMAIL', Value: management.email }] : []),
    ...(management !== undefined ? [{ Type: 'MASTER_NAME', Value: management.name }] : []),
    { Type: 'ORGANIZATION_FEATURE_SET', Value: org.featureSet === 'ALL' ? 'FULL' : 'CONSOLIDATED_BILLING' },
  ];
  return {
    Id: h.id,
    Arn: handshakeArn(org.managementAccountId, org.id, h.action, h.id),
    Parties: [
      { Id: org.id, Type: 'ORGANIZATION' },
      { Id: h.partyId, Type: h.partyType },
    ],
    State: stateOf(h, ctx.now),
    RequestedTimestamp: new Date(h.requestedAt),
    ExpirationTimestamp: new Date(h.expiresAt),
    Action: h.action,
    Resources: [
      { Type: 'ORGANIZATION', Value: org.id, Resources: organization },
      { Type: h.partyType, Value: h.partyId },
      ...(h.notes !== null ? [{ Type: 'NOTES', Value: h.notes }] : []),
    ],
  };
}

/** Whether `account` is the one a handshake was sent to (by its ID, or by its owner's email address). */
function isRecipient(h: HandshakeRecord, account: AccountRecord): boolean {
  if (h.partyType === 'ACCOUNT') return h.partyId === account.id;
  return account.email !== null && h.partyId.toLowerCase() === account.email.toLowerCase();
}

/** The handshake, its organization and the caller's part in it; HandshakeNotFoundException when the caller is no party. */
async function partyView(ctx: OperationContext, id: string) {
  const handshake = await ctx.store.organizations.getHandshake(id);
  const org = handshake === undefined ? undefined : await ctx.store.organizations.get(handshake.organizationId);
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  if (handshake === undefined || org === undefined || account === undefined || !visible(handshake, ctx.now)) throw orgErrors.handshakeNotFound();
  const sender = org.managementAccountId === account.id;
  const recipient = isRecipient(handshake, account);
  if (!sender && !recipient) throw orgErrors.handshakeNotFound();
  return { handshake, org, account, sender, recipient };
}

/** The need of an action on one handshake: its ARN when it exists. */
function handshakeNeed(action: string) {
  return async (input: { HandshakeId: string }, ctx: OperationContext): Promise<AuthorizationNeed[]> => {
    const handshake = await ctx.store.organizations.getHandshake(input.HandshakeId);
    const org = handshake === undefined ? undefined : await ctx.store.organizations.get(handshake.organizationId);
    const resource = handshake === undefined || org === undefined ? '*' : handshakeArn(org.managementAccountId, org.id, handshake.action, handshake.id);
    return [orgNeed(action, resource, ctx)];
  };
}

/** An open handshake may move to `to`; one already there, or closed otherwise, may not. */
function checkTransition(h: HandshakeRecord, now: Date, to: HandshakeRecord['state']): void {
  const state = stateOf(h, now);
  if (state === to) throw orgErrors.handshakeAlreadyInState();
  if (state !== 'OPEN') throw orgErrors.invalidHandshakeTransition();
}

const alreadyInOrganization = () =>
  orgErrors.handshakeConstraint('ALREADY_IN_AN_ORGANIZATION', 'The handshake request is invalid because the invited account is already a member of an organization.');
const organizationFull = () =>
  orgErrors.handshakeConstraint('ACCOUNT_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the limit on the number of accounts in an organization.');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The account a party names, when one of this deployment's accounts is it. */
async function accountOfParty(ctx: OperationContext, party: Party): Promise<AccountRecord | undefined> {
  if (party.Type === 'ACCOUNT') return ctx.store.accounts.get(party.Id);
  const lower = party.Id.toLowerCase();
  return (await ctx.store.accounts.list()).find((a) => a.email !== null && a.email.toLowerCase() === lower);
}

/**
 * AWS: API_InviteAccountToOrganization — from the management account, to an account by ID or by
 * its owner's email address; the recipient must not be in an organization; one open invitation
 * per target (DuplicateHandshakeException); members and open invitations together stay within the
 * account quota; tags are checked now and attached on acceptance (and need organizations:TagResource).
 */
export const InviteAccountToOrganization = defineOperation<{ Target: Party; Notes?: string; Tags?: Tag[] }>({
  service: 'organizations',
  name: 'InviteAccountToOrganization',
  readOnly: false,
  authorize: (input, ctx) => {
    const tags = tagContext(input.Tags);
    return [orgNeed('InviteAccountToOrganization', '*', ctx, tags), ...(tags !== undefined ? [orgNeed('TagResource', '*', ctx, tags)] : [])];
  },
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    const target = input.Target;
    if (target.Type === 'ACCOUNT' ? !/^\d{12}$/.test(target.Id) : target.Type !== 'EMAIL') {
      throw orgErrors.invalid('INVALID_PARTY_TYPE_TARGET', 'You specified the wrong type of entity (account, organization, or email) as a party.');
    }
    if (target.Type === 'EMAIL' && !EMAIL.test(target.Id)) {
      throw orgErrors.invalid('INVALID_EMAIL_ADDRESS_TARGET', 'You specified an invalid email address for the invited account owner.');
    }
    checkTags(input.Tags ?? []);
    const recipient = await accountOfParty(ctx, target);
    if (recipient?.organizationId != null) throw alreadyInOrganization();
    const open = (await ctx.store.organizations.handshakes(org.id)).filter((h) => stateOf(h, ctx.now) === 'OPEN');
    if (open.some((h) => h.partyType === target.Type && h.partyId.toLowerCase() === target.Id.toLowerCase())) throw orgErrors.duplicateHandshake();
    if ((await ctx.store.organizations.accounts(org.id)).length + open.length >= ORGANIZATION_QUOTAS.accounts) throw organizationFull();
    const now = ctx.now.toISOString();
    const handshake: HandshakeRecord = {
      id: newHandshakeId(),
      organizationId: org.id,
      action: 'INVITE',
      state: 'OPEN',
      partyType: target.Type === 'ACCOUNT' ? 'ACCOUNT' : 'EMAIL',
      partyId: target.Id,
      notes: input.Notes ?? null,
      tags: input.Tags ?? [],
      requestedAt: now,
      expiresAt: new Date(ctx.now.getTime() + ORGANIZATION_QUOTAS.invitationDays * DAY_MS).toISOString(),
      changedAt: now,
    };
    await ctx.store.organizations.createHandshake(handshake);
    return { Handshake: await handshakeOutput(ctx, org, handshake) };
  },
});

/** AWS: API_AcceptHandshake — by the recipient: the account joins the organization. */
export const AcceptHandshake = defineOperation<{ HandshakeId: string }>({
  service: 'organizations',
  name: 'AcceptHandshake',
  readOnly: false,
  authorize: handshakeNeed('AcceptHandshake'),
  handle: async (input, ctx) => {
    const { handshake, org, account, recipient } = await partyView(ctx, input.HandshakeId);
    if (!recipient) throw orgErrors.accessDenied();
    checkTransition(handshake, ctx.now, 'ACCEPTED');
    if (account.organizationId !== null) throw alreadyInOrganization();
    if ((await ctx.store.organizations.accounts(org.id)).length >= ORGANIZATION_QUOTAS.accounts) throw organizationFull();
    const now = ctx.now.toISOString();
    const root = await rootOf(ctx, org);
    await ctx.store.organizations.placeAccount(account.id, org.id, root.id);
    await ctx.store.organizations.join({ accountId: account.id, organizationId: org.id, joinedMethod: 'INVITED', joinedAt: now });
    await attachDefaults(ctx, org, root, account.id);
    if (handshake.tags.length > 0) await ctx.store.organizationPolicies.putTags(org.id, account.id, handshake.tags);
    await ctx.store.organizations.setHandshakeState(handshake.id, 'ACCEPTED', now);
    await publishOrgChange(ctx, org.id);
    return { Handshake: await handshakeOutput(ctx, org, { ...handshake, state: 'ACCEPTED', changedAt: now }) };
  },
});

/**
 * An operation that closes an open handshake: DeclineHandshake (AWS: by the recipient) or
 * CancelHandshake (AWS: "can be called only from the account that originated the handshake").
 */
function closingOperation(name: 'DeclineHandshake' | 'CancelHandshake', to: 'DECLINED' | 'CANCELED', by: 'recipient' | 'sender'): Operation {
  return defineOperation<{ HandshakeId: string }>({
    service: 'organizations',
    name,
    readOnly: false,
    authorize: handshakeNeed(name),
    handle: async (input, ctx) => {
      const view = await partyView(ctx, input.HandshakeId);
      if (!view[by]) throw orgErrors.accessDenied();
      checkTransition(view.handshake, ctx.now, to);
      const now = ctx.now.toISOString();
      await ctx.store.organizations.setHandshakeState(view.handshake.id, to, now);
      return { Handshake: await handshakeOutput(ctx, view.org, { ...view.handshake, state: to, changedAt: now }) };
    },
  });
}

export const DeclineHandshake = closingOperation('DeclineHandshake', 'DECLINED', 'recipient');
export const CancelHandshake = closingOperation('CancelHandshake', 'CANCELED', 'sender');

/** AWS: API_DescribeHandshake — any party to it. */
export const DescribeHandshake = defineOperation<{ HandshakeId: string }>({
  service: 'organizations',
  name: 'DescribeHandshake',
  readOnly: true,
  authorize: handshakeNeed('DescribeHandshake'),
  handle: async (input, ctx) => {
    const { handshake, org } = await partyView(ctx, input.HandshakeId);
    return { Handshake: await handshakeOutput(ctx, org, handshake) };
  },
});

/** AWS: "You can specify only one filter parameter" (MAX_FILTER_LIMIT_EXCEEDED); none of Gatehouse's handshakes has a parent. */
function matches(filter: Filter | undefined): (h: HandshakeRecord) => boolean {
  if (filter?.ActionType !== undefined && filter.ParentHandshakeId !== undefined) {
    throw orgErrors.invalid('MAX_FILTER_LIMIT_EXCEEDED', 'You can specify only one filter parameter for the operation.');
  }
  if (filter?.ParentHandshakeId !== undefined) return () => false;
  return (h) => filter?.ActionType === undefined || h.action === filter.ActionType;
}

async function listOutput(ctx: OperationContext, handshakes: readonly HandshakeRecord[], input: { Filter?: Filter } & Paging) {
  const keep = matches(input.Filter);
  const orgs = new Map<string, OrganizationRecord | undefined>();
  const out = [];
  for (const h of handshakes) {
    if (!visible(h, ctx.now) || !keep(h)) continue;
    if (!orgs.has(h.organizationId)) orgs.set(h.organizationId, await ctx.store.organizations.get(h.organizationId));
    const org = orgs.get(h.organizationId);
    if (org !== undefined) out.push(await handshakeOutput(ctx, org, h));
  }
  const page = paginate(out, input);
  return { Handshakes: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
}

/** AWS: API_ListHandshakesForAccount — the handshakes sent to the caller's account (by ID or by its email address). */
export const ListHandshakesForAccount = defineOperation<{ Filter?: Filter } & Paging>({
  service: 'organizations',
  name: 'ListHandshakesForAccount',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('ListHandshakesForAccount', '*', ctx)],
  handle: async (input, ctx) => {
    const account = await ctx.store.accounts.get(ctx.principal.accountId);
    if (account === undefined) throw orgErrors.accessDenied();
    const sent = await ctx.store.organizations.handshakesTo(account.email === null ? [account.id] : [account.id, account.email]);
    return listOutput(ctx, sent.filter((h) => isRecipient(h, account)), input);
  },
});

/** AWS: API_ListHandshakesForOrganization — the management account or a delegated administrator. */
export const ListHandshakesForOrganization = defineOperation<{ Filter?: Filter } & Paging>({
  service: 'organizations',
  name: 'ListHandshakesForOrganization',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('ListHandshakesForOrganization', '*', ctx)],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    return listOutput(ctx, await ctx.store.organizations.handshakes(org.id), input);
  },
});

export const handshakeOperations: Operation[] = [
  InviteAccountToOrganization,
  AcceptHandshake,
  DeclineHandshake,
  CancelHandshake,
  DescribeHandshake,
  ListHandshakesForAccount,
  ListHandshakesForOrganization,
];
