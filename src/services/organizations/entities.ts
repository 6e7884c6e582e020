import {
  BUILT_IN_POLICIES,
  ORGANIZATION_POLICY_TYPES,
  accountEntityArn,
  entityKindOf,
  organizationPolicyArn,
  ouArn,
  rootEntityArn,
} from '../../model/index.js';
import type { OrganizationPolicyType } from '../../model/index.js';
import type { AccountRecord } from '../../store/index.js';
import type { OrgPolicyRecord, OrgUnitRecord, OrganizationRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { orgErrors } from './organizationErrors.js';

/** A policy target: a root, an OU or an account of the organization. */
export interface Target {
  readonly kind: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  readonly id: string;
  readonly name: string;
  readonly arn: string;
}

export function isGuardrailType(type: string): type is OrganizationPolicyType {
  return (ORGANIZATION_POLICY_TYPES as readonly string[]).includes(type);
}

export function rootOutput(org: OrganizationRecord, root: OrgUnitRecord) {
  return {
    Id: root.id,
    Arn: rootEntityArn(org.managementAccountId, org.id, root.id),
    Name: root.name,
    PolicyTypes: root.policyTypes.map((Type) => ({ Type, Status: 'ENABLED' })),
  };
}

export function ouOutput(org: OrganizationRecord, ou: OrgUnitRecord) {
  return { Id: ou.id, Arn: ouArn(org.managementAccountId, org.id, ou.id), Name: ou.name };
}

export async function accountOutput(ctx: OperationContext, org: OrganizationRecord, account: AccountRecord) {
  const membership = await ctx.store.organizations.membership(account.id);
  return {
    Id: account.id,
    Arn: accountEntityArn(org.managementAccountId, org.id, account.id),
    ...(account.email !== null ? { Email: account.email } : {}),
    Name: account.name,
    Status: account.status,
    // AWS: Account.State (newer API) mirrors Status with CLOSED for suspended accounts.
    State: account.status === 'SUSPENDED' ? 'CLOSED' : account.status,
    JoinedMethod: membership?.joinedMethod ?? 'INVITED',
    JoinedTimestamp: new Date(membership?.joinedAt ?? account.createdAt),
  };
}

export function policyArnOf(org: OrganizationRecord, policy: OrgPolicyRecord): string {
  return organizationPolicyArn(org.managementAccountId, org.id, policy.type, policy.id, policy.awsManaged);
}

export function policySummary(org: OrganizationRecord, policy: OrgPolicyRecord) {
  return {
    Id: policy.id,
    Arn: policyArnOf(org, policy),
    Name: policy.name,
    Description: policy.description,
    Type: policy.type,
    AwsManaged: policy.awsManaged,
  };
}

export async function requirePolicy(ctx: OperationContext, org: OrganizationRecord, policyId: string): Promise<OrgPolicyRecord> {
  const policy = await ctx.store.organizationPolicies.get(org.id, policyId);
  if (policy === undefined) throw orgErrors.policyNotFound();
  return policy;
}

/** The account, when it is in this organization. */
export async function memberAccount(ctx: OperationContext, org: OrganizationRecord, accountId: string): Promise<AccountRecord | undefined> {
  const account = await ctx.store.accounts.get(accountId);
  return account?.organizationId === org.id ? account : undefined;
}

/** A root, OU or member account by id; undefined when the organization has none. */
export async function findTarget(ctx: OperationContext, org: OrganizationRecord, id: string): Promise<Target | undefined> {
  const kind = entityKindOf(id);
  if (kind === 'ACCOUNT') {
    const account = await memberAccount(ctx, org, id);
    return account === undefined ? undefined : { kind, id, name: account.name, arn: accountEntityArn(org.managementAccountId, org.id, id) };
  }
  if (kind === undefined) return undefined;
  const unit = await ctx.store.organizations.getUnit(org.id, id);
  if (unit === undefined || unit.kind !== kind) return undefined;
  return { kind, id, name: unit.name, arn: kind === 'ROOT' ? rootEntityArn(org.managementAccountId, org.id, id) : ouArn(org.managementAccountId, org.id, id) };
}

/** A root or OU that can hold children; ParentNotFoundException otherwise. */
export async function requireParent(ctx: OperationContext, org: OrganizationRecord, id: string, notFound = orgErrors.parentNotFound): Promise<OrgUnitRecord> {
  const kind = entityKindOf(id);
  const unit = kind === 'ROOT' || kind === 'ORGANIZATIONAL_UNIT' ? await ctx.store.organizations.getUnit(org.id, id) : undefined;
  if (unit === undefined) throw notFound();
  return unit;
}

/** How many OUs deep a unit is (the root is 0). */
export async function depthOf(ctx: OperationContext, org: OrganizationRecord, unit: OrgUnitRecord): Promise<number> {
  return ((await ctx.store.organizations.unitPath(org.id, unit.id))?.length ?? 1) - 1;
}

/** The organization's root; every organization has exactly one. */
export async function rootOf(ctx: OperationContext, org: OrganizationRecord): Promise<OrgUnitRecord> {
  const root = await ctx.store.organizations.root(org.id);
  if (root === undefined) throw orgErrors.rootNotFound();
  return root;
}

/**
 * AWS: when a policy type is enabled, its AWS managed full-access policy is attached to every
 * root, OU and account, and to each one created or joined later (orgs_manage_policies_scps).
 */
export async function attachDefaults(ctx: OperationContext, org: OrganizationRecord, root: OrgUnitRecord, targetId: string): Promise<void> {
  for (const type of root.policyTypes) {
    if (isGuardrailType(type)) await ctx.store.organizationPolicies.attach(org.id, BUILT_IN_POLICIES[type].id, targetId);
  }
}

/** Stores the AWS managed policies of a new organization. */
export async function seedBuiltInPolicies(ctx: OperationContext, organizationId: string): Promise<void> {
  for (const type of ORGANIZATION_POLICY_TYPES) {
    const p = BUILT_IN_POLICIES[type];
    await ctx.store.organizationPolicies.create({
      organizationId,
      id: p.id,
      type,
      name: p.name,
      description: p.description,
      content: p.content,
      awsManaged: true,
    });
  }
}
