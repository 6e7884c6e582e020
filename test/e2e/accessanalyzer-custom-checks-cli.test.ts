import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { botocoreDataPath } from '../support/botocoreModels.js';
import { startTestServer, type TestServer } from '../support/gatehouse.js';

interface CheckOutput {
  result: 'PASS' | 'FAIL';
  message: string;
  reasons?: { description: string; statementIndex: number; statementId?: string }[];
}

/**
 * `aws accessanalyzer check-no-new-access`, `check-access-not-granted` and `check-no-public-access`
 * against Gatehouse. The AWS CLI here (Debian's 2.9, early 2023) predates the three operations, so
 * it is given the Access Analyzer model Gatehouse serves, as botocore reads models
 * (test/support/botocoreModels.ts, through AWS_DATA_PATH).
 */
describe('aws accessanalyzer custom policy checks', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  let models: { dir: string; remove(): Promise<void> };
  let file: (name: string, policy: object) => Promise<string>;

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    await home.addProfile('default', server.credentials);
    models = await botocoreDataPath(['accessanalyzer-2019-11-01']);
    home.env['AWS_DATA_PATH'] = models.dir;
    file = async (name, policy) => {
      const path = join(home.dir, name);
      await writeFile(path, JSON.stringify(policy, null, 4));
      return `file://${path}`;
    };
  });
  after(async () => {
    await server.stop();
    await home.remove();
    await models.remove();
  });

  it("check-no-new-access: AWS's CLI example, with AWS's output", async () => {
    const existing = await file('existing-policy.json', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'] },
      ],
    });
    const updated = await file('new-policy.json', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectAcl', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'],
        },
      ],
    });
    const out = await home.json<CheckOutput>([
      'accessanalyzer',
      'check-no-new-access',
      '--existing-policy-document',
      existing,
      '--new-policy-document',
      updated,
      '--policy-type',
      'IDENTITY_POLICY',
    ]);
    assert.deepEqual(out, {
      result: 'FAIL',
      message: 'The modified permissions grant new access compared to your existing policy.',
      reasons: [{ description: 'New access in the statement with index: 0.', statementIndex: 0 }],
    });
    const back = await home.json<CheckOutput>([
      'accessanalyzer',
      'check-no-new-access',
      '--existing-policy-document',
      updated,
      '--new-policy-document',
      existing,
      '--policy-type',
      'IDENTITY_POLICY',
    ]);
    assert.equal(back.result, 'PASS');
  });

  it("check-access-not-granted: AWS's CLI example with --access shorthand, and resources", async () => {
    const policy = await file('myfile.json', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::DOC-EXAMPLE-BUCKET', 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*'] },
      ],
    });
    const pass = await home.json<CheckOutput>([
      'accessanalyzer',
      'check-access-not-granted',
      '--policy-document',
      policy,
      '--access',
      'actions=s3:DeleteBucket,s3:GetBucketLocation',
      '--policy-type',
      'IDENTITY_POLICY',
    ]);
    assert.deepEqual(pass, { result: 'PASS', message: 'The policy document does not grant access to perform the listed actions or resources.' });
    const fail = await home.json<CheckOutput>([
      'accessanalyzer',
      'check-access-not-granted',
      '--policy-document',
      policy,
      '--access',
      'actions=s3:GetObject,resources=arn:aws:s3:::DOC-EXAMPLE-BUCKET/private/*',
      '--policy-type',
      'IDENTITY_POLICY',
    ]);
    assert.equal(fail.result, 'FAIL');
    assert.deepEqual(fail.reasons, [{ description: 'One or more of the listed actions or resources in the statement with index: 0.', statementIndex: 0 }]);
  });

  it('check-no-public-access: a public bucket policy and a role trust policy limited to one account', async () => {
    const bucket = await file('bucket.json', {
      Version: '2012-10-17',
      Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*' }],
    });
    const fail = await home.json<CheckOutput>(['accessanalyzer', 'check-no-public-access', '--policy-document', bucket, '--resource-type', 'AWS::S3::Bucket']);
    assert.deepEqual(fail.reasons, [
      { description: 'Public access granted in the following statement with sid: PublicRead.', statementIndex: 0, statementId: 'PublicRead' },
    ]);
    const trust = await file('trust.json', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }],
    });
    const pass = await home.json<CheckOutput>([
      'accessanalyzer',
      'check-no-public-access',
      '--policy-document',
      trust,
      '--resource-type',
      'AWS::IAM::AssumeRolePolicyDocument',
    ]);
    assert.equal(pass.result, 'PASS');
  });

  it('bad input is a ValidationException: an unknown policy type, a document that is not a policy', async () => {
    const policy = await file('any.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const type = await home.aws([
      'accessanalyzer',
      'check-no-new-access',
      '--existing-policy-document',
      policy,
      '--new-policy-document',
      policy,
      '--policy-type',
      'SESSION_POLICY',
    ]);
    assert.notEqual(type.code, 0);
    assert.match(type.stderr, /ValidationException.*Member must satisfy enum value set: \[IDENTITY_POLICY, RESOURCE_POLICY\]/);
    const broken = await home.aws([
      'accessanalyzer',
      'check-access-not-granted',
      '--policy-document',
      '{"Statement": ',
      '--access',
      'actions=s3:GetObject',
      '--policy-type',
      'IDENTITY_POLICY',
    ]);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /\(ValidationException\) when calling the CheckAccessNotGranted operation: Invalid policyDocument: /);
  });
});
