import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import type { PostureReport } from '../../src/analysis/posture/index.js';
import { AWS_CLI_SKIP } from '../support/awscli.js';
import { exportWithAwsCli } from '../support/awsExport.js';
import { gatehouseCli } from '../support/gatehouseCli.js';
import { startPostureAccount, type PostureAccount } from '../support/postureAccount.js';
import { plantEscalationPaths } from '../support/postureScenario.js';

/** Analysed 120 days from now: the keys made today are old, the roles unused. */
const LATER = new Date(Date.now() + 120 * 86_400_000).toISOString();

/** A report's findings and check outcomes, which the three ways of analysing one account must share. */
function essence(report: PostureReport) {
  return {
    findings: report.findings.map(
      (f) => `${f.severity} ${f.id} ${f.resourceArn}: ${f.reason}${f.path ? ` [${f.path.steps.map((s) => `${s.technique}→${s.to}`).join(' ')}]` : ''}`,
    ),
    checks: report.checks.map((c) => `${c.id} ${c.status} ${c.findings}`),
    administrators: report.administrators.map((a) => a.arn),
  };
}

async function analyze(args: string[]): Promise<PostureReport> {
  const run = await gatehouseCli(['analyze', '--format', 'json', '--fail-on', 'none', '--now', LATER, ...args]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as PostureReport;
}

/**
 * One account analysed three ways gives one answer: live (from the running server's data
 * directory), from its AWS CLI export offline, and imported into another data directory. The
 * account carries every escalation path of the catalogue and the usual best-practice flaws.
 */
describe('an account analysed live, from its export and imported gives the same findings', { skip: AWS_CLI_SKIP }, () => {
  let account: PostureAccount;
  let dir: string;
  let imported: string;

  before(async () => {
    account = await startPostureAccount();
    const { iam } = account;
    await plantEscalationPaths(iam, account.memberId);
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-Battery-9' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, RequireNumbers: true }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'vendor',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:role/integration' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-export-'));
    imported = await mkdtemp(join(tmpdir(), 'gatehouse-imported-'));
    await exportWithAwsCli(account.home, dir, { iamProfile: 'member', orgProfile: 'management', trails: true });
  });

  after(async () => {
    await account?.stop();
    for (const d of [dir, imported]) if (d !== undefined) await rm(d, { recursive: true, force: true });
  });

  it('imports the export into a data directory', async () => {
    const run = await gatehouseCli(['import', '--data-dir', imported, dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `^imported account ${account.memberId}: \\d+ users, \\d+ groups, \\d+ roles, \\d+ customer managed policies \\(\\d+ versions\\), in organization o-[a-z0-9]+ in [\\d.]+ s\\n$`,
      ),
    );
  });

  it('gives the same findings, checks and administrators all three ways', async () => {
    const live = await analyze(['--account', account.memberId, '--data-dir', account.server.dataDir]);
    const offline = await analyze([dir]);
    const fromImport = await analyze(['--account', account.memberId, '--data-dir', imported]);
    assert.ok(live.findings.length > 40, `${live.findings.length} findings`);
    assert.deepEqual(essence(offline), essence(live));
    assert.deepEqual(essence(fromImport), essence(live));
    const ids = new Set(live.findings.map((f) => f.id));
    for (const id of [
      'iam_administrator_access_with_mfa',
      'iam_rotate_access_key_90_days',
      'iam_password_policy_minimum_length_14',
      'gatehouse_role_third_party_without_external_id',
      'gatehouse_iam_role_unused',
      'cloudtrail_multi_region_enabled',
      'iam-001',
      'sts-001',
    ]) {
      assert.ok(ids.has(id), `${id} found`);
    }
  });

  it("refuses to import over one of the deployment's own accounts, and changes nothing", async () => {
    const run = await gatehouseCli(['import', '--data-dir', account.server.dataDir, dir]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `gatehouse import: account ${account.memberId} is one of this deployment's own accounts, not an imported one; an import replaces only accounts it created; nothing was imported\n`,
    );
  });
});
