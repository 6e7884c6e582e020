/**
 * IAM answers as AWS answers them, found by external suites: each case is AWS's recorded or
 * documented answer (cited beside it), through the SDK.
 */
import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  GetInstanceProfileCommand,
  IAMClient,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  RemoveUserFromGroupCommand,
  SimulateCustomPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const ALICE = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`;

/** The SDK's error for a wire code (modeled errors get an `Exception` suffix), its status and message. */
async function rejects(promise: Promise<unknown>, code: string, status: number, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (err: Error & { $metadata: { httpStatusCode: number } }) => {
    assert.ok([code, `${code}Exception`].includes(err.name), `expected ${code}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('IAM answers as AWS does', () => {
  let server: TestServer;
  let iam: IAMClient;

  before(async () => {
    server = await startTestServer();
    iam = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  describe('the policy simulator', () => {
    it('simulates a policy of Version 2008-10-17, its variables left literal', async () => {
      const policy = JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }] });
      const out = await iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [policy], ActionNames: ['s3:GetObject'], CallerArn: ALICE,
        ResourceArns: ['arn:aws:s3:::home/${aws:username}/notes', 'arn:aws:s3:::home/alice/notes'],
      }));
      assert.deepEqual(out.EvaluationResults!.map((r) => [r.EvalResourceName, r.EvalDecision]), [
        ['arn:aws:s3:::home/${aws:username}/notes', 'allowed'],
        ['arn:aws:s3:::home/alice/notes', 'implicitDeny'],
      ]);
    });

    it("a resource policy's Deny with NotPrincipal naming the caller spares the caller (CallerArn), not others", async () => {
      const resourcePolicy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: ALICE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::vault/*' }],
      });
      const allow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
      const as = async (caller: string) =>
        (await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [allow], ResourcePolicy: resourcePolicy, CallerArn: caller, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::vault/k'] })))
          .EvaluationResults![0]!.EvalDecision;
      assert.equal(await as(ALICE), 'allowed');
      assert.equal(await as(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob`), 'explicitDeny');
    });
  });

  it('GetInstanceProfile lists Tags, empty when there are none', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
    const out = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
    assert.deepEqual(out.InstanceProfile!.Tags, []);
  });

  it('every paginated list answers a marker it did not hand out with ValidationError "Invalid Marker."; its own markers still page', async () => {
    for (const call of [
      iam.send(new ListVirtualMFADevicesCommand({ Marker: '100' })),
      iam.send(new ListUsersCommand({ Marker: 'zzz' })),
      iam.send(new ListPoliciesCommand({ Marker: 'bm90LWEtbWFya2Vy' })),
      iam.send(new ListGroupsForUserCommand({ UserName: 'alice', Marker: '1' })),
    ]) {
      await rejects(call, 'ValidationError', 400, 'Invalid Marker.');
    }
    await iam.send(new CreateUserCommand({ UserName: 'zed' }));
    const first = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(new ListUsersCommand({ MaxItems: 1, Marker: first.Marker }));
    assert.deepEqual(second.Users!.map((u) => u.UserName), ['zed']);
  });

  it('Add/RemoveUserFromGroup report the missing user before the missing group', async () => {
    await rejects(iam.send(new AddUserToGroupCommand({ GroupName: 'nogroup', UserName: 'nouser' })), 'NoSuchEntity', 404, 'The user with name nouser cannot be found.');
    await rejects(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'nogroup', UserName: 'nouser' })), 'NoSuchEntity', 404, 'The user with name nouser cannot be found.');
    await rejects(iam.send(new AddUserToGroupCommand({ GroupName: 'nogroup', UserName: 'alice' })), 'NoSuchEntity', 404, 'The group with name nogroup cannot be found.');
  });

  describe('CreateOpenIDConnectProvider', () => {
    const thumbprint = (n: number) => n.toString(16).padStart(40, '0');
    it('more than five thumbprints is InvalidInput in AWS\'s words', async () => {
      await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example.com', ThumbprintList: [1, 2, 3, 4, 5, 6].map(thumbprint) })),
        'InvalidInput', 400, 'Thumbprint list must contain fewer than 5 entries.');
    });
    it('a bad list member names the list and every constraint of its members', async () => {
      await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example.com', ThumbprintList: ['abc'] })), 'ValidationError', 400,
        "1 validation error detected: Value '[abc]' at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]");
      await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example.com', ThumbprintList: [thumbprint(1)], ClientIDList: ['ok', ''] })), 'ValidationError', 400,
        "1 validation error detected: Value '[ok, ]' at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]");
    });
  });

  it("a bad Path, user or role name gets IAM's own sentence", async () => {
    const path = 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.';
    await rejects(iam.send(new CreateUserCommand({ UserName: 'p1', Path: 'bad' })), 'ValidationError', 400, path);
    await rejects(iam.send(new CreateGroupCommand({ GroupName: 'g1', Path: '/a//b/' })), 'ValidationError', 400, path);
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'bad/name', AssumeRolePolicyDocument: '{}' })), 'ValidationError', 400,
      'The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-');
    // A length the model refuses is still the model's summary.
    await rejects(iam.send(new CreateUserCommand({ UserName: 'p2', Path: `/${'a'.repeat(600)}/` })), 'ValidationError', 400, /^1 validation error detected: Value '\/a+\/' at 'path' failed to satisfy constraint: Member must have length less than or equal to 512$/);
  });

  it('a virtual MFA device name in use is "MFA device already exists."', async () => {
    await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone' }));
    await rejects(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone' })), 'EntityAlreadyExists', 409, 'MFA device already exists.');
  });

  it("password policy validation errors come in AWS's order", async () => {
    await rejects(iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1096, MinimumPasswordLength: 129, PasswordReusePrevention: 25 })), 'ValidationError', 400,
      "3 validation errors detected: Value '129' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; " +
        "Value '25' at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24; " +
        "Value '1096' at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095");
  });
});
