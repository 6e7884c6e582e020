import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateRoleCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  CreatePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { clientConfig, createMemberAccount, memberRoleSession, userWithPolicy, type Creds } from '../support/organizations.js';
import { s3Client, s3Error } from '../support/s3.js';

const ACCT = TEST_ACCOUNT_ID;
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/**
 * S3 authorization beyond the matrix: S3's condition keys as requests carry them (s3:prefix,
 * s3:ExistingObjectTag, s3:RequestObjectTag, s3:x-amz-server-side-encryption) and global ones
 * (aws:SourceIp, aws:SecureTransport, aws:Referer, aws:PrincipalArn), NotPrincipal, explicit
 * denies, the owner's root and its bucket policy, and every other layer applying as for any call
 * (permissions boundaries, session policies, SCPs and RCPs). AWS: S3 User Guide, "Amazon S3
 * condition key examples", "Bucket policy examples"; IAM User Guide, "Policy evaluation logic".
 */
describe('S3 authorization: condition keys, principals and every policy layer', () => {
  let server: TestServer;
  let root: S3Client;
  let iam: IAMClient;
  let admin: Creds;
  const bucket = 'authz-bucket';

  before(async () => {
    server = await startTestServer();
    root = s3Client(server.endpoint, server.credentials);
    iam = new IAMClient(clientConfig(server.endpoint, server.credentials));
    admin = await userWithPolicy(iam, 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await root.send(new CreateBucketCommand({ Bucket: bucket }));
    await root.send(new PutObjectCommand({ Bucket: bucket, Key: 'home/alice/notes.txt', Body: 'alice', Tagging: 'team=blue' }));
    await root.send(new PutObjectCommand({ Bucket: bucket, Key: 'home/bob/notes.txt', Body: 'bob', Tagging: 'team=red' }));
  });
  after(async () => {
    root.destroy();
    await server.stop();
  });

  it('s3:prefix: a user may list only under home/<its name>/', async () => {
    const alice = s3Client(
      server.endpoint,
      await userWithPolicy(iam, 'alice', {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: `arn:aws:s3:::${bucket}`,
            Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } },
          },
        ],
      }),
    );
    const own = await alice.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'home/alice/' }));
    assert.deepEqual(
      own.Contents?.map((o) => o.Key),
      ['home/alice/notes.txt'],
    );
    const all = await s3Error(alice.send(new ListObjectsV2Command({ Bucket: bucket })));
    assert.equal(all.name, 'AccessDenied');
    assert.equal(
      all.message,
      `User: arn:aws:iam::${ACCT}:user/alice is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${bucket}" because no identity-based policy allows the s3:ListBucket action`,
    );
    assert.equal((await s3Error(alice.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'home/bob/' })))).name, 'AccessDenied');
  });

  it('s3:ExistingObjectTag and s3:RequestObjectTag', async () => {
    const blue = s3Client(
      server.endpoint,
      await userWithPolicy(iam, 'blue', {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${bucket}/*`,
            Condition: { StringEquals: { 's3:ExistingObjectTag/team': 'blue' } },
          },
          {
            Effect: 'Allow',
            Action: ['s3:PutObject', 's3:PutObjectTagging'],
            Resource: `arn:aws:s3:::${bucket}/*`,
            Condition: { StringEquals: { 's3:RequestObjectTag/team': 'blue' } },
          },
        ],
      }),
    );
    assert.equal(await (await blue.send(new GetObjectCommand({ Bucket: bucket, Key: 'home/alice/notes.txt' }))).Body!.transformToString(), 'alice');
    assert.equal((await s3Error(blue.send(new GetObjectCommand({ Bucket: bucket, Key: 'home/bob/notes.txt' })))).name, 'AccessDenied');
    await blue.send(new PutObjectCommand({ Bucket: bucket, Key: 'blue.txt', Body: 'b', Tagging: 'team=blue' }));
    assert.equal((await s3Error(blue.send(new PutObjectCommand({ Bucket: bucket, Key: 'red.txt', Body: 'r', Tagging: 'team=red' })))).name, 'AccessDenied');
    assert.equal((await s3Error(blue.send(new PutObjectCommand({ Bucket: bucket, Key: 'untagged.txt', Body: 'u' })))).name, 'AccessDenied');
  });

  it('bucket policy conditions: aws:SourceIp, aws:SecureTransport, s3:x-amz-server-side-encryption; an explicit deny beats an identity Allow', async () => {
    const writer = s3Client(server.endpoint, admin);
    const put = (key: string, sse?: 'AES256' | 'aws:kms') =>
      writer.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x', ...(sse !== undefined ? { ServerSideEncryption: sse } : {}) }));
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: policy({
          Sid: 'RequireKms',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        }),
      }),
    );
    const plain = await s3Error(put('plain.txt'));
    assert.equal(
      plain.message,
      `User: arn:aws:iam::${ACCT}:user/admin is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${bucket}/plain.txt" with an explicit deny in a resource-based policy`,
    );
    await put('kms.txt', 'aws:kms');
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: policy({
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        }),
      }),
    );
    assert.equal((await s3Error(writer.send(new GetObjectCommand({ Bucket: bucket, Key: 'kms.txt' })))).name, 'AccessDenied', 'the test comes from 127.0.0.1');
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: policy({
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      }),
    );
    assert.equal((await s3Error(writer.send(new GetObjectCommand({ Bucket: bucket, Key: 'kms.txt' })))).name, 'AccessDenied', 'the test uses HTTP');
    await root.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  });

  it('aws:Referer lets anonymous browsers read; NotPrincipal denies everyone but the one it names', async () => {
    const site = 'referer-bucket';
    await root.send(new CreateBucketCommand({ Bucket: site }));
    await root.send(new DeletePublicAccessBlockCommand({ Bucket: site }));
    await root.send(new PutObjectCommand({ Bucket: site, Key: 'img.png', Body: 'png' }));
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: site,
        Policy: policy(
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${site}/*`,
            Condition: { StringLike: { 'aws:Referer': 'https://www.example.com/*' } },
          },
          { Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${ACCT}:user/admin`, ACCT] }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${site}/*` },
        ),
      }),
    );
    const withReferer = await fetch(`${server.endpoint}/${site}/img.png`, { headers: { referer: 'https://www.example.com/page.html' } });
    assert.equal(await withReferer.text(), 'png');
    const without = await fetch(`${server.endpoint}/${site}/img.png`);
    assert.equal(without.status, 403);
    await s3Client(server.endpoint, admin).send(new PutObjectCommand({ Bucket: site, Key: 'by-admin', Body: 'x' }));
    const other = s3Client(
      server.endpoint,
      await userWithPolicy(iam, 'writer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
    );
    const denied = await s3Error(other.send(new PutObjectCommand({ Bucket: site, Key: 'by-writer', Body: 'x' })));
    assert.match(denied.message, /with an explicit deny in a resource-based policy$/);
  });

  it('the owner’s root is bound by its bucket policy’s Deny, except to read, write or delete that policy', async () => {
    const locked = 'locked-bucket';
    await root.send(new CreateBucketCommand({ Bucket: locked }));
    await root.send(new PutObjectCommand({ Bucket: locked, Key: 'k', Body: 'x' }));
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: locked,
        Policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${locked}`, `arn:aws:s3:::${locked}/*`] }),
      }),
    );
    const read = await s3Error(root.send(new GetObjectCommand({ Bucket: locked, Key: 'k' })));
    assert.equal(
      read.message,
      `User: arn:aws:iam::${ACCT}:root is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${locked}/k" with an explicit deny in a resource-based policy`,
    );
    assert.ok((await root.send(new GetBucketPolicyCommand({ Bucket: locked }))).Policy);
    await root.send(new DeleteBucketPolicyCommand({ Bucket: locked }));
    assert.equal(await (await root.send(new GetObjectCommand({ Bucket: locked, Key: 'k' }))).Body!.transformToString(), 'x');
    const adminDenied = s3Client(server.endpoint, admin);
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: locked,
        Policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${locked}`, `arn:aws:s3:::${locked}/*`] }),
      }),
    );
    assert.equal(
      (await s3Error(adminDenied.send(new DeleteBucketPolicyCommand({ Bucket: locked })))).name,
      'AccessDenied',
      'only the root user escapes the Deny',
    );
    await root.send(new DeleteBucketPolicyCommand({ Bucket: locked }));
  });

  it('a permissions boundary and a session policy limit S3 as any call', async () => {
    await iam.send(new CreatePolicyCommand({ PolicyName: 'ListOnly', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }) }));
    const bounded = await userWithPolicy(iam, 'bounded', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: `arn:aws:iam::${ACCT}:policy/ListOnly` }));
    const b = s3Client(server.endpoint, bounded);
    await b.send(new ListObjectsV2Command({ Bucket: bucket }));
    assert.match((await s3Error(b.send(new GetObjectCommand({ Bucket: bucket, Key: 'home/alice/notes.txt' })))).message, /permissions boundary/);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'reader',
        AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 's3', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
    );
    const session = (
      await new STSClient(clientConfig(server.endpoint, admin)).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ACCT}:role/reader`,
          RoleSessionName: 'limited',
          Policy: policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }),
        }),
      )
    ).Credentials!;
    const s = s3Client(server.endpoint, { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! });
    await s.send(new ListObjectsV2Command({ Bucket: bucket }));
    assert.match((await s3Error(s.send(new GetObjectCommand({ Bucket: bucket, Key: 'home/alice/notes.txt' })))).message, /session policy/);
  });

  it('deleting a user a bucket policy names rewrites the policy to the user’s unique ID (a new user of that name gets nothing)', async () => {
    const named = 'binding-bucket';
    await root.send(new CreateBucketCommand({ Bucket: named }));
    const key = await userWithPolicy(iam, 'transient', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    const arn = `arn:aws:iam::${ACCT}:user/transient`;
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: named,
        Policy: policy({ Effect: 'Allow', Principal: { AWS: arn }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${named}/*` }),
      }),
    );
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'transient', PolicyName: 'policy' }));
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'transient', AccessKeyId: key.accessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'transient' }));
    const stored = JSON.parse((await root.send(new GetBucketPolicyCommand({ Bucket: named }))).Policy!) as { Statement: { Principal: { AWS: string } }[] };
    assert.match(stored.Statement[0]!.Principal.AWS, /^AIDA[A-Z2-7]{17}$/);
  });

  it('SCPs and RCPs apply to S3: a member account’s SCP denies its user, its RCP denies access to its bucket', async () => {
    const orgs = new OrganizationsClient(clientConfig(server.endpoint, server.credentials));
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const member = await createMemberAccount(orgs, 'member');
    const memberSession = await memberRoleSession(server.endpoint, admin, member, 'setup');
    const memberS3 = s3Client(server.endpoint, memberSession);
    await memberS3.send(new CreateBucketCommand({ Bucket: 'member-bucket' }));
    await memberS3.send(new PutObjectCommand({ Bucket: 'member-bucket', Key: 'k', Body: 'member' }));
    await memberS3.send(new DeletePublicAccessBlockCommand({ Bucket: 'member-bucket' }));
    await memberS3.send(
      new PutBucketPolicyCommand({
        Bucket: 'member-bucket',
        Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::member-bucket/*' }),
      }),
    );
    assert.equal(await (await fetch(`${server.endpoint}/member-bucket/k`)).text(), 'member', 'public before the RCP');
    const rcp = await orgs.send(
      new CreateOrgPolicyCommand({
        Name: 'OrgOnly',
        Type: 'RESOURCE_CONTROL_POLICY',
        Description: 'only the organization',
        Content: policy({
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-none' }, Null: { 'aws:PrincipalAccount': 'true' } },
        }),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp.Policy!.PolicySummary!.Id!, TargetId: member }));
    const anonymous = await fetch(`${server.endpoint}/member-bucket/k`);
    assert.equal(anonymous.status, 403, 'the RCP denies anonymous access despite the public bucket policy');
    const scp = await orgs.send(
      new CreateOrgPolicyCommand({
        Name: 'NoS3Reads',
        Type: 'SERVICE_CONTROL_POLICY',
        Description: 'no reads',
        Content: policy({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }),
      }),
    );
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: member }));
    const scpDenied = await s3Error(memberS3.send(new GetObjectCommand({ Bucket: 'member-bucket', Key: 'k' })));
    assert.match(scpDenied.message, /service control policy/);
  });
});
