import { IAMClient } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AwsCliHome } from './awscli.js';
import { startTestServer, TEST_ROOT, type TestServer } from './gatehouse.js';
import { clientConfig, createMemberAccount, memberRoleSession, userWithPolicy, type Creds } from './organizations.js';
import { SCP_BLOCKED } from './postureScenario.js';

/** A Gatehouse with an organization and a member account in an OU under an SCP, and an AWS CLI home to export them. */
export interface PostureAccount {
  readonly server: TestServer;
  readonly memberId: string;
  /** A session of the member's OrganizationAccountAccessRole. */
  readonly session: Creds;
  /** An IAM client acting in the member account. */
  readonly iam: IAMClient;
  /** Profiles `member` (that session) and `management` (the management account's root). */
  readonly home: AwsCliHome;
  stop(): Promise<void>;
}

export async function startPostureAccount(): Promise<PostureAccount> {
  const server = await startTestServer();
  const orgs = new OrganizationsClient(clientConfig(server.endpoint, server.credentials));
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const memberId = await createMemberAccount(orgs, 'workload');
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))).OrganizationalUnit!.Id!;
  await orgs.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ou }));
  const scp = await orgs.send(
    new CreatePolicyCommand({
      Name: 'no-iam-for-scp-blocked',
      Description: 'blocks one path',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify(SCP_BLOCKED),
    }),
  );
  await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: ou }));
  const ops = await userWithPolicy(new IAMClient(clientConfig(server.endpoint, server.credentials)), 'ops', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
  const session = await memberRoleSession(server.endpoint, ops, memberId, 'posture');
  const home = await AwsCliHome.create(server.endpoint);
  await home.appendCredentials(
    `[member]\naws_access_key_id = ${session.accessKeyId}\naws_secret_access_key = ${session.secretAccessKey}\naws_session_token = ${session.sessionToken}\n`,
  );
  await home.appendConfig('\n[profile member]\nregion = us-east-1\n');
  await home.addProfile('management', TEST_ROOT);
  return {
    server,
    memberId,
    session,
    iam: new IAMClient(clientConfig(server.endpoint, session)),
    home,
    async stop() {
      await server.stop();
      await home.remove();
    },
  };
}
