import { CreateOrganizationCommand, EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { clientConfig, createMemberAccount, type Creds } from './organizations.js';

/** An organization with IAM Identity Center enabled: its instance, identity store and member accounts. */
export interface IdentityCenterSetup {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly members: readonly string[];
  readonly admin: SSOAdminClient;
  readonly identityStore: IdentitystoreClient;
  readonly orgs: OrganizationsClient;
}

/**
 * Creates an organization (all features) with `memberNames` member accounts, enables trusted
 * access for IAM Identity Center (which creates the organization instance) and returns clients
 * of the management account's `credentials`.
 */
export async function enableIdentityCenter(endpoint: string, credentials: Creds, memberNames: readonly string[] = []): Promise<IdentityCenterSetup> {
  const orgs = new OrganizationsClient(clientConfig(endpoint, credentials));
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const members: string[] = [];
  for (const name of memberNames) members.push(await createMemberAccount(orgs, name));
  await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' }));
  const admin = new SSOAdminClient(clientConfig(endpoint, credentials));
  const instance = (await admin.send(new ListInstancesCommand({}))).Instances![0]!;
  return {
    instanceArn: instance.InstanceArn!,
    identityStoreId: instance.IdentityStoreId!,
    members,
    admin,
    identityStore: new IdentitystoreClient(clientConfig(endpoint, credentials)),
    orgs,
  };
}

/** A person of the identity store with a password and a permission set assigned in an account. */
export interface AssignedUser {
  readonly userId: string;
  readonly userName: string;
  readonly password: string;
  readonly permissionSetArn: string;
  readonly permissionSetName: string;
  readonly accountId: string;
}

/**
 * Creates a user with a password (through the directory extension), a permission set with
 * `inlinePolicy` (and `managedPolicies`), and assigns it to the user in `accountId`.
 */
export async function assignedUser(
  ic: IdentityCenterSetup,
  directory: { send(operation: string, input: Record<string, unknown>): Promise<unknown> },
  options: {
    userName: string;
    password: string;
    permissionSetName: string;
    accountId: string;
    inlinePolicy?: object;
    managedPolicies?: string[];
    sessionDuration?: string;
  },
): Promise<AssignedUser> {
  const { CreateUserCommand } = await import('@aws-sdk/client-identitystore');
  const { AttachManagedPolicyToPermissionSetCommand, CreateAccountAssignmentCommand, CreatePermissionSetCommand, PutInlinePolicyToPermissionSetCommand } =
    await import('@aws-sdk/client-sso-admin');
  const userId = (
    await ic.identityStore.send(
      new CreateUserCommand({
        IdentityStoreId: ic.identityStoreId,
        UserName: options.userName,
        DisplayName: options.userName,
        Emails: [{ Value: `${options.userName}@example.com`, Primary: true }],
      }),
    )
  ).UserId!;
  await directory.send('UpdatePassword', { IdentityStoreId: ic.identityStoreId, UserId: userId, Password: options.password });
  const set = (
    await ic.admin.send(
      new CreatePermissionSetCommand({
        InstanceArn: ic.instanceArn,
        Name: options.permissionSetName,
        ...(options.sessionDuration !== undefined ? { SessionDuration: options.sessionDuration } : {}),
      }),
    )
  ).PermissionSet!;
  const target = { InstanceArn: ic.instanceArn, PermissionSetArn: set.PermissionSetArn! };
  if (options.inlinePolicy !== undefined)
    await ic.admin.send(new PutInlinePolicyToPermissionSetCommand({ ...target, InlinePolicy: JSON.stringify(options.inlinePolicy) }));
  for (const arn of options.managedPolicies ?? []) await ic.admin.send(new AttachManagedPolicyToPermissionSetCommand({ ...target, ManagedPolicyArn: arn }));
  const status = (
    await ic.admin.send(
      new CreateAccountAssignmentCommand({ ...target, TargetId: options.accountId, TargetType: 'AWS_ACCOUNT', PrincipalType: 'USER', PrincipalId: userId }),
    )
  ).AccountAssignmentCreationStatus!;
  if (status.Status !== 'SUCCEEDED') throw new Error(`assignment failed: ${status.FailureReason}`);
  return {
    userId,
    userName: options.userName,
    password: options.password,
    permissionSetArn: set.PermissionSetArn!,
    permissionSetName: set.Name!,
    accountId: options.accountId,
  };
}

/** The start URL of the instance at Gatehouse's endpoint. */
export function startUrl(endpoint: string, identityStoreId: string): string {
  return `${endpoint}/start/${identityStoreId}`;
}
