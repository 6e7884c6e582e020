import { CreateAccessKeyCommand, CreateUserCommand, type IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccountCommand, DescribeCreateAccountStatusCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';

/** Credentials as the AWS SDK takes them. */
export type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** An SDK client configuration for a Gatehouse endpoint: us-east-1, no retries. */
export const clientConfig = (endpoint: string, credentials: Creds) => ({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

/** Creates an IAM user with one inline policy and returns its access key. */
export async function userWithPolicy(iam: IAMClient, userName: string, document: object): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'policy', PolicyDocument: JSON.stringify(document) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/** A session of a member account's OrganizationAccountAccessRole, assumed by `caller` (a management-account principal). */
export async function memberRoleSession(endpoint: string, caller: Creds, memberId: string, sessionName: string): Promise<Creds> {
  const session = (
    await new STSClient(clientConfig(endpoint, caller)).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`, RoleSessionName: sessionName }),
    )
  ).Credentials!;
  return { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };
}

/** Creates a member account through Organizations and waits until its creation has ended; returns the account ID, or throws. */
export async function createMemberAccount(orgs: OrganizationsClient, name: string, email = `${name}@example.com`): Promise<string> {
  const request = (await orgs.send(new CreateAccountCommand({ AccountName: name, Email: email }))).CreateAccountStatus!;
  let status = request;
  for (let i = 0; i < 50 && status.State === 'IN_PROGRESS'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request.Id! }))).CreateAccountStatus!;
  }
  if (status.State !== 'SUCCEEDED') throw new Error(`account ${name} was not created: ${status.State} ${status.FailureReason ?? ''}`);
  return status.AccountId!;
}
