import { createHash } from 'node:crypto';
import { ServiceError } from '../../errors.js';
import type { PermissionSetRecord, RoleRecord, SsoInstanceRecord, SsoSessionRecord } from '../../store/index.js';
import { defineOperation, readOncePerCall, type AuthorizationNeed, type ContextValue, type Operation, type OperationContext } from '../operation.js';
import { findRole, issueCredentials, roleSessionPrincipal, SAML_AUDIENCE, samlEntityId, samlProviderArn, samlProviderName } from '../shared/index.js';
import { PORTAL_AUTH_ERRORS } from './descriptor.js';

/**
 * The AWS access portal API (the SDKs' `sso` client): the accounts and roles a signed-in person
 * is assigned, credentials of those roles, and signing out. Every call carries the person's
 * access token (`x-amz-sso_bearer_token`); the credential resolver has already turned it into an
 * `IdentityCenterUser` principal.
 *
 * AWS: SSO portal API reference (ListAccounts, ListAccountRoles, GetRoleCredentials, Logout);
 * IAM Identity Center User Guide, "IAM roles created by IAM Identity Center" — a role's session is
 * named after the user, and lasts the permission set's session duration. Assignments are read on
 * every call: an assignment removed stops new credentials at once, while sessions already issued
 * last until they expire.
 */

interface PortalSession {
  readonly session: SsoSessionRecord;
  readonly instance: SsoInstanceRecord;
}

const unauthorized = () => PORTAL_AUTH_ERRORS.unknownAccessKey();
const noAccess = () => PORTAL_AUTH_ERRORS.accessDenied('No access');

/** The session the call's bearer token belongs to (the resolver has checked it is live). */
function portalSession(ctx: OperationContext, accessToken: string): Promise<PortalSession> {
  return readOncePerCall(ctx, 'portal-session', async () => {
    if (ctx.principal.type !== 'IdentityCenterUser') throw unauthorized();
    const token = await ctx.store.ssoLogins.getToken(createHash('sha256').update(accessToken, 'utf8').digest('hex'));
    const session = token === undefined ? undefined : await ctx.store.ssoLogins.getSession(token.sessionId);
    const instance = session === undefined ? undefined : await ctx.store.ssoInstances.get(session.instanceId);
    if (session === undefined || instance === undefined || session.userId !== ctx.principal.userId) throw unauthorized();
    // A token of a client that registered scopes reaches the accounts only with sso:account:access.
    if (session.scopes.length > 0 && !session.scopes.includes('sso:account:access')) throw noAccess();
    return { session, instance };
  });
}

/** The person's account assignments: their own and their groups'. */
async function assignmentsOf(ctx: OperationContext, { session, instance }: PortalSession) {
  const groups = await ctx.store.identityStore.groupIdsOf(instance.identityStoreId, session.userId);
  return ctx.store.permissionSets.listAssignments(instance.instanceId, { principalIds: [session.userId, ...groups] });
}

/** `next_token`/`max_result` over a complete, ordered list. */
function page<T>(items: readonly T[], input: { nextToken?: string; maxResults?: number }): { items: T[]; nextToken?: string } {
  let start = 0;
  if (input.nextToken !== undefined) {
    const m = /^portal:(\d+)$/.exec(Buffer.from(input.nextToken, 'base64url').toString('utf8'));
    if (m === null) throw new ServiceError('InvalidRequestException', 'The next token is invalid.');
    start = Number(m[1]);
  }
  const end = start + (input.maxResults ?? 100);
  return end < items.length ? { items: items.slice(start, end), nextToken: Buffer.from(`portal:${end}`).toString('base64url') } : { items: items.slice(start) };
}

/** AWS: ListAccounts — the accounts the person has any assignment in, with their names and email addresses. */
export const ListAccounts = defineOperation<{ accessToken: string; nextToken?: string; maxResults?: number }>({
  service: 'sso-portal',
  name: 'ListAccounts',
  readOnly: true,
  authorize: async (input, ctx) => {
    await portalSession(ctx, input.accessToken);
    return null;
  },
  handle: async (input, ctx) => {
    const portal = await portalSession(ctx, input.accessToken);
    const ids = [...new Set((await assignmentsOf(ctx, portal)).map((a) => a.accountId))].sort();
    const accounts = [];
    for (const id of ids) {
      const account = await ctx.store.accounts.get(id);
      if (account === undefined || account.status !== 'ACTIVE') continue;
      accounts.push({ accountId: account.id, accountName: account.name, ...(account.email !== null ? { emailAddress: account.email } : {}) });
    }
    const p = page(accounts, input);
    return { accountList: p.items, ...(p.nextToken !== undefined ? { nextToken: p.nextToken } : {}) };
  },
});

/** The permission sets the person is assigned in an account, by name. */
async function assignedSets(ctx: OperationContext, portal: PortalSession, accountId: string): Promise<PermissionSetRecord[]> {
  const ids = new Set((await assignmentsOf(ctx, portal)).filter((a) => a.accountId === accountId).map((a) => a.permissionSetId));
  return (await ctx.store.permissionSets.list(portal.instance.instanceId))
    .filter((s) => ids.has(s.permissionSetId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** AWS: ListAccountRoles — the roles (permission set names) the person may use in an account. */
export const ListAccountRoles = defineOperation<{ accessToken: string; accountId: string; nextToken?: string; maxResults?: number }>({
  service: 'sso-portal',
  name: 'ListAccountRoles',
  readOnly: true,
  authorize: async (input, ctx) => {
    await portalSession(ctx, input.accessToken);
    return null;
  },
  handle: async (input, ctx) => {
    const portal = await portalSession(ctx, input.accessToken);
    const roles = (await assignedSets(ctx, portal, input.accountId)).map((s) => ({ roleName: s.name, accountId: input.accountId }));
    const p = page(roles, input);
    return { roleList: p.items, ...(p.nextToken !== undefined ? { nextToken: p.nextToken } : {}) };
  },
});

/** AWS: a role session name is 2–64 of `[\w+=,.@-]`; a user name outside that is made to fit. */
export function sessionNameFor(userName: string): string {
  const name = userName.replace(/[^\w+=,.@-]/g, '_').slice(0, 64);
  return name.length >= 2 ? name : `${name}__`.slice(0, 2);
}

interface RoleRequest {
  readonly role: RoleRecord;
  readonly set: PermissionSetRecord;
  readonly sessionName: string;
  readonly providerArn: string;
}

/** The provisioned role of an assigned permission set, or ForbiddenException / ResourceNotFoundException. */
function roleRequest(ctx: OperationContext, input: { accessToken: string; accountId: string; roleName: string }): Promise<RoleRequest> {
  return readOncePerCall(ctx, 'portal-role', async () => {
    const portal = await portalSession(ctx, input.accessToken);
    const set = (await assignedSets(ctx, portal, input.accountId)).find((s) => s.name === input.roleName);
    if (set === undefined) throw noAccess();
    const provisioned = await ctx.store.permissionSets.getProvisioned(portal.instance.instanceId, set.permissionSetId, input.accountId);
    const roleArn = provisioned === undefined ? undefined : (await ctx.store.roles.get(input.accountId, provisioned.roleName))?.arn;
    const role = roleArn === undefined ? undefined : await findRole(ctx, roleArn);
    if (role === undefined) throw new ServiceError('ResourceNotFoundException', 'Could not find the role', {}, 404);
    const user = await ctx.store.identityStore.getUser(portal.instance.identityStoreId, portal.session.userId);
    if (user === undefined) throw unauthorized();
    return { role, set, sessionName: sessionNameFor(user.userName), providerArn: samlProviderArn(portal.instance, input.accountId) };
  });
}

/**
 * What GetRoleCredentials asks of the role's trust policy: `sts:AssumeRoleWithSAML` for the
 * instance's SAML provider in the account, with the keys of the assertion IAM Identity Center
 * would present (`SAML:aud` https://signin.aws.amazon.com/saml, `SAML:sub` the user name …).
 * The pipeline authorizes it through the role-trust resource rule, as it does STS's own call.
 */
async function roleNeeds(ctx: OperationContext, input: { accessToken: string; accountId: string; roleName: string }): Promise<AuthorizationNeed[]> {
  const { role, sessionName, providerArn } = await roleRequest(ctx, input);
  const { instance } = await portalSession(ctx, input.accessToken);
  const issuer = samlEntityId(instance, ctx.region);
  const providerName = samlProviderName(instance);
  const qualifier = createHash('sha1').update(`${issuer}${input.accountId}/${providerName}`).digest('base64');
  const context: Record<string, ContextValue> = {
    'saml:aud': SAML_AUDIENCE,
    'saml:iss': issuer,
    'saml:sub': ctx.principal.userName ?? sessionName,
    'saml:sub_type': 'persistent',
    'saml:namequalifier': qualifier,
    'saml:doc': `${input.accountId}/${providerName}`,
    'sts:RoleSessionName': sessionName,
  };
  const caller = { type: 'SAMLUser' as const, accountId: '', arn: providerArn, userId: `${qualifier}:${sessionName}` };
  return [{ action: 'sts:AssumeRoleWithSAML', resource: role.arn, context, caller, resourcePolicy: { arn: role.arn, document: role.trustPolicy } }];
}

/**
 * AWS: GetRoleCredentials — credentials of the permission set's role in the account, its
 * session named after the user and lasting the permission set's session duration (the role's
 * MaxSessionDuration, as provisioned); `expiration` in epoch milliseconds.
 */
export const GetRoleCredentials = defineOperation<{ accessToken: string; accountId: string; roleName: string }>({
  service: 'sso-portal',
  name: 'GetRoleCredentials',
  readOnly: true,
  authorize: (input, ctx) => roleNeeds(ctx, input),
  handle: async (input, ctx) => {
    const { role, sessionName, providerArn } = await roleRequest(ctx, input);
    const principal = await roleSessionPrincipal(ctx, role, sessionName);
    const credentials = issueCredentials(ctx, { principal, sessionName, chainDepth: 0, federatedProvider: providerArn }, role.maxSessionDuration);
    return {
      roleCredentials: {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration.getTime(),
      },
    };
  },
});

/** AWS: Logout — ends the session the token belongs to: its access and refresh tokens stop working. */
export const Logout = defineOperation<{ accessToken: string }>({
  service: 'sso-portal',
  name: 'Logout',
  readOnly: false,
  authorize: async (input, ctx) => {
    await portalSession(ctx, input.accessToken);
    return null;
  },
  handle: async (input, ctx) => {
    const { session } = await portalSession(ctx, input.accessToken);
    await ctx.store.ssoLogins.revokeSession(session.sessionId, ctx.now.toISOString());
    return {};
  },
});

export const portalOperations: Operation[] = [ListAccounts, ListAccountRoles, GetRoleCredentials, Logout];
