import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';
import { clientConfig, createMemberAccount, memberRoleSession, userWithPolicy, type Creds } from '../support/organizations.js';
import { presignedUrl, s3Client, s3Error } from '../support/s3.js';

interface Row {
  name: string;
  caller: 'owner-reader' | 'owner-nobody' | 'other-reader' | 'other-nobody' | 'anonymous';
  bucketPolicy: 'none' | 'allow-named' | 'allow-public' | 'deny-named' | 'deny-public';
  blockPublicAccess: 'on' | 'off';
  signing: 'header' | 'presigned' | 'unsigned';
  expect: 'Allowed' | 'AccessDenied';
  source: string;
}

const matrix = JSON.parse(readFileSync(new URL('../fixtures/s3-authorization/matrix.json', import.meta.url), 'utf8')) as { rows: Row[] };

/**
 * The S3 authorization matrix (test/fixtures/s3-authorization/matrix.json): GetObject by callers
 * of the bucket owner's account and of another account (with and without an identity policy)
 * and anonymous callers, against every kind of bucket policy, with Block Public Access off or on,
 * signed in the header or presigned — over a real socket, each row's answer from the AWS page it
 * cites.
 */
describe('S3 authorization matrix', () => {
  let server: TestServer;
  const callers = new Map<string, Creds>();
  let otherAccount: string;

  const bucketOf = (policy: string, bpa: string): string => `matrix-${policy}-${bpa}`;

  before(async () => {
    server = await startTestServer();
    const root = server.credentials;
    const iam = new IAMClient(clientConfig(server.endpoint, root));
    const orgs = new OrganizationsClient(clientConfig(server.endpoint, root));
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    otherAccount = await createMemberAccount(orgs, 'other');
    // Root may not assume roles: an administrator of the management account reaches the member account.
    const admin = await userWithPolicy(iam, 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const otherIam = new IAMClient(clientConfig(server.endpoint, await memberRoleSession(server.endpoint, admin, otherAccount, 'setup')));
    const readPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::matrix-*/*' }] });
    for (const [client, prefix] of [
      [iam, 'owner'],
      [otherIam, 'other'],
    ] as const) {
      for (const kind of ['reader', 'nobody']) {
        const name = `${prefix}-${kind}`;
        await client.send(new CreateUserCommand({ UserName: name }));
        if (kind === 'reader') await client.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'read', PolicyDocument: readPolicy }));
        const key = (await client.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
        callers.set(name, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
      }
    }
    const users = [
      `arn:aws:iam::${TEST_ACCOUNT_ID}:user/owner-reader`,
      `arn:aws:iam::${TEST_ACCOUNT_ID}:user/owner-nobody`,
      `arn:aws:iam::${otherAccount}:user/other-reader`,
      `arn:aws:iam::${otherAccount}:user/other-nobody`,
    ];
    const s3 = s3Client(server.endpoint, root);
    for (const policy of ['none', 'allow-named', 'allow-public', 'deny-named', 'deny-public']) {
      for (const bpa of ['off', 'on']) {
        const bucket = bucketOf(policy, bpa);
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'object', Body: 'matrix' }));
        const statement = (effect: string, principal: unknown) => ({
          Effect: effect,
          Principal: principal,
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
        });
        const statements =
          policy === 'allow-named'
            ? [statement('Allow', { AWS: users })]
            : policy === 'allow-public'
              ? [statement('Allow', '*')]
              : policy === 'deny-named'
                ? [statement('Deny', { AWS: users })]
                : policy === 'deny-public'
                  ? [statement('Allow', '*'), statement('Deny', '*')]
                  : [];
        if (statements.length > 0)
          await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
        // Block Public Access turned on after the policy was written (BlockPublicPolicy refuses a public one while on).
        if (bpa === 'on') {
          await s3.send(
            new PutPublicAccessBlockCommand({
              Bucket: bucket,
              PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
            }),
          );
        }
      }
    }
    s3.destroy();
  });
  after(async () => {
    await server.stop();
  });

  async function get(row: Row): Promise<{ status: number; code?: string }> {
    const bucket = bucketOf(row.bucketPolicy, row.blockPublicAccess);
    if (row.caller === 'anonymous') {
      const response = await fetch(`${server.endpoint}/${bucket}/object`);
      const text = await response.text();
      return { status: response.status, ...(response.ok ? {} : { code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] }) };
    }
    const credentials = callers.get(row.caller)!;
    if (row.signing === 'presigned') {
      const response = await fetch(await presignedUrl(server.endpoint, credentials, { method: 'GET', path: `/${bucket}/object` }));
      const text = await response.text();
      return { status: response.status, ...(response.ok ? {} : { code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] }) };
    }
    const s3 = s3Client(server.endpoint, credentials);
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'object' }));
      assert.equal(await out.Body!.transformToString(), 'matrix');
      return { status: 200 };
    } catch {
      const refused = await s3Error(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'object' })));
      return { status: refused.status, code: refused.name };
    } finally {
      s3.destroy();
    }
  }

  for (const row of matrix.rows) {
    it(row.name, async () => {
      const answer = await get(row);
      if (row.expect === 'Allowed') assert.equal(answer.status, 200, `${row.source}\n${JSON.stringify(answer)}`);
      else assert.deepEqual(answer, { status: 403, code: 'AccessDenied' }, row.source);
    });
  }
});
