import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IAMClient, CreateUserCommand, ListUsersCommand, DeleteUserCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ServiceError } from '../errors.js';
import { startTestServer, TEST_CLIENT_CONFIG, type TestServer } from '../../test/support/protocolServer.js';

const created = new Date('2026-01-02T03:04:05Z');

describe('query protocol with the real AWS SDK v3 (IAM, STS)', () => {
  let server: TestServer;
  let iam: IAMClient;
  let sts: STSClient;

  before(async () => {
    server = await startTestServer(({ operation, input }) => {
      switch (operation) {
        case 'CreateUser':
          return {
            User: {
              Path: '/',
              UserName: input.UserName,
              UserId: 'AIDAEXAMPLE1234567890',
              Arn: `arn:aws:iam::123456789012:user/${String(input.UserName)}`,
              CreateDate: created,
              Tags: input.Tags,
            },
          };
        case 'ListUsers':
          return {
            Users: [{ Path: '/', UserName: 'a&b', UserId: 'AIDA1', Arn: 'arn:aws:iam::123456789012:user/a&b', CreateDate: created }],
            IsTruncated: true,
            Marker: `next-${String(input.Marker)}-${String(input.MaxItems)}`,
          };
        case 'DeleteUser':
          throw new ServiceError('NoSuchEntity', `The user with name ${String(input.UserName)} cannot be found.`);
        case 'GetCallerIdentity':
          return { UserId: 'AIDAEXAMPLE', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' };
        case 'AssumeRole':
          return {
            Credentials: {
              AccessKeyId: 'ASIAEXAMPLE',
              SecretAccessKey: 'secret',
              SessionToken: 'token',
              Expiration: new Date('2026-01-02T04:04:05Z'),
            },
            AssumedRoleUser: { AssumedRoleId: 'AROA1:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
            PackedPolicySize: 6,
          };
        default:
          return {};
      }
    });
    iam = new IAMClient({ ...TEST_CLIENT_CONFIG, endpoint: server.endpoint });
    sts = new STSClient({ ...TEST_CLIENT_CONFIG, endpoint: server.endpoint });
  });

  after(async () => {
    iam.destroy();
    sts.destroy();
    await server.close();
  });

  test('CreateUser with Tags decodes the list and the SDK parses the User back', async () => {
    const out = await iam.send(
      new CreateUserCommand({
        UserName: 'alice',
        Tags: [
          { Key: 'team', Value: 'x:y/z' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    const call = server.calls.at(-1)!;
    assert.equal(call.service, 'iam');
    assert.deepEqual(call.input, {
      UserName: 'alice',
      Tags: [
        { Key: 'team', Value: 'x:y/z' },
        { Key: 'env', Value: 'prod' },
      ],
    });
    assert.equal(out.User?.UserName, 'alice');
    assert.deepEqual(out.User?.CreateDate, created);
    assert.deepEqual(out.User?.Tags, [
      { Key: 'team', Value: 'x:y/z' },
      { Key: 'env', Value: 'prod' },
    ]);
    assert.equal(out.$metadata.requestId, `req-${server.calls.length}`);
  });

  test('ListUsers passes Marker and MaxItems (integer) and reads IsTruncated and escaped text', async () => {
    const out = await iam.send(new ListUsersCommand({ Marker: 'm1', MaxItems: 5 }));
    assert.deepEqual(server.calls.at(-1)!.input, { Marker: 'm1', MaxItems: 5 });
    assert.equal(out.IsTruncated, true);
    assert.equal(out.Marker, 'next-m1-5');
    assert.equal(out.Users?.[0]?.UserName, 'a&b');
  });

  test('a validation failure reaches the SDK as ValidationError with status 400', async () => {
    // A user name IAM checks itself, in its own words; a model constraint, in Coral's summary.
    await assert.rejects(iam.send(new CreateUserCommand({ UserName: 'bad name!' })), (err: any) => {
      assert.equal(err.name, 'ValidationError');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.message, 'The specified value for userName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-');
      return true;
    });
    await assert.rejects(iam.send(new CreateUserCommand({ UserName: 'a'.repeat(65) })), (err: any) => {
      assert.equal(err.name, 'ValidationError');
      assert.equal(
        err.message,
        `1 validation error detected: Value '${'a'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      );
      return true;
    });
  });

  test('a handler error reaches the SDK with its code, status and message', async () => {
    await assert.rejects(iam.send(new DeleteUserCommand({ UserName: 'ghost' })), (err: any) => {
      assert.equal(err.name, 'NoSuchEntityException');
      assert.equal(err.$metadata.httpStatusCode, 404);
      assert.equal(err.message, 'The user with name ghost cannot be found.');
      return true;
    });
  });

  test('GetCallerIdentity round-trips', async () => {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(server.calls.at(-1)!.service, 'sts');
    assert.equal(out.Account, '123456789012');
    assert.equal(out.Arn, 'arn:aws:iam::123456789012:user/alice');
  });

  test('AssumeRole decodes Tags and PolicyArns lists and returns Date credentials', async () => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        RoleSessionName: 'sess',
        DurationSeconds: 900,
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::123456789012:policy/p' }],
        Tags: [{ Key: 'project', Value: 'blue' }],
        TransitiveTagKeys: ['project'],
      }),
    );
    assert.deepEqual(server.calls.at(-1)!.input, {
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      RoleSessionName: 'sess',
      DurationSeconds: 900,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::123456789012:policy/p' }],
      Tags: [{ Key: 'project', Value: 'blue' }],
      TransitiveTagKeys: ['project'],
    });
    assert.deepEqual(out.Credentials?.Expiration, new Date('2026-01-02T04:04:05Z'));
    assert.equal(out.PackedPolicySize, 6);
    assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::123456789012:assumed-role/r/s');
  });
});
