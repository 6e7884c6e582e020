import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_ACCOUNT, fixtureExport } from '../../../test/support/exportFixtures.js';
import { assembleAccountExport, recogniseExport } from '../exports/index.js';
import { analyzeAccount } from './analyze.js';
import { thresholdsOf } from './thresholds.js';

const NOW = new Date('2025-06-02T12:00:00Z');
const account = assembleAccountExport(Object.entries(fixtureExport()).flatMap(([name, text]) => recogniseExport(name, text)));
const arn = (kind: string, name: string) => `arn:aws:iam::${FIXTURE_ACCOUNT}:${kind}/${name}`;
const ROOT = `arn:aws:iam::${FIXTURE_ACCOUNT}:root`;

describe('the best-practice checks over an export', () => {
  it('report each planted flaw once, by check id and resource, and nothing else', async () => {
    const report = await analyzeAccount(account, { now: NOW });
    const found = report.findings.map((f) => `${f.id} ${f.resourceArn}`).sort();
    assert.deepEqual(found, [
      `gatehouse_iam_role_unused ${arn('role', 'service/app')}`,
      `gatehouse_role_trusts_account_without_condition ${arn('role', 'partner')}`,
      `iam_administrator_access_with_mfa ${arn('user', 'alice')}`,
      `iam_avoid_root_usage ${ROOT}`,
      'iam_aws_attached_policy_no_administrative_privileges arn:aws:iam::aws:policy/AdministratorAccess',
      `iam_group_administrator_access_policy ${arn('group', 'admins')}`,
      `iam_no_root_access_key ${ROOT}`,
      `iam_password_policy_expires_passwords_within_90_days_or_less ${ROOT}`,
      `iam_password_policy_lowercase ${ROOT}`,
      `iam_password_policy_minimum_length_14 ${ROOT}`,
      `iam_password_policy_reuse_24 ${ROOT}`,
      `iam_password_policy_symbol ${ROOT}`,
      `iam_password_policy_uppercase ${ROOT}`,
      `iam_policy_attached_only_to_group_or_roles ${arn('user', 'dev/bob')}`,
      `iam_role_cross_account_readonlyaccess_policy ${arn('role', 'partner')}`,
      `iam_role_cross_service_confused_deputy_prevention ${arn('role', 'service/app')}`,
      `iam_root_mfa_enabled ${ROOT}`,
      `iam_rotate_access_key_90_days ${arn('user', 'alice')}`,
      `iam_rotate_access_key_90_days ${arn('user', 'alice')}`,
      `iam_support_role_created ${ROOT}`,
      `iam_user_accesskey_unused ${arn('user', 'alice')}`,
      `iam_user_mfa_enabled_console_access ${arn('user', 'alice')}`,
      `iam_user_no_setup_initial_access_key ${arn('user', 'alice')}`,
      `iam_user_two_active_access_key ${arn('user', 'alice')}`,
    ]);
    assert.deepEqual(report.summary, { critical: 3, high: 7, medium: 11, low: 3, total: 24 });
  });

  it('give each finding a reason and the AWS CLI commands that fix it', async () => {
    const report = await analyzeAccount(account, { now: NOW });
    const rotate = report.findings.find((f) => f.id === 'iam_rotate_access_key_90_days')!;
    assert.equal(rotate.reason, "alice's access key 1 was created 143 days ago (2025-01-10) and is still active");
    assert.equal(rotate.remediation[0], 'aws iam create-access-key --user-name alice');
    assert.deepEqual(rotate.sources, ['CIS AWS Foundations v5.0 1.13', 'AWS Security Hub IAM.3', 'Prowler iam_rotate_access_key_90_days']);
    const length = report.findings.find((f) => f.id === 'iam_password_policy_minimum_length_14')!;
    assert.equal(
      length.remediation[0],
      'aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password --max-password-age 90 --password-reuse-prevention 24',
    );
  });

  it('take their thresholds from the options', async () => {
    const relaxed = await analyzeAccount(account, {
      now: NOW,
      thresholds: thresholdsOf({ accessKeyMaxAgeDays: '365', roleUnusedDays: 120, rootUsedWithinDays: 0 }),
    });
    const ids = new Set(relaxed.findings.map((f) => f.id));
    assert.ok(!ids.has('iam_rotate_access_key_90_days'));
    assert.ok(!ids.has('gatehouse_iam_role_unused'));
    assert.ok(!ids.has('iam_avoid_root_usage'));
    assert.throws(() => thresholdsOf({ accessKeyMaxAge: 1 }), /unknown threshold `accessKeyMaxAge`/);
    assert.throws(() => thresholdsOf({ roleUnusedDays: 400 }), /from 1 to 365, not `400`/);
  });

  it('say which checks the export cannot answer, and why', async () => {
    const report = await analyzeAccount(account, { now: NOW });
    const skipped = Object.fromEntries(report.checks.filter((c) => c.status === 'not-evaluated').map((c) => [c.id, c.reason]));
    assert.deepEqual(Object.keys(skipped).sort(), [
      'accessanalyzer_enabled',
      'cloudtrail_multi_region_enabled',
      'iam_no_expired_server_certificates_stored',
      's3_bucket_public_access',
    ]);
    assert.equal(skipped['cloudtrail_multi_region_enabled'], 'needs the trails (aws cloudtrail describe-trails)');
  });

  it("find no escalation an SCP blocks: bob may create alice's keys by his own policies, not under his organization", async () => {
    const report = await analyzeAccount(account, { now: NOW });
    assert.deepEqual(
      report.administrators.map((a) => a.arn),
      [arn('user', 'alice')],
    );
    assert.equal(report.findings.filter((f) => f.category === 'privilege-escalation').length, 0);
    const outside = await analyzeAccount({ ...account, organization: null }, { now: NOW });
    const paths = outside.findings.filter((f) => f.category === 'privilege-escalation');
    assert.deepEqual(
      paths.map((f) => `${f.id} ${f.resourceArn}`),
      // alice has two keys: one must go first (pathfinding.cloud iam-003, not iam-002).
      [`iam-003 ${arn('user', 'dev/bob')}`],
    );
  });
});
