import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AWS_CLI_SKIP, AwsCliHome } from '../support/awscli.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/gatehouse.js';
import type { TestServer } from '../support/gatehouse.js';

const run = promisify(execFile);

/**
 * The AWS CLI v2 (Debian's 2.9) against Gatehouse: `aws s3` mb, cp (a multipart upload past the
 * CLI's 8 MiB threshold), ls, sync, presign (the URL fetched with plain curl), rm and rb; `aws s3api`
 * bucket policy, public access block, policy status and multipart calls; and `aws s3control`
 * public access block. The CLI sends S3 Control requests to `<account>.<endpoint host>`, a name
 * that does not resolve here: it reaches Gatehouse as its HTTP proxy (Gatehouse reads the
 * absolute-form request target and keeps the signed Host).
 */
describe('the AWS CLI with S3', { skip: AWS_CLI_SKIP }, () => {
  let server: TestServer;
  let home: AwsCliHome;
  let work: string;
  const bucket = 'cli-bucket';

  before(async () => {
    server = await startTestServer();
    home = await AwsCliHome.create(server.endpoint);
    await home.addProfile('default', server.credentials);
    work = await mkdtemp(join(tmpdir(), 'gatehouse-s3-cli-'));
  });
  after(async () => {
    await server.stop();
    await home.remove();
    await rm(work, { recursive: true, force: true });
  });

  const ok = async (args: string[]): Promise<string> => {
    const out = await home.aws(args);
    assert.equal(out.code, 0, `aws ${args.join(' ')}: ${out.stderr}`);
    return out.stdout;
  };

  it('s3 mb, cp (single and multipart), ls, sync, rm, rb', async () => {
    await ok(['s3', 'mb', `s3://${bucket}`]);
    const small = join(work, 'small.txt');
    await writeFile(small, 'small file\n');
    const large = join(work, 'large.bin');
    const bytes = Buffer.alloc(9 * 1024 * 1024 + 17);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32BE(i, i);
    await writeFile(large, bytes);
    await ok(['s3', 'cp', small, `s3://${bucket}/dir/small.txt`]);
    await ok(['s3', 'cp', large, `s3://${bucket}/dir/large.bin`]);
    const head = JSON.parse(await ok(['s3api', 'head-object', '--bucket', bucket, '--key', 'dir/large.bin'])) as { ETag: string; ContentLength: number };
    assert.match(head.ETag, /-2"$/, 'the CLI uploaded it in two parts');
    assert.equal(head.ContentLength, bytes.length);
    const back = join(work, 'large.back');
    await ok(['s3', 'cp', `s3://${bucket}/dir/large.bin`, back]);
    assert.equal(
      createHash('sha256')
        .update(await readFile(back))
        .digest('hex'),
      createHash('sha256').update(bytes).digest('hex'),
    );
    const listing = await ok(['s3', 'ls', `s3://${bucket}/dir/`]);
    assert.match(listing, /\bsmall\.txt\b/);
    assert.match(listing, /\blarge\.bin\b/);
    const tree = join(work, 'tree');
    await mkdir(join(tree, 'a'), { recursive: true });
    await writeFile(join(tree, 'a', '1.txt'), 'one');
    await writeFile(join(tree, '2.txt'), 'two');
    await ok(['s3', 'sync', tree, `s3://${bucket}/sync/`]);
    const synced = await ok(['s3', 'ls', '--recursive', `s3://${bucket}/sync/`]);
    assert.match(synced, /sync\/a\/1\.txt/);
    assert.match(synced, /sync\/2\.txt/);
    assert.equal((await ok(['s3', 'sync', tree, `s3://${bucket}/sync/`])).trim(), '', 'nothing changed: nothing copied');
    await ok(['s3', 'rm', `s3://${bucket}/dir/small.txt`]);
    await ok(['s3', 'rm', '--recursive', `s3://${bucket}/`]);
    await ok(['s3', 'rb', `s3://${bucket}`]);
    assert.doesNotMatch(await ok(['s3', 'ls']), new RegExp(bucket));
  });

  it('s3 presign: the URL works with plain curl, and a tampered one does not', async () => {
    await ok(['s3', 'mb', 's3://presign-bucket']);
    const file = join(work, 'presigned.txt');
    await writeFile(file, 'fetched by curl');
    await ok(['s3', 'cp', file, 's3://presign-bucket/p.txt']);
    const url = (await ok(['s3', 'presign', 's3://presign-bucket/p.txt', '--expires-in', '300'])).trim();
    assert.match(url, /X-Amz-Signature=/);
    const fetched = await run('curl', ['-sS', '-f', url]);
    assert.equal(fetched.stdout, 'fetched by curl');
    const tampered = await run('curl', ['-sS', '-w', '%{http_code}', url.replace('p.txt', 'q.txt')]);
    assert.match(tampered.stdout, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(tampered.stdout, /403$/);
  });

  it('s3api: bucket policy, policy status, public access block, multipart', async () => {
    await ok(['s3api', 'create-bucket', '--bucket', 'api-bucket']);
    const block = JSON.parse(await ok(['s3api', 'get-public-access-block', '--bucket', 'api-bucket'])) as {
      PublicAccessBlockConfiguration: Record<string, boolean>;
    };
    assert.deepEqual(block.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const publicPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::api-bucket/*' }],
    });
    const blocked = await home.aws(['s3api', 'put-bucket-policy', '--bucket', 'api-bucket', '--policy', publicPolicy]);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.stderr, /AccessDenied/);
    assert.match(blocked.stderr, /BlockPublicPolicy/);
    await ok(['s3api', 'delete-public-access-block', '--bucket', 'api-bucket']);
    await ok(['s3api', 'put-bucket-policy', '--bucket', 'api-bucket', '--policy', publicPolicy]);
    const status = JSON.parse(await ok(['s3api', 'get-bucket-policy-status', '--bucket', 'api-bucket'])) as { PolicyStatus: { IsPublic: boolean } };
    assert.equal(status.PolicyStatus.IsPublic, true);
    const stored = JSON.parse(await ok(['s3api', 'get-bucket-policy', '--bucket', 'api-bucket'])) as { Policy: string };
    assert.equal(stored.Policy, publicPolicy);
    const malformed = await home.aws([
      's3api',
      'put-bucket-policy',
      '--bucket',
      'api-bucket',
      '--policy',
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}',
    ]);
    assert.match(malformed.stderr, /MalformedPolicy.*Policy has invalid resource/);
    await ok(['s3api', 'delete-bucket-policy', '--bucket', 'api-bucket']);
    assert.match((await home.aws(['s3api', 'get-bucket-policy', '--bucket', 'api-bucket'])).stderr, /NoSuchBucketPolicy/);
    const { UploadId } = JSON.parse(await ok(['s3api', 'create-multipart-upload', '--bucket', 'api-bucket', '--key', 'mp'])) as { UploadId: string };
    const part = join(work, 'part');
    await writeFile(part, 'only part');
    const { ETag } = JSON.parse(
      await ok(['s3api', 'upload-part', '--bucket', 'api-bucket', '--key', 'mp', '--upload-id', UploadId, '--part-number', '1', '--body', part]),
    ) as { ETag: string };
    const listed = JSON.parse(await ok(['s3api', 'list-parts', '--bucket', 'api-bucket', '--key', 'mp', '--upload-id', UploadId])) as {
      Parts: { ETag: string }[];
    };
    assert.equal(listed.Parts[0]?.ETag, ETag);
    const done = JSON.parse(
      await ok([
        's3api',
        'complete-multipart-upload',
        '--bucket',
        'api-bucket',
        '--key',
        'mp',
        '--upload-id',
        UploadId,
        '--multipart-upload',
        JSON.stringify({ Parts: [{ PartNumber: 1, ETag }] }),
      ]),
    ) as { ETag: string };
    assert.match(done.ETag, /-1"$/);
  });

  it('s3control: the account’s public access block, through the CLI’s <account>.<host> endpoint', async () => {
    home.env.HTTP_PROXY = server.endpoint;
    try {
      const none = await home.aws(['s3control', 'get-public-access-block', '--account-id', TEST_ACCOUNT_ID]);
      assert.match(none.stderr, /NoSuchPublicAccessBlockConfiguration/);
      await ok([
        's3control',
        'put-public-access-block',
        '--account-id',
        TEST_ACCOUNT_ID,
        '--public-access-block-configuration',
        'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=false',
      ]);
      const got = JSON.parse(await ok(['s3control', 'get-public-access-block', '--account-id', TEST_ACCOUNT_ID])) as {
        PublicAccessBlockConfiguration: Record<string, boolean>;
      };
      assert.deepEqual(got.PublicAccessBlockConfiguration, {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: false,
      });
      // The account's BlockPublicPolicy applies to every bucket of the account.
      await ok(['s3api', 'create-bucket', '--bucket', 'account-blocked']);
      await ok(['s3api', 'delete-public-access-block', '--bucket', 'account-blocked']);
      const refused = await home.aws([
        's3api',
        'put-bucket-policy',
        '--bucket',
        'account-blocked',
        '--policy',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::account-blocked/*' }],
        }),
      ]);
      assert.match(refused.stderr, /AccessDenied/);
      await ok(['s3control', 'delete-public-access-block', '--account-id', TEST_ACCOUNT_ID]);
      assert.match((await home.aws(['s3control', 'get-public-access-block', '--account-id', TEST_ACCOUNT_ID])).stderr, /NoSuchPublicAccessBlockConfiguration/);
    } finally {
      delete home.env.HTTP_PROXY;
    }
  });
});
