import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  ListUsersCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  ListPoliciesCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { addToGroup, createAccessKey, createGroup, createUser, rejection } from './iam-policies.support.js';

const ACCT = TEST_ACCOUNT_ID;
const ALICE = `arn:aws:iam::${ACCT}:user/alice`;

function doc(effect: 'Allow' | 'Deny', action: string | string[], resource = '*'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] });
}

/**
 * Authorization from stored policies: the caller's inline, attached and group policies and its
 * permissions boundary decide, and every change takes effect on the very next request.
 * `iam:ListPolicies` (no resource) and `iam:GetPolicy` on a policy ARN are the probes: both are
 * served by the policy operations, so the test does not depend on other topics.
 */
describe('authorization from stored IAM policies', () => {
  let server: TestServer;
  let root: IAMClient;
  let alice: IAMClient;
  let probeArn: string;
  const probe = () =>
    alice.send(new CreatePolicyCommand({ PolicyName: `Probe${Math.random().toString(36).slice(2, 10)}`, PolicyDocument: doc('Allow', 's3:GetObject') }));

  before(async () => {
    server = await startTestServer();
    root = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await createUser(root, 'alice');
    await createGroup(root, 'admins');
    const key = await createAccessKey(root, 'alice');
    alice = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: key, maxAttempts: 1 });
    probeArn = `arn:aws:iam::${ACCT}:policy/Probe`;
  });
  after(async () => {
    await server.stop();
  });

  it('with no policy, the user is denied with AWS’s enhanced message (and root is allowed)', async () => {
    await root.send(new ListPoliciesCommand({ Scope: 'Local' }));
    const list = await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })));
    assert.equal(list.name, 'AccessDenied');
    assert.equal(list.status, 403);
    assert.equal(
      list.message,
      `User: ${ALICE} is not authorized to perform: iam:ListPolicies because no identity-based policy allows the iam:ListPolicies action`,
    );
    const create = await rejection(alice.send(new CreatePolicyCommand({ PolicyName: 'Probe', PolicyDocument: doc('Allow', 's3:GetObject') })));
    assert.equal(
      create.message,
      `User: ${ALICE} is not authorized to perform: iam:CreatePolicy on resource: ${probeArn} because no identity-based policy allows the iam:CreatePolicy action`,
    );
  });

  it('iam:CreateUser and iam:ListUsers: denied without a policy, allowed by one, denied again at once after detaching', async () => {
    const bob = `arn:aws:iam::${ACCT}:user/bob`;
    const create = await rejection(alice.send(new CreateUserCommand({ UserName: 'bob' })));
    assert.equal(create.name, 'AccessDenied');
    assert.equal(
      create.message,
      `User: ${ALICE} is not authorized to perform: iam:CreateUser on resource: ${bob} because no identity-based policy allows the iam:CreateUser action`,
    );
    const list = await rejection(alice.send(new ListUsersCommand({})));
    assert.match(
      list.message,
      new RegExp(`^User: ${ALICE} is not authorized to perform: iam:ListUsers.* because no identity-based policy allows the iam:ListUsers action$`),
    );
    const arn = (
      await root.send(new CreatePolicyCommand({ PolicyName: 'Users', PolicyDocument: doc('Allow', ['iam:CreateUser', 'iam:ListUsers', 'iam:DeleteUser']) }))
    ).Policy!.Arn!;
    await root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await alice.send(new CreateUserCommand({ UserName: 'bob' }));
    assert.ok((await alice.send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'bob'));
    await alice.send(new DeleteUserCommand({ UserName: 'bob' }));
    await root.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    assert.equal((await rejection(alice.send(new CreateUserCommand({ UserName: 'bob' })))).name, 'AccessDenied');
  });

  it('an attached managed policy allows, and detaching takes effect on the very next request', async () => {
    const arn = (await root.send(new CreatePolicyCommand({ PolicyName: 'IamAll', PolicyDocument: doc('Allow', 'iam:*') }))).Policy!.Arn!;
    await root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    await probe();
    await root.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    assert.equal((await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })))).name, 'AccessDenied');
  });

  it('a new default version of an attached policy applies at once', async () => {
    const arn = (await root.send(new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: doc('Allow', 'iam:ListPolicies') }))).Policy!.Arn!;
    await root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('Allow', 'iam:GetPolicy'), SetAsDefault: true }));
    assert.equal((await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })))).name, 'AccessDenied');
    await root.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    await root.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
  });

  it('a policy deleted and created again under its name applies with its new document (not the old one’s v1)', async () => {
    const arn = (await root.send(new CreatePolicyCommand({ PolicyName: 'Recreated', PolicyDocument: doc('Allow', 'iam:ListPolicies') }))).Policy!.Arn!;
    await root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    await root.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await root.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await root.send(new CreatePolicyCommand({ PolicyName: 'Recreated', PolicyDocument: doc('Allow', 'iam:GetPolicy') }));
    await root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    assert.equal((await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })))).name, 'AccessDenied');
    await root.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
  });

  it('an inline policy allows until it is deleted', async () => {
    await root.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'list', PolicyDocument: doc('Allow', 'iam:ListPolicies') }));
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    await root.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'list' }));
    assert.equal((await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })))).name, 'AccessDenied');
  });

  it('a policy of one of the user’s groups allows', async () => {
    const arn = (await root.send(new CreatePolicyCommand({ PolicyName: 'GroupList', PolicyDocument: doc('Allow', 'iam:List*') }))).Policy!.Arn!;
    await root.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: arn }));
    assert.equal((await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })))).name, 'AccessDenied');
    await addToGroup(root, 'admins', 'alice');
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    await root.send(new DetachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: arn }));
    assert.equal((await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })))).name, 'AccessDenied');
  });

  it('an explicit Deny wins over an Allow, naming the denying managed policy', async () => {
    const allow = (await root.send(new CreatePolicyCommand({ PolicyName: 'AllowIam', PolicyDocument: doc('Allow', 'iam:*') }))).Policy!.Arn!;
    const deny = (await root.send(new CreatePolicyCommand({ PolicyName: 'DenyCreate', PolicyDocument: doc('Deny', 'iam:CreatePolicy') }))).Policy!.Arn!;
    await root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: allow }));
    await root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: deny }));
    const denied = await rejection(alice.send(new CreatePolicyCommand({ PolicyName: 'Probe', PolicyDocument: doc('Allow', 's3:GetObject') })));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(
      denied.message,
      `User: ${ALICE} is not authorized to perform: iam:CreatePolicy on resource: ${probeArn} with an explicit deny in an identity-based policy: ${deny}`,
    );
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    await root.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'nolist', PolicyDocument: doc('Deny', 'iam:ListPolicies') }));
    const inline = await rejection(alice.send(new ListPoliciesCommand({ Scope: 'Local' })));
    assert.equal(inline.message, `User: ${ALICE} is not authorized to perform: iam:ListPolicies with an explicit deny in an identity-based policy`);
    await root.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'nolist' }));
    await root.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: deny }));
    await probe();
  });

  it('a permissions boundary limits what the identity policies allow', async () => {
    const boundary = (await root.send(new CreatePolicyCommand({ PolicyName: 'OnlyList', PolicyDocument: doc('Allow', 'iam:ListPolicies') }))).Policy!.Arn!;
    await root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: boundary }));
    await alice.send(new ListPoliciesCommand({ Scope: 'Local' }));
    const bounded = await rejection(alice.send(new CreatePolicyCommand({ PolicyName: 'Probe', PolicyDocument: doc('Allow', 's3:GetObject') })));
    assert.equal(
      bounded.message,
      `User: ${ALICE} is not authorized to perform: iam:CreatePolicy on resource: ${probeArn} because no permissions boundary allows the iam:CreatePolicy action`,
    );
    await root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'alice' }));
    await probe();
  });
});
