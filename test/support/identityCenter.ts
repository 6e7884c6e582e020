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
