import { iamArn, newAccountId, newUniqueId, rootArn } from '../../model/index.js';
import type { AccountRecord } from '../../store/index.js';
import type { OrgUnitRecord, OrganizationRecord } from '../../store/index.js';
import type { OperationContext } from '../operation.js';
import { attachDefaults } from './entities.js';

/** What a new member account is created with. */
export interface NewMemberAccount {
  readonly name: string;
  readonly email: string;
  readonly roleName: string;
  readonly tags: readonly { Key: string; Value: string }[];
}

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/**
 * Creates a member account as Organizations does: a new account under the root, whose root user
 * has no credentials (no password, no access keys), and an IAM role (`OrganizationAccountAccessRole`
 * unless named otherwise) that trusts the management account and has full administrator access.
 *
 * AWS: orgs_manage_accounts_create ("Organizations creates an IAM role … that grants full
 * administrative permissions … The role trusts the management account") and
 * orgs_manage_accounts_access-cross-account-role (the trust policy's principal is the management
 * account's root ARN, `AdministratorAccess` is its permissions policy).
 */
export async function provisionMemberAccount(
  ctx: OperationContext,
  org: OrganizationRecord,
  root: OrgUnitRecord,
  input: NewMemberAccount,
): Promise<AccountRecord> {
  let id = newAccountId();
  while ((await ctx.store.accounts.get(id)) !== undefined) id = newAccountId();
  const now = ctx.now.toISOString();
  const account = await ctx.store.accounts.create({ id, name: input.name, email: input.email, organizationId: org.id, parentId: root.id, createdAt: now });
  await ctx.store.organizations.join({ accountId: id, organizationId: org.id, joinedMethod: 'CREATED', joinedAt: now });
  const trustPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: rootArn(org.managementAccountId) }, Action: 'sts:AssumeRole' }],
  });
  await ctx.store.roles.create({
    accountId: id,
    roleId: newUniqueId('role'),
    name: input.roleName,
    path: '/',
    arn: iamArn(id, 'role', '/', input.roleName),
    trustPolicy,
    maxSessionDuration: 3600,
    createdAt: now,
  });
  await ctx.store.policyAttachments.attach(id, 'role', input.roleName, ADMINISTRATOR_ACCESS);
  await attachDefaults(ctx, org, root, id);
  if (input.tags.length > 0) await ctx.store.organizationPolicies.putTags(org.id, id, input.tags);
  return account;
}

/** The account of the deployment whose email address this is (case-insensitive), if any. */
export async function accountByEmail(ctx: OperationContext, email: string): Promise<AccountRecord | undefined> {
  const lower = email.toLowerCase();
  return (await ctx.store.accounts.list()).find((a) => a.email !== null && a.email.toLowerCase() === lower);
}

/** Whether any account of the deployment already uses this email address (case-insensitive). */
export async function emailInUse(ctx: OperationContext, email: string): Promise<boolean> {
  return (await accountByEmail(ctx, email)) !== undefined;
}
