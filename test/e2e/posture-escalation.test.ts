import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PostureReport } from '../../src/analysis/posture/index.js';
import { AWS_CLI_SKIP } from '../support/awscli.js';
import { exportWithAwsCli } from '../support/awsExport.js';
import { gatehouseCli } from '../support/gatehouseCli.js';
import { startPostureAccount, type PostureAccount } from '../support/postureAccount.js';
import { plantEscalationPaths, type PlantedPath } from '../support/postureScenario.js';

/**
 * Every privilege-escalation path of pathfinding.cloud's IAM catalogue (and Gatehouse's two, and a
 * PassRole path), planted in a member account twice: open, and blocked by a condition, a boundary
 * or an SCP above the account. The account is exported with the AWS CLI (so the shapes are AWS's)
 * and analysed offline by the real `gatehouse analyze`: each open path is reported under its
 * technique for its principal, and no blocked principal is reported at all.
 */
describe('gatehouse analyze finds exactly the open escalation paths of an AWS CLI export', { skip: AWS_CLI_SKIP }, () => {
  let account: PostureAccount;
  let dir: string;
  let planted: PlantedPath[];
  let report: PostureReport;
  let memberId: string;

  before(async () => {
    account = await startPostureAccount();
    memberId = account.memberId;
    planted = await plantEscalationPaths(account.iam, memberId);
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-posture-'));
    await exportWithAwsCli(account.home, dir, { iamProfile: 'member', orgProfile: 'management' });
    const run = await gatehouseCli(['analyze', '--format', 'json', '--fail-on', 'none', dir]);
    assert.equal(run.code, 0, run.stderr);
    report = JSON.parse(run.stdout) as PostureReport;
  });

  after(async () => {
    await account?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('reads every file of the export as what it is', () => {
    assert.equal(report.accountId, memberId);
    const kinds = new Set(report.files.map((f) => f.kind));
    for (const kind of [
      'authorization-details',
      'credential-report',
      'password-policy',
      'virtual-mfa-devices',
      'account-summary',
      'organization',
      'organization-roots',
    ]) {
      assert.ok(kinds.has(kind), `${kind} read`);
    }
    assert.deepEqual(report.warnings, []);
  });

  it('plants all 22 IAM paths of pathfinding.cloud, with a negative case for each', () => {
    const iamPaths = planted.filter((p) => /^(iam|sts)-\d{3}$/.test(p.technique)).map((p) => p.technique);
    assert.equal(new Set(iamPaths).size, 22);
    const blockers = new Set(planted.map((p) => p.blockedBy));
    assert.deepEqual([...blockers].sort(), ['boundary', 'condition', 'scp']);
  });

  for (const technique of [
    ...Array.from({ length: 21 }, (_, i) => `iam-${String(i + 1).padStart(3, '0')}`),
    'sts-001',
    'gatehouse-iam-001',
    'gatehouse-iam-002',
    'lambda-001',
  ]) {
    it(`reports ${technique} for its open case and nothing for its blocked case`, () => {
      const plant = planted.find((p) => p.technique === technique);
      assert.ok(plant !== undefined, `${technique} is planted`);
      const escalations = report.findings.filter((f) => f.category === 'privilege-escalation');
      const positive = escalations.filter((f) => f.resourceArn === plant.positive);
      assert.ok(
        positive.some((f) => f.id === technique),
        `${plant.positive} reported with ${technique}; got ${JSON.stringify(positive.map((f) => f.id))}`,
      );
      const finding = positive.find((f) => f.id === technique)!;
      assert.ok(finding.path !== undefined && finding.path.steps[0]!.technique === technique);
      assert.match(
        finding.link ?? '',
        technique.startsWith('gatehouse') ? /^https:\/\/docs\.aws\.amazon\.com\// : new RegExp(`^https://pathfinding\\.cloud/paths/${technique}$`),
      );
      const negative = escalations.filter((f) => f.resourceArn === plant.negative);
      assert.deepEqual(
        negative.map((f) => `${f.id}: ${f.reason}`),
        [],
        `${plant.negative} (blocked by ${plant.blockedBy}) is not reported`,
      );
    });
  }

  it('marks the PassRole path as reachable if the service exists', () => {
    const finding = report.findings.find((f) => f.id === 'lambda-001')!;
    assert.equal(finding.path!.conditional, true);
    assert.equal(finding.severity, 'medium');
    assert.match(finding.reason, /if a service that accepts the role exists/);
  });

  it('names the policies that allow each call of a path, and how to remove the first grant', () => {
    const finding = report.findings.find((f) => f.id === 'iam-002')!;
    const call = finding.path!.steps[0]!.actions[0]!;
    assert.equal(call.action, 'iam:CreateAccessKey');
    assert.deepEqual(call.allowedBy, [`inline:user/p002-pos/grant`]);
    assert.deepEqual(finding.remediation, ['aws iam delete-user-policy --user-name p002-pos --policy-name grant']);
  });

  it('finds the administrators, and OrganizationAccountAccessRole among them', () => {
    const admins = report.administrators.map((a) => a.arn);
    for (const name of ['user/admin-user', 'user/admin-two-keys', 'user/admin-console', 'role/admin-role', 'role/OrganizationAccountAccessRole']) {
      assert.ok(admins.includes(`arn:aws:iam::${memberId}:${name}`), `${name} is an administrator`);
    }
    assert.ok(!admins.includes(`arn:aws:iam::${memberId}:user/unbound-pos`), 'a boundary keeps AdministratorAccess from making an administrator');
  });

  it('exits 1 when a finding is at or above --fail-on, 0 with none', async () => {
    const high = await gatehouseCli(['analyze', '--fail-on', 'high', dir]);
    assert.equal(high.code, 1, high.stderr);
    assert.match(high.stdout, new RegExp(`Account ${memberId}`));
    assert.match(high.stdout, /HIGH {6}iam-001 /);
  });
});
