import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`gatehouse check …`) from the sources; never throws for a non-zero exit. */
function gatehouse(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: undefined } },
      (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
      },
    );
    child.stdin!.end(stdin ?? '');
  });
}

describe('gatehouse check (the real CLI, offline)', () => {
  let dir: string;
  const path = (name: string): string => join(dir, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-check-'));
    const write = (name: string, text: string) => writeFile(path(name), text);
    // AWS's CLI example of check-no-new-access, written as a person would.
    await write(
      'existing.json',
      `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::DOC-EXAMPLE-BUCKET", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"]
        }
    ]
}
`,
    );
    await write(
      'new.json',
      `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Read",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"
        },
        {
            "Effect": "Allow",
            "Action": "s3:GetObjectAcl",
            "Resource": "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"
        }
    ]
}
`,
    );
    await write(
      'bucket.json',
      JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
        null,
        2,
      ),
    );
    await write('broken.json', '{"Version": "2012-10-17", "Statement": [');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('no-new-access: FAIL names the statement at file:line:column, exit 1; PASS exit 0', async () => {
    const fail = await gatehouse(['check', 'no-new-access', '--existing-policy', path('existing.json'), '--new-policy', path('new.json')]);
    assert.equal(fail.code, 1, fail.stderr);
    assert.equal(
      fail.stdout,
      `FAIL: The modified permissions grant new access compared to your existing policy.\n  ${path('new.json')}:10:9: New access in the statement with index: 1.\n`,
    );
    const reverse = await gatehouse([
      'check',
      'no-new-access',
      '--existing-policy',
      path('new.json'),
      '--new-policy',
      path('existing.json'),
      '--type',
      'identity',
    ]);
    assert.equal(reverse.code, 1, 'ListBucket is not in new.json');
    const same = await gatehouse(['check', 'no-new-access', '--existing-policy', path('existing.json'), '--new-policy', path('existing.json')]);
    assert.equal(same.code, 0);
    assert.equal(same.stdout, 'PASS: The modified permissions do not grant new access compared to your existing policy.\n');
  });

  it("--format json prints AWS's response shape", async () => {
    const out = await gatehouse(['check', 'no-new-access', '--existing-policy', path('existing.json'), '--new-policy', path('new.json'), '--format', 'json']);
    assert.equal(out.code, 1);
    assert.deepEqual(JSON.parse(out.stdout), {
      result: 'FAIL',
      message: 'The modified permissions grant new access compared to your existing policy.',
      reasons: [{ description: 'New access in the statement with index: 1.', statementIndex: 1 }],
    });
  });

  it('access-not-granted: actions, resources, both (comma-separated or repeated), and a policy on standard input', async () => {
    const granted = await gatehouse(['check', 'access-not-granted', '--policy', path('new.json'), '--actions', 's3:GetObjectAcl,s3:DeleteObject']);
    assert.equal(granted.code, 1);
    assert.match(
      granted.stdout,
      /^FAIL: The policy document grants access to perform one or more of the listed actions or resources\.\n {2}.*new\.json:10:9: One or more of the listed actions or resources in the statement with index: 1\.\n$/,
    );
    const notGranted = await gatehouse([
      'check',
      'access-not-granted',
      '--policy',
      path('new.json'),
      '--actions',
      's3:DeleteObject',
      '--actions',
      's3:PutObject',
    ]);
    assert.equal(notGranted.code, 0);
    const otherBucket = await gatehouse(
      ['check', 'access-not-granted', '--policy', '-', '--actions', 's3:GetObject', '--resources', 'arn:aws:s3:::other/*', '--format', 'json'],
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/*' }] }),
    );
    assert.equal(otherBucket.code, 0, otherBucket.stderr);
    assert.equal(JSON.parse(otherBucket.stdout).result, 'PASS');
  });

  it('no-public-access: a public bucket policy FAILs with its Sid', async () => {
    const out = await gatehouse(['check', 'no-public-access', '--policy', path('bucket.json'), '--resource-type', 'AWS::S3::Bucket']);
    assert.equal(out.code, 1);
    assert.match(
      out.stdout,
      /^FAIL: The resource policy grants public access for the given resource type\.\n {2}.*bucket\.json:4:5: Public access granted in the following statement with sid: Public\.\n$/,
    );
    const key = await gatehouse(['check', 'no-public-access', '--policy', path('bucket.json'), '--resource-type', 'AWS::KMS::Key']);
    assert.equal(key.code, 0, 'an S3 action grants nothing on a key');
  });

  it('bad input exits 2: a broken document, a document of the other type, bad usage', async () => {
    const broken = await gatehouse(['check', 'no-public-access', '--policy', path('broken.json'), '--resource-type', 'AWS::S3::Bucket']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.json is not a resource policy: /);
    const wrongType = await gatehouse(['check', 'access-not-granted', '--policy', path('bucket.json'), '--actions', 's3:GetObject']);
    assert.equal(wrongType.code, 2);
    assert.match(wrongType.stderr, /bucket\.json is not an identity policy: .*Principal/);
    const missing = await gatehouse(['check', 'no-new-access', '--existing-policy', path('nothing.json'), '--new-policy', path('new.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nothing\.json: ENOENT/);
    for (const args of [
      ['check'],
      ['check', 'no-such-check'],
      ['check', 'no-new-access', '--new-policy', path('new.json')],
      ['check', 'access-not-granted', '--policy', path('new.json')],
      ['check', 'no-public-access', '--policy', path('bucket.json'), '--resource-type', 'AWS::EC2::Instance'],
      ['check', 'no-public-access', '--policy', path('bucket.json'), '--resource-type', 'AWS::S3::Bucket', '--actions', 's3:GetObject'],
      ['check', 'access-not-granted', '--policy', path('new.json'), '--actions', Array.from({ length: 101 }, (_, i) => `s3:A${i}`).join(',')],
      ['check', 'no-new-access', '--existing-policy', path('new.json'), '--new-policy', path('new.json'), '--format', 'yaml'],
    ]) {
      const out = await gatehouse(args);
      assert.equal(out.code, 2, args.join(' '));
      assert.match(out.stderr, /^gatehouse check: .*\n\nUsage: gatehouse check <check>/, args.join(' '));
    }
  });

  it('--help prints the usage, and the main help lists check', async () => {
    const help = await gatehouse(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: gatehouse check <check> \[options\]/);
    assert.match(help.stdout, /AWS::S3Express::AccessPoint/);
    assert.match((await gatehouse(['--help'])).stdout, /\n {2}check +IAM Access Analyzer's custom policy checks offline/);
  });
});
