import { ORGANIZATION_QUOTAS, handshakeArn, newHandshakeId } from '../../model/index.js';
import type { AccountRecord } from '../../store/index.js';
import type { HandshakeRecord, OrganizationRecord } from '../../store/index.js';
import { requestTagContext } from '../shared/index.js';
import { defineOperation, type AuthorizationNeed, type Operation, type OperationContext } from '../operation.js';
import { managementScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { readScope } from './delegations.js';
import { attachDefaults, rootOf } from './entities.js';
import { accountByEmail } from './memberAccount.js';
import { checkTags } from './tags.js';

/**
 * Handshakes: an organization's invitations to accounts (InviteAccountToOrganization), the steps
 * of enabling all features in an organization created for consolidated billing only
 * (EnableAllFeatures), and what the parties do with them (Accept/Decline/Cancel/DescribeHandshake,
 * ListHandshakesFor…).
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

/**
 * AWS: API_Handshake, State — "REQUESTED: This handshake was sent to multiple recipients … and not
 * all recipients have responded yet." The organization's request to enable all features is
 * REQUESTED until every invited account has agreed (the management account has been sent the
 * approval), then OPEN.
 */
async function visibleState(ctx: OperationContext, h: HandshakeRecord): Promise<ReturnType<typeof stateOf> | 'REQUESTED'> {
  const state = stateOf(h, ctx.now);
  if (state !== 'OPEN' || h.action !== 'ENABLE_ALL_FEATURES' || h.partyType !== 'ORGANIZATION') return state;
  return (await partsOf(ctx, h)).some((p) => p.action === 'APPROVE_ALL_FEATURES') ? 'OPEN' : 'REQUESTED';
}

async function handshakeOutput(ctx: OperationContext, org: OrganizationRecord, h: HandshakeRecord) {
  const management = await ctx.store.accounts.get(org.managementAccountId);
  const organization = [
    ...(management?.email != null ? [{ Type: 'MASTER_EMAIL', Value: management.email }] : []),
    ...(management !== undefined ? [{ Type: 'MASTER_NAME', Value: management.name }] : []),
    { Type: 'ORGANIZATION_FEATURE_SET', Value: org.featureSet === 'ALL' ? 'FULL' : 'CONSOLIDATED_BILLING' },
  ];
  // The organization's own request to enable all features has the organization as its only party.
  const toOrganization = h.partyType === 'ORGANIZATION';
  return {
    Id: h.id,
    Arn: handshakeArn(org.managementAccountId, org.id, h.action, h.id),
    Parties: [{ Id: org.id, Type: 'ORGANIZATION' }, ...(toOrganization ? [] : [{ Id: h.partyId, Type: h.partyType }])],
    State: await visibleState(ctx, h),
    RequestedTimestamp: new Date(h.requestedAt),
    ExpirationTimestamp: new Date(h.expiresAt),
    Action: h.action,
    Resources: [
      { Type: 'ORGANIZATION', Value: org.id, Resources: organization },
      ...(toOrganization ? [] : [{ Type: h.partyType, Value: h.partyId }]),
      ...(h.parentId !== null ? [{ Type: 'PARENT_HANDSHAKE', Value: h.parentId }] : []),
      ...(h.notes !== null ? [{ Type: 'NOTES', Value: h.notes }] : []),
    ],
  };
}

/**
 * Whether `account` is the one a handshake was sent to: by its ID, or by its owner's email
 * address. The organization's own request to enable all features is answered by its management
 * account, which finalizes the change by accepting it.
 */
function isRecipient(h: HandshakeRecord, org: OrganizationRecord, account: AccountRecord): boolean {
  return h.partyType === 'ORGANIZATION' ? account.id === org.managementAccountId : sentTo(h, account);
}

/** Whether a handshake names `account` as its party, by ID or by its owner's email address. */
function sentTo(h: HandshakeRecord, account: AccountRecord): boolean {
  if (h.partyType === 'ACCOUNT') return h.partyId === account.id;
  return h.partyType === 'EMAIL' && account.email !== null && h.partyId.toLowerCase() === account.email.toLowerCase();
}

/** The handshake, its organization and the caller's part in it; HandshakeNotFoundException when the caller is no party. */
async function partyView(ctx: OperationContext, id: string) {
  const handshake = await ctx.store.organizations.getHandshake(id);
  const org = handshake === undefined ? undefined : await ctx.store.organizations.get(handshake.organizationId);
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  if (handshake === undefined || org === undefined || account === undefined || !visible(handshake, ctx.now)) throw orgErrors.handshakeNotFound();
  const sender = org.managementAccountId === account.id;
  const recipient = isRecipient(handshake, org, account);
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
  orgErrors.handshakeConstraint(
    'ALREADY_IN_AN_ORGANIZATION',
    'The handshake request is invalid because the invited account is already a member of an organization.',
  );
const organizationFull = () =>
  orgErrors.handshakeConstraint('ACCOUNT_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the limit on the number of accounts in an organization.');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The account a party names, when one of this deployment's accounts is it. */
async function accountOfParty(ctx: OperationContext, party: Party): Promise<AccountRecord | undefined> {
  return party.Type === 'ACCOUNT' ? ctx.store.accounts.get(party.Id) : accountByEmail(ctx, party.Id);
}

/**
 * AWS: API_InviteAccountToOrganization — from the management account, to an account by ID or by
 * its owner's email address; the recipient must not be in an organization; one open invitation
 * per target (DuplicateHandshakeException); members and open invitations together stay within the
 * account quota; at most 20 invitations in 24 hours (HANDSHAKE_RATE_LIMIT_EXCEEDED; AWS: "Invitations
 * sent: 20 per day", Organizations quotas); tags are checked now and attached on acceptance (and
 * need organizations:TagResource).
 */
export const InviteAccountToOrganization = defineOperation<{ Target: Party; Notes?: string; Tags?: Tag[] }>({
  service: 'organizations',
  name: 'InviteAccountToOrganization',
  readOnly: false,
  authorize: (input, ctx) => {
    const tags = requestTagContext(input.Tags);
    return [orgNeed('InviteAccountToOrganization', '*', ctx, tags), ...((input.Tags?.length ?? 0) > 0 ? [orgNeed('TagResource', '*', ctx, tags)] : [])];
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
    const sent = await ctx.store.organizations.handshakes(org.id);
    const all = sent.filter((h) => stateOf(h, ctx.now) === 'OPEN');
    if (all.some((h) => h.action === 'ENABLE_ALL_FEATURES')) {
      throw orgErrors.handshakeConstraint(
        'INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES',
        "You can't issue new invitations to join an organization while it's in the process of enabling all features. You can resume inviting accounts after you finalize the process when all accounts have agreed to the change.",
      );
    }
    const sentToday = sent.filter((h) => h.action === 'INVITE' && ctx.now.getTime() - Date.parse(h.requestedAt) < DAY_MS);
    if (sentToday.length >= ORGANIZATION_QUOTAS.invitationsPerDay) {
      throw orgErrors.handshakeConstraint('HANDSHAKE_RATE_LIMIT_EXCEEDED', 'You attempted to exceed the number of handshakes that you can send in one day.');
    }
    const open = all.filter((h) => h.action === 'INVITE');
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
      parentId: null,
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
    if (handshake.action !== 'INVITE') return { Handshake: await acceptAllFeaturesStep(ctx, org, handshake) };
    if (account.organizationId !== null) throw alreadyInOrganization();
    if ((await ctx.store.organizations.accounts(org.id)).length >= ORGANIZATION_QUOTAS.accounts) throw organizationFull();
    const now = ctx.now.toISOString();
    const root = await rootOf(ctx, org);
    await ctx.store.organizations.placeAccount(account.id, org.id, root.id);
    await ctx.store.organizations.join({ accountId: account.id, organizationId: org.id, joinedMethod: 'INVITED', joinedAt: now });
    await attachDefaults(ctx, org, root, account.id);
    if (handshake.tags.length > 0) await ctx.store.organizationPolicies.putTags(org.id, account.id, handshake.tags);
    await ctx.store.organizations.setHandshakeState(handshake.id, 'ACCEPTED', now);
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
      // Canceling the organization's request to enable all features cancels the accounts' requests and the approval.
      if (to === 'CANCELED' && view.handshake.partyType === 'ORGANIZATION') {
        for (const part of await partsOf(ctx, view.handshake)) {
          if (stateOf(part, ctx.now) === 'OPEN') await ctx.store.organizations.setHandshakeState(part.id, 'CANCELED', now);
        }
      }
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

/** A list's filter: by action, or by the handshake they are part of; AWS: "You can specify only one filter parameter" (MAX_FILTER_LIMIT_EXCEEDED). */
function matches(filter: Filter | undefined): (h: HandshakeRecord) => boolean {
  if (filter?.ActionType !== undefined && filter.ParentHandshakeId !== undefined) {
    throw orgErrors.invalid('MAX_FILTER_LIMIT_EXCEEDED', 'You can specify only one filter parameter for the operation.');
  }
  if (filter?.ParentHandshakeId !== undefined) return (h) => h.parentId === filter.ParentHandshakeId;
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
    return listOutput(
      ctx,
      sent.filter((h) => sentTo(h, account)),
      input,
    );
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

/** Days the steps of enabling all features stay open. */
const ALL_FEATURES_DAYS = 90;

/** The handshakes that are part of `parent` (the accounts' requests and the approval), oldest first. */
async function partsOf(ctx: OperationContext, parent: HandshakeRecord): Promise<HandshakeRecord[]> {
  return (await ctx.store.organizations.handshakes(parent.organizationId)).filter((h) => h.parentId === parent.id);
}

function allFeaturesStep(
  org: OrganizationRecord,
  action: HandshakeRecord['action'],
  party: Pick<HandshakeRecord, 'partyType' | 'partyId'>,
  parentId: string | null,
  now: Date,
): HandshakeRecord {
  const at = now.toISOString();
  return {
    id: newHandshakeId(),
    organizationId: org.id,
    action,
    state: 'OPEN',
    ...party,
    notes: null,
    tags: [],
    parentId,
    requestedAt: at,
    expiresAt: new Date(now.getTime() + ALL_FEATURES_DAYS * DAY_MS).toISOString(),
    changedAt: at,
  };
}

/** Once every invited account has accepted, the management account is sent the approval (APPROVE_ALL_FEATURES). */
async function approveIfAllAccepted(ctx: OperationContext, org: OrganizationRecord, parent: HandshakeRecord): Promise<void> {
  const parts = await partsOf(ctx, parent);
  if (parts.some((p) => p.action === 'APPROVE_ALL_FEATURES')) return;
  if (parts.every((p) => p.state === 'ACCEPTED')) {
    await ctx.store.organizations.createHandshake(
      allFeaturesStep(org, 'APPROVE_ALL_FEATURES', { partyType: 'ACCOUNT', partyId: org.managementAccountId }, parent.id, ctx.now),
    );
  }
}

/**
 * Accepting a step of enabling all features: an invited account's agreement (ENABLE_ALL_FEATURES
 * sent to it), or the management account's finalization (the organization's ENABLE_ALL_FEATURES
 * request, or the APPROVE_ALL_FEATURES it was sent), which needs every invited account's agreement
 * first (InvalidHandshakeTransitionException until then) and turns the feature set to ALL.
 */
async function acceptAllFeaturesStep(ctx: OperationContext, org: OrganizationRecord, handshake: HandshakeRecord) {
  const now = ctx.now.toISOString();
  const parent = handshake.parentId === null ? handshake : await ctx.store.organizations.getHandshake(handshake.parentId);
  if (parent === undefined) throw orgErrors.handshakeNotFound();
  if (handshake.action === 'ENABLE_ALL_FEATURES' && handshake.partyType === 'ACCOUNT') {
    await ctx.store.organizations.setHandshakeState(handshake.id, 'ACCEPTED', now);
    await approveIfAllAccepted(ctx, org, parent);
    return handshakeOutput(ctx, org, { ...handshake, state: 'ACCEPTED', changedAt: now });
  }
  checkTransition(parent, ctx.now, 'ACCEPTED');
  const parts = await partsOf(ctx, parent);
  const approval = parts.find((p) => p.action === 'APPROVE_ALL_FEATURES');
  if (approval === undefined || stateOf(approval, ctx.now) !== 'OPEN') throw orgErrors.invalidHandshakeTransition();
  await ctx.store.organizations.setHandshakeState(approval.id, 'ACCEPTED', now);
  await ctx.store.organizations.setHandshakeState(parent.id, 'ACCEPTED', now);
  await ctx.store.organizations.setFeatureSet(org.id, 'ALL');
  const finalized = { ...org, featureSet: 'ALL' as const };
  return handshakeOutput(ctx, finalized, { ...handshake, state: 'ACCEPTED', changedAt: now });
}

/**
 * AWS: API_EnableAllFeatures — from the management account of an organization created with only
 * consolidated billing: "sends a handshake to every invited account in the organization" (created
 * accounts' approval "is inferred"); "after all invited member accounts accept the handshake, you
 * finalize the feature set change by accepting the handshake that contains "Action":
 * "ENABLE_ALL_FEATURES"". Returns the organization's request. An organization with all features is
 * ORGANIZATION_ALREADY_HAS_ALL_FEATURES; one already enabling them,
 * ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION. While it is pending, no invitations.
 */
export const EnableAllFeatures = defineOperation<Record<string, never>>({
  service: 'organizations',
  name: 'EnableAllFeatures',
  readOnly: false,
  authorize: (_input, ctx) => [orgNeed('EnableAllFeatures', '*', ctx)],
  handle: async (_input, ctx) => {
    const { org } = await managementScope(ctx);
    if (org.featureSet === 'ALL') {
      throw orgErrors.handshakeConstraint(
        'ORGANIZATION_ALREADY_HAS_ALL_FEATURES',
        'The handshake request is invalid because the organization has already enabled all features.',
      );
    }
    const pending = (await ctx.store.organizations.handshakes(org.id)).some(
      (h) => h.action === 'ENABLE_ALL_FEATURES' && h.partyType === 'ORGANIZATION' && stateOf(h, ctx.now) === 'OPEN',
    );
    if (pending) {
      throw orgErrors.handshakeConstraint(
        'ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION',
        'The handshake request is invalid because the organization has already started the process to enable all features.',
      );
    }
    const request = allFeaturesStep(org, 'ENABLE_ALL_FEATURES', { partyType: 'ORGANIZATION', partyId: org.id }, null, ctx.now);
    await ctx.store.organizations.createHandshake(request);
    for (const account of await ctx.store.organizations.accounts(org.id)) {
      if (account.id === org.managementAccountId || (await ctx.store.organizations.membership(account.id))?.joinedMethod !== 'INVITED') continue;
      await ctx.store.organizations.createHandshake(
        allFeaturesStep(org, 'ENABLE_ALL_FEATURES', { partyType: 'ACCOUNT', partyId: account.id }, request.id, ctx.now),
      );
    }
    await approveIfAllAccepted(ctx, org, request);
    return { Handshake: await handshakeOutput(ctx, org, request) };
  },
});

export const handshakeOperations: Operation[] = [
  EnableAllFeatures,
  InviteAccountToOrganization,
  AcceptHandshake,
  DeclineHandshake,
  CancelHandshake,
  DescribeHandshake,
  ListHandshakesForAccount,
  ListHandshakesForOrganization,
];
