import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateServiceSpecificCredentialCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { X509CertificateGenerator } from '@peculiar/x509';
import { HOTP, Secret } from 'otpauth';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

type Credentials = { accessKeyId: string; secretAccessKey: string };

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

async function certificatePem(): Promise<string> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await X509CertificateGenerator.createSelfSigned({
    name: 'CN=gatehouse-users-test',
    keys,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: RSA,
  });
  return cert.toString('pem');
}

describe('IAM access keys, passwords and the password policy', () => {
  let server: TestServer;
  let iam: IAMClient;
  let offsetMs = 0;
  // A server clock frozen 5 s into a TOTP step (close to real time, so SigV4 accepts requests).
  const frozen = Math.floor(Date.now() / 30_000) * 30_000 + 5_000;
  const clientOf = (credentials: Credentials) =>
    new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: offsetMs });
  const stsOf = (credentials: Credentials) =>
    new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: offsetMs });

  before(async () => {
    server = await startTestServer({ clock: () => new Date(frozen + offsetMs) });
    iam = clientOf(server.credentials);
    await iam.send(new CreateUserCommand({ UserName: 'Kim' }));
  });
  after(async () => {
    await server.stop();
  });

  it('a key created for a user authenticates as that user; its secret is shown only once', async () => {
    const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'kim' }));
    const key = created.AccessKey!;
    assert.equal(key.UserName, 'Kim');
    assert.equal(key.Status, 'Active');
    assert.match(key.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.SecretAccessKey!.length, 40);
    const user = await iam.send(new GetUserCommand({ UserName: 'Kim' }));
    const who = await stsOf({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/Kim`);
    assert.equal(who.UserId, user.User!.UserId);
    assert.match(who.UserId!, /^AIDA/);
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'Kim' }));
    assert.deepEqual(Object.keys(listed.AccessKeyMetadata![0]!).sort(), ['AccessKeyId', 'CreateDate', 'Status', 'UserName']);
  });

  it('GetAccessKeyLastUsed: N/A before use, then the service and region of the last use', async () => {
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'Kim' }))).AccessKey!;
    const before = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
    assert.equal(before.UserName, 'Kim');
    assert.deepEqual(before.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
    await stsOf({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetCallerIdentityCommand({}));
    let used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
    for (let i = 0; i < 30 && used.AccessKeyLastUsed?.ServiceName === 'N/A'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
    }
    assert.equal(used.AccessKeyLastUsed?.ServiceName, 'sts');
    assert.equal(used.AccessKeyLastUsed?.Region, 'us-east-1');
    assert.ok(used.AccessKeyLastUsed?.LastUsedDate instanceof Date);
    const missing = await rejection(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })));
    assert.equal(missing.name, 'NoSuchEntity');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'Kim', AccessKeyId: key.AccessKeyId }));
  });

  it('AccessKeysPerUser: a third key is LimitExceeded and nothing is created', async () => {
    await iam.send(new CreateAccessKeyCommand({ UserName: 'Kim' }));
    const err = await rejection(iam.send(new CreateAccessKeyCommand({ UserName: 'Kim' })));
    assert.equal(err.name, 'LimitExceeded');
    assert.equal(err.status, 409);
    assert.equal(err.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'Kim' }))).AccessKeyMetadata!.length, 2);
    const page = await iam.send(new ListAccessKeysCommand({ UserName: 'Kim', MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    const rest = await iam.send(new ListAccessKeysCommand({ UserName: 'Kim', Marker: page.Marker }));
    assert.equal(rest.AccessKeyMetadata!.length, 1);
    assert.notEqual(rest.AccessKeyMetadata![0]!.AccessKeyId, page.AccessKeyMetadata![0]!.AccessKeyId);
    for (const key of [...page.AccessKeyMetadata!, ...rest.AccessKeyMetadata!]) {
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'Kim', AccessKeyId: key.AccessKeyId }));
    }
  });

  it('an Inactive key is refused at once, a reactivated one works, a deleted one is refused', async () => {
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'Kim' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    await stsOf(creds).send(new GetCallerIdentityCommand({}));
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'Kim', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
    const inactive = await rejection(stsOf(creds).send(new GetCallerIdentityCommand({})));
    assert.equal(inactive.name, 'InvalidClientTokenId');
    assert.equal(inactive.status, 403);
    assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'Kim' }))).AccessKeyMetadata![0]!.Status, 'Inactive');
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'Kim', AccessKeyId: key.AccessKeyId, Status: 'Active' }));
    await stsOf(creds).send(new GetCallerIdentityCommand({}));
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'Kim', AccessKeyId: key.AccessKeyId }));
    const deleted = await rejection(stsOf(creds).send(new GetCallerIdentityCommand({})));
    assert.equal(deleted.name, 'InvalidClientTokenId');
  });

  it('key operations: unknown key or wrong owner is NoSuchEntity; bad Status is a 400', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'Lee' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'Lee' }))).AccessKey!;
    const wrongOwner = await rejection(iam.send(new DeleteAccessKeyCommand({ UserName: 'Kim', AccessKeyId: key.AccessKeyId })));
    assert.equal(wrongOwner.name, 'NoSuchEntity');
    assert.equal(wrongOwner.message, `The Access Key with id ${key.AccessKeyId} cannot be found.`);
    const badStatus = await rejection(iam.send(new UpdateAccessKeyCommand({ UserName: 'Lee', AccessKeyId: key.AccessKeyId, Status: 'Paused' as 'Active' })));
    assert.equal(badStatus.status, 400);
    const noUser = await rejection(iam.send(new CreateAccessKeyCommand({ UserName: 'ghost' })));
    assert.equal(noUser.name, 'NoSuchEntity');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'Lee', AccessKeyId: key.AccessKeyId }));
  });

  it('without UserName, an IAM user manages its own keys', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'Self' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'Self' }))).AccessKey!;
    const self = clientOf({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await rejection(self.send(new ListAccessKeysCommand({})));
    assert.equal(denied.name, 'AccessDenied');
    const rootKeys = await iam.send(new ListAccessKeysCommand({}));
    assert.ok(rootKeys.AccessKeyMetadata!.some((k) => k.AccessKeyId === server.credentials.accessKeyId));
    assert.equal(rootKeys.AccessKeyMetadata![0]!.UserName, undefined);
  });

  it('password policy: NoSuchEntity when unset, replaced as a whole, deleted', async () => {
    const none = await rejection(iam.send(new GetAccountPasswordPolicyCommand({})));
    assert.equal(none.name, 'NoSuchEntity');
    assert.equal(none.message, `The Password Policy with domain name ${TEST_ACCOUNT_ID} cannot be found.`);
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireNumbers: true, MaxPasswordAge: 90, PasswordReusePrevention: 2 }));
    const got = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
    assert.equal(got.MinimumPasswordLength, 12);
    assert.equal(got.RequireNumbers, true);
    assert.equal(got.RequireSymbols, false);
    assert.equal(got.ExpirePasswords, true);
    assert.equal(got.MaxPasswordAge, 90);
    assert.equal(got.PasswordReusePrevention, 2);
    await iam.send(new UpdateAccountPasswordPolicyCommand({ RequireSymbols: true }));
    const replaced = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
    assert.equal(replaced.MinimumPasswordLength, 6);
    assert.equal(replaced.RequireNumbers, false);
    assert.equal(replaced.ExpirePasswords, false);
    assert.equal(replaced.MaxPasswordAge, undefined);
    const tooShort = await rejection(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })));
    assert.equal(tooShort.status, 400);
    const tooOld = await rejection(iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 2000 })));
    assert.equal(tooOld.status, 400);
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    const again = await rejection(iam.send(new DeleteAccountPasswordPolicyCommand({})));
    assert.equal(again.name, 'NoSuchEntity');
    assert.equal(again.message, 'The account policy with name PasswordPolicy cannot be found.');
  });

  it('login profiles: the policy is enforced, duplicates refused, reset flag updated', async () => {
    const weak = await rejection(iam.send(new CreateLoginProfileCommand({ UserName: 'Kim', Password: 'password' })));
    assert.equal(weak.name, 'PasswordPolicyViolation');
    assert.equal(weak.status, 400);
    assert.equal(weak.message, 'Password does not conform to the account password policy.');
    const missing = await rejection(iam.send(new GetLoginProfileCommand({ UserName: 'Kim' })));
    assert.equal(missing.message, 'Login Profile for User Kim cannot be found.');
    const created = await iam.send(new CreateLoginProfileCommand({ UserName: 'kim', Password: 'Start-Pass-1', PasswordResetRequired: true }));
    assert.equal(created.LoginProfile?.UserName, 'Kim');
    assert.equal(created.LoginProfile?.PasswordResetRequired, true);
    const dup = await rejection(iam.send(new CreateLoginProfileCommand({ UserName: 'Kim', Password: 'Start-Pass-1' })));
    assert.equal(dup.name, 'EntityAlreadyExists');
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'Kim', PasswordResetRequired: false }));
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'Kim' }))).LoginProfile?.PasswordResetRequired, false);
    const empty = await rejection(iam.send(new CreateLoginProfileCommand({ UserName: 'Lee', Password: '' })));
    assert.equal(empty.status, 400);
  });

  it('ChangePassword: needs permission unless the policy allows it; old password, reuse and hard expiry are enforced', async () => {
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'Kim' }))).AccessKey!;
    const kim = () => clientOf({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await rejection(kim().send(new ChangePasswordCommand({ OldPassword: 'Start-Pass-1', NewPassword: 'Next-Pass-22' })));
    assert.equal(denied.name, 'AccessDenied');
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, PasswordReusePrevention: 2, MaxPasswordAge: 1, HardExpiry: true }),
    );
    const wrong = await rejection(kim().send(new ChangePasswordCommand({ OldPassword: 'not-it', NewPassword: 'Next-Pass-22' })));
    assert.equal(wrong.status, 403);
    await kim().send(new ChangePasswordCommand({ OldPassword: 'Start-Pass-1', NewPassword: 'Next-Pass-22' }));
    const reused = await rejection(kim().send(new ChangePasswordCommand({ OldPassword: 'Next-Pass-22', NewPassword: 'Start-Pass-1' })));
    assert.equal(reused.name, 'PasswordPolicyViolation');
    await kim().send(new ChangePasswordCommand({ OldPassword: 'Next-Pass-22', NewPassword: 'Third-Pass-333' }));
    const rootTry = await rejection(iam.send(new ChangePasswordCommand({ OldPassword: 'a', NewPassword: 'b' })));
    assert.equal(rootTry.name, 'InvalidUserType');
    offsetMs = 2 * 86_400_000;
    const expired = await rejection(kim().send(new ChangePasswordCommand({ OldPassword: 'Third-Pass-333', NewPassword: 'Fourth-Pass-4444' })));
    assert.equal(expired.name, 'AccessDenied');
    offsetMs = 0;
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'Kim' }));
    const gone = await rejection(iam.send(new DeleteLoginProfileCommand({ UserName: 'Kim' })));
    assert.equal(gone.name, 'NoSuchEntity');
  });

  it('ChangePassword: of two racing changes from one old password, one succeeds and the other finds the old password changed', async () => {
    // The scrypt checks run before the write lock; the change commits only if the password they
    // checked is still the current one, else they are redone against the new one.
    await iam.send(new CreateUserCommand({ UserName: 'Racer' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'Racer', Password: 'Racer-Start-1' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'Racer' }))).AccessKey!;
    const racer = () => clientOf({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const outcomes = await Promise.allSettled(
      ['Racer-Next-A1', 'Racer-Next-B2', 'Racer-Next-C3'].map((next) =>
        racer().send(new ChangePasswordCommand({ OldPassword: 'Racer-Start-1', NewPassword: next })),
      ),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) if (o.status === 'rejected') assert.equal((o.reason as Error).message, 'The old password is incorrect.');

    // Racing resets of one user's password: each is applied, or refused as a concurrent modification.
    const resets = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => iam.send(new UpdateLoginProfileCommand({ UserName: 'Racer', Password: `Racer-Reset-${i}x` }))),
    );
    assert.ok(resets.some((r) => r.status === 'fulfilled'));
    for (const r of resets) {
      if (r.status === 'rejected')
        assert.deepEqual(
          [(r.reason as { name: string }).name, (r.reason as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode],
          ['ConcurrentModificationException', 409],
        );
    }
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'Racer' }));
  });

  it('DeleteUser refuses, in order, while credentials, policies or memberships remain', async () => {
    const U = 'Full';
    await iam.send(new CreateUserCommand({ UserName: U }));
    await iam.send(new CreateLoginProfileCommand({ UserName: U, Password: 'Full-Pass-123' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: U }))).AccessKey!;
    const cert = (await iam.send(new UploadSigningCertificateCommand({ UserName: U, CertificateBody: await certificatePem() }))).Certificate!;
    const spki = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const ssh = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: U, SSHPublicKeyBody: spki }))).SSHPublicKey!;
    const ssc = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: U, ServiceName: 'codecommit.amazonaws.com' })))
      .ServiceSpecificCredential!;
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'full-mfa' }))).VirtualMFADevice!;
    const seed = Secret.fromBase32(Buffer.from(device.Base32StringSeed!).toString('ascii'));
    const step = Math.floor(frozen / 30_000);
    const totp = (counter: number) => HOTP.generate({ secret: seed, counter, digits: 6 });
    await iam.send(
      new EnableMFADeviceCommand({ UserName: U, SerialNumber: device.SerialNumber, AuthenticationCode1: totp(step - 1), AuthenticationCode2: totp(step) }),
    );
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: U, PolicyName: 'inline', PolicyDocument: document }));
    await iam.send(new AttachUserPolicyCommand({ UserName: U, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'FullGroup' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'FullGroup', UserName: U }));

    const steps: [string, () => Promise<unknown>][] = [
      ['delete login profile', () => iam.send(new DeleteLoginProfileCommand({ UserName: U }))],
      ['delete access keys', () => iam.send(new DeleteAccessKeyCommand({ UserName: U, AccessKeyId: key.AccessKeyId }))],
      ['delete signing certificates', () => iam.send(new DeleteSigningCertificateCommand({ UserName: U, CertificateId: cert.CertificateId }))],
      ['delete SSH public keys', () => iam.send(new DeleteSSHPublicKeyCommand({ UserName: U, SSHPublicKeyId: ssh.SSHPublicKeyId }))],
      [
        'remove referenced objects',
        () => iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: U, ServiceSpecificCredentialId: ssc.ServiceSpecificCredentialId })),
      ],
      ['delete MFA device', () => iam.send(new DeactivateMFADeviceCommand({ UserName: U, SerialNumber: device.SerialNumber }))],
      ['delete policies', () => iam.send(new DeleteUserPolicyCommand({ UserName: U, PolicyName: 'inline' }))],
      ['detach all policies', () => iam.send(new DetachUserPolicyCommand({ UserName: U, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))],
      ['remove users from group', () => iam.send(new RemoveUserFromGroupCommand({ GroupName: 'FullGroup', UserName: U }))],
    ];
    for (const [what, remove] of steps) {
      const err = await rejection(iam.send(new DeleteUserCommand({ UserName: U })));
      assert.equal(err.name, 'DeleteConflict');
      assert.equal(err.status, 409);
      assert.equal(err.message, `Cannot delete entity, must ${what} first.`);
      await remove();
    }
    await iam.send(new DeleteUserCommand({ UserName: U }));
    assert.equal((await rejection(iam.send(new GetUserCommand({ UserName: U })))).name, 'NoSuchEntity');
  });
});
