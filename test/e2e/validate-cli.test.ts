import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = 'test/fixtures/validate-cli';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`gatehouse validate …`) from the sources; never throws for a non-zero exit. */
function gatehouse(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: undefined, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
      },
    );
  });
}

interface JsonEntry {
  file: string;
  policy?: string;
  policyType: string;
  validatePolicyResourceType?: string;
  findings: { issueCode: string; findingType: string; locations: { path: object[]; span: { start: { line: number; column: number; offset: number } } }[] }[];
}

describe('gatehouse validate (the real CLI, offline)', () => {
  it('prints file:line:column, the finding, the source line underlined and the help link; exit 1 on an error', async () => {
    const out = await gatehouse(['validate', `${FIXTURES}/policy-bad.json`]);
    assert.equal(out.code, 1, out.stderr);
    const lines = out.stdout.split('\n');
    const at = lines.findIndex((l) =>
      l.startsWith(`${FIXTURES}/policy-bad.json:7:34: error INVALID_ACTION: The action s3:GetObjekt does not exist. Did you mean s3:GetObject?`),
    );
    assert.ok(at >= 0, out.stdout);
    assert.equal(lines[at + 1], '          "Action": ["iam:PassRole", "s3:GetObjekt"],');
    assert.equal(lines[at + 2], `    ${' '.repeat(33)}^${'~'.repeat(13)}`);
    assert.match(lines[at + 3]!, /access-analyzer-reference-policy-checks-error-invalid-action$/);
    assert.match(out.stdout, /1 file, 1 policy: 1 error, 1 security warning, 0 warnings, 1 suggestion\n$/);
    assert.ok(!out.stdout.includes('\u001b['), 'no colour when stdout is not a TTY');
    assert.equal(out.stderr, '', 'no progress when stderr is not a TTY');
  });

  it('exits by --fail-on: a clean policy 0, a suggestion only at suggestion, a security warning from security-warning', async () => {
    assert.equal((await gatehouse(['validate', `${FIXTURES}/policy-clean.json`])).code, 0);
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-validate-'));
    try {
      const suggestion = join(dir, 'sid.json');
      await writeFile(
        suggestion,
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket' }],
        }),
      );
      assert.equal((await gatehouse(['validate', suggestion])).code, 0);
      assert.equal((await gatehouse(['validate', '--fail-on', 'warning', suggestion])).code, 0);
      assert.equal((await gatehouse(['validate', '--fail-on', 'suggestion', suggestion])).code, 1);
      const passRole = join(dir, 'pass.json');
      await writeFile(passRole, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }));
      assert.equal((await gatehouse(['validate', passRole])).code, 0);
      assert.equal((await gatehouse(['validate', '--fail-on', 'security-warning', passRole])).code, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--type and --resource-type set how plain policy files are validated', async () => {
    const out = await gatehouse(['validate', '--type', 'resource', '--resource-type', 'AWS::S3::Bucket', '--format', 'json', `${FIXTURES}/policy-clean.json`]);
    const [entry] = JSON.parse(out.stdout) as JsonEntry[];
    assert.equal(entry!.policyType, 'RESOURCE_POLICY');
    assert.equal(entry!.validatePolicyResourceType, 'AWS::S3::Bucket');
    assert.deepEqual(
      entry!.findings.map((f) => f.issueCode),
      ['MISSING_PRINCIPAL'],
    );
  });

  it('finds the policies of a YAML CloudFormation template, resolving intrinsics, and places findings in the template', async () => {
    const out = await gatehouse(['validate', '--format', 'json', `${FIXTURES}/template.yaml`]);
    const entries = JSON.parse(out.stdout) as JsonEntry[];
    assert.deepEqual(
      entries.map((e) => [e.policy, e.policyType, e.validatePolicyResourceType ?? null]),
      [
        ['Resources.AppRole.Properties.AssumeRolePolicyDocument', 'RESOURCE_POLICY', 'AWS::IAM::AssumeRolePolicyDocument'],
        ['Resources.AppRole.Properties.Policies[0].PolicyDocument', 'IDENTITY_POLICY', null],
        ['Resources.Operators.Properties.Policies[0].PolicyDocument', 'IDENTITY_POLICY', null],
      ],
    );
    assert.deepEqual(
      entries.map((e) => e.findings.map((f) => f.issueCode)),
      [['ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL'], ['INVALID_ACTION'], ['PRIVATE_IP_ADDRESS']],
    );
    const text = await gatehouse(['validate', `${FIXTURES}/template.yaml`]);
    assert.match(text.stdout, new RegExp(`^${FIXTURES}/template.yaml:22:25: error INVALID_ACTION`, 'm'));
    assert.match(text.stdout, new RegExp(`^${FIXTURES}/template.yaml:14:24: error ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL`, 'm'));
    assert.match(text.stdout, /^ {2}in Resources\.AppRole\.Properties\.Policies\[0\]\.PolicyDocument$/m);
  });

  it('finds the policies of a JSON template: managed policies, trust policies, bucket policies, string documents', async () => {
    const out = await gatehouse(['validate', '--format', 'json', `${FIXTURES}/template.json`]);
    const byPolicy = new Map((JSON.parse(out.stdout) as JsonEntry[]).map((e) => [e.policy, e.findings.map((f) => f.issueCode)]));
    // iam:PassRole on !GetAtt Worker.Arn resolves to the role's ARN: no PassRole warning.
    assert.deepEqual(byPolicy.get('Resources.ReadPolicy.Properties.PolicyDocument'), []);
    assert.deepEqual(byPolicy.get('Resources.Worker.Properties.AssumeRolePolicyDocument'), []);
    assert.deepEqual(byPolicy.get('Resources.BucketPolicy.Properties.PolicyDocument'), ['RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL']);
    assert.deepEqual(byPolicy.get('Resources.Admins.Properties.Policies[0].PolicyDocument'), ['INVALID_VPC_FORMAT']);
    const text = await gatehouse(['validate', `${FIXTURES}/template.json`]);
    assert.match(text.stdout, /template\.json:95:188: error INVALID_VPC_FORMAT/);
  });

  it('places findings of a policy written as a YAML literal block where they are in the block', async () => {
    const out = await gatehouse(['validate', `${FIXTURES}/string-document.yaml`]);
    assert.match(out.stdout, new RegExp(`^${FIXTURES}/string-document.yaml:9:47: error INVALID_ACTION`, 'm'));
  });

  it('stops quietly when its reader closes the pipe early', async () => {
    const out = await new Promise<Run>((resolve) => {
      const command = `${JSON.stringify(process.execPath)} --import tsx src/cli/main.ts validate ${FIXTURES} | head -1`;
      execFile('/bin/sh', ['-c', command], { cwd: ROOT }, (err, stdout, stderr) => resolve({ code: err === null ? 0 : 1, stdout, stderr }));
    });
    assert.equal(out.stderr, '');
    assert.equal(out.stdout.split('\n').length, 2);
  });

  it('finds the policies of a Terraform plan in every module, with their addresses', async () => {
    const out = await gatehouse(['validate', '--format', 'json', `${FIXTURES}/plan.json`]);
    const entries = JSON.parse(out.stdout) as JsonEntry[];
    assert.deepEqual(
      entries.map((e) => [e.policy, e.policyType, e.findings.map((f) => f.issueCode)]),
      [
        ['aws_iam_role.app.assume_role_policy', 'RESOURCE_POLICY', []],
        ['aws_iam_role.app.inline_policy[0].policy', 'IDENTITY_POLICY', ['INVALID_ACTION']],
        ['aws_s3_bucket_policy.site.policy', 'RESOURCE_POLICY', ['UNSUPPORTED_ACTION_IN_POLICY']],
        ['module.org.aws_organizations_policy.guard.content', 'SERVICE_CONTROL_POLICY', ['SCP_SYNTAX_ERROR_PRINCIPAL']],
        ['module.org.aws_iam_policy.ok.policy', 'IDENTITY_POLICY', []],
      ],
    );
    const text = await gatehouse(['validate', `${FIXTURES}/plan.json`]);
    // The column points into the plan's escaped string, at the action's opening (escaped) quote.
    const m = /plan\.json:1:(\d+): error INVALID_ACTION/.exec(text.stdout);
    assert.ok(m, text.stdout);
  });

  it('writes SARIF 2.1.0: rules are issue codes with help URIs, results have regions in the files', async () => {
    const out = await gatehouse(['validate', '--format', 'sarif', FIXTURES]);
    assert.equal(out.code, 1);
    const log = JSON.parse(out.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    const rule = run!.tool.driver.rules.find((r) => r.id === 'INVALID_ACTION');
    assert.equal(
      rule?.helpUri,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action',
    );
    const hit = run!.results.find((r) => r.ruleId === 'INVALID_ACTION' && r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('template.yaml'));
    assert.ok(hit !== undefined);
    assert.deepEqual(hit.locations[0]!.physicalLocation.region, { startLine: 22, startColumn: 25, endLine: 22, endColumn: 37 });
    assert.equal(hit?.level, 'error');
    assert.ok(run!.results.some((r) => r.ruleId === 'EMPTY_SID_VALUE' && r.level === 'note'));
  });

  it('answers bad usage and unreadable files with exit status 2', async () => {
    assert.equal((await gatehouse(['validate'])).code, 2);
    assert.equal((await gatehouse(['validate', '--type', 'session', `${FIXTURES}/policy-clean.json`])).code, 2);
    assert.equal((await gatehouse(['validate', '--format', 'xml', `${FIXTURES}/policy-clean.json`])).code, 2);
    assert.equal((await gatehouse(['validate', '--resource-type', 'AWS::S3::Bucket', `${FIXTURES}/policy-clean.json`])).code, 2);
    assert.equal((await gatehouse(['validate', `${FIXTURES}/does-not-exist.json`])).code, 2);
    const help = await gatehouse(['validate', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: gatehouse validate/);
    assert.match((await gatehouse(['--help'])).stdout, /validate +check IAM policies/);
  });

  it('colours its output and shows progress on a terminal', { skip: existsSync('/usr/bin/script') ? false : 'no script(1) to make a terminal' }, async () => {
    const out = await new Promise<string>((resolve) => {
      const command = `${JSON.stringify(process.execPath)} --import tsx src/cli/main.ts validate ${FIXTURES}/policy-bad.json`;
      execFile('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: undefined } }, (_err, stdout) =>
        resolve(stdout),
      );
    });
    assert.ok(out.includes('\u001b[31merror INVALID_ACTION\u001b[0m'), JSON.stringify(out.slice(0, 300)));
    assert.ok(out.includes('validating 1/1 files'), 'the progress indicator on the terminal');
  });

  it('validates 1,000 policy files in under 10 s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-validate-many-'));
    try {
      for (let i = 0; i < 1000; i++) {
        const sub = join(dir, `team-${i % 10}`, i % 2 === 0 ? 'prod' : 'dev');
        if (i < 20) await mkdir(sub, { recursive: true });
        const policy = {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: `Read${i}`,
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:ListBucket', 'dynamodb:Query'],
              Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:us-east-1:111122223333:table/T${i}`],
            },
            { Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': `team-${i % 10}` } } },
            {
              Effect: 'Deny',
              NotAction: ['iam:*', 'sts:*'],
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
            },
            ...(i % 100 === 0 ? [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] : []),
          ],
        };
        await writeFile(join(sub, `policy-${i}.json`), JSON.stringify(policy, null, 2));
      }
      const started = performance.now();
      const out = await gatehouse(['validate', '--format', 'json', dir]);
      const seconds = (performance.now() - started) / 1000;
      const entries = JSON.parse(out.stdout) as JsonEntry[];
      assert.equal(entries.length, 1000);
      assert.equal(entries.filter((e) => e.findings.some((f) => f.issueCode === 'INVALID_ACTION')).length, 10);
      assert.equal(out.code, 1);
      assert.ok(seconds < 10, `took ${seconds.toFixed(1)} s`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
