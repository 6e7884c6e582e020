import type { AccessKeyFacts } from '../../exports/index.js';
import type { UserModel } from '../accountModel.js';
import { aws } from '../remediation.js';
import type { Check, CheckContext, FindingDraft } from './check.js';
import { daysBetween, needsCredentialReport } from './check.js';
import { cis, prowler, securityHub } from './sources.js';

/**
 * The credential checks of IAM users, read from the credential report. The root user is not a
 * user here (its own checks are in `rootChecks.ts`), as in Prowler.
 */

const USER = 'AWS::IAM::User';

/** Users with their report row, by name. */
function reported(ctx: CheckContext): { user: UserModel | undefined; facts: NonNullable<UserModel['credentials']> }[] {
  const users = new Map(ctx.model.users.map((u) => [u.name.toLowerCase(), u]));
  return (ctx.account.credentials ?? []).filter((c) => !c.isRoot).map((facts) => ({ user: users.get(facts.user.toLowerCase()), facts }));
}

function keyLabel(key: AccessKeyFacts): string {
  return `access key ${key.slot}`;
}

const listKeys = (user: string) => aws('iam', 'list-access-keys', { 'user-name': user });

export const CREDENTIAL_CHECKS: readonly Check[] = [
  {
    id: 'iam_user_mfa_enabled_console_access',
    title: 'IAM user has MFA enabled for console access or no console password is set',
    severity: 'high',
    category: 'credentials',
    sources: [cis('1.9'), securityHub('IAM.5'), prowler('iam_user_mfa_enabled_console_access')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html',
    unavailable: needsCredentialReport,
    run(ctx) {
      return reported(ctx)
        .filter(({ facts }) => facts.passwordEnabled && !facts.mfaActive)
        .map(({ facts }) => ({
          resourceArn: facts.arn,
          resourceType: USER,
          reason: `${facts.user} can sign in to the console with a password alone: no MFA device is active`,
          remediation: [
            aws('iam', 'create-virtual-mfa-device', {
              'virtual-mfa-device-name': facts.user,
              outfile: `${facts.user}-mfa.png`,
              'bootstrap-method': 'QRCodePNG',
            }),
            aws('iam', 'enable-mfa-device', {
              'user-name': facts.user,
              'serial-number': `arn:aws:iam::${ctx.model.accountId}:mfa/${facts.user}`,
              'authentication-code1': '<code>',
              'authentication-code2': '<next-code>',
            }),
          ],
        }));
    },
  },
  {
    id: 'iam_rotate_access_key_90_days',
    title: 'IAM user does not have active access keys older than 90 days',
    severity: 'medium',
    category: 'credentials',
    sources: [cis('1.13'), securityHub('IAM.3'), prowler('iam_rotate_access_key_90_days')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#Using_RotateAccessKey',
    unavailable: needsCredentialReport,
    run(ctx) {
      const out: FindingDraft[] = [];
      for (const { facts } of reported(ctx)) {
        for (const key of facts.accessKeys) {
          const age = daysBetween(key.lastRotated, ctx.now);
          if (!key.active || age <= ctx.thresholds.accessKeyMaxAgeDays) continue;
          out.push({
            resourceArn: facts.arn,
            resourceType: USER,
            reason: `${facts.user}'s ${keyLabel(key)} was created ${age} days ago (${key.lastRotated.slice(0, 10)}) and is still active`,
            remediation: [
              aws('iam', 'create-access-key', { 'user-name': facts.user }),
              "# move the user's applications to the new key, then:",
              listKeys(facts.user),
              aws('iam', 'update-access-key', { 'user-name': facts.user, 'access-key-id': '<old-access-key-id>', status: 'Inactive' }),
              aws('iam', 'delete-access-key', { 'user-name': facts.user, 'access-key-id': '<old-access-key-id>' }),
            ],
          });
        }
      }
      return out;
    },
  },
  {
    id: 'iam_user_accesskey_unused',
    title: 'IAM user does not have unused access keys older than 45 days',
    severity: 'medium',
    category: 'credentials',
    sources: [cis('1.11'), securityHub('IAM.22'), prowler('iam_user_accesskey_unused')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
    unavailable: needsCredentialReport,
    run(ctx) {
      const out: FindingDraft[] = [];
      const limit = ctx.thresholds.credentialUnusedDays;
      for (const { facts } of reported(ctx)) {
        for (const key of facts.accessKeys) {
          if (!key.active) continue;
          const idle = daysBetween(key.lastUsed ?? key.lastRotated, ctx.now);
          if (idle <= limit) continue;
          out.push({
            resourceArn: facts.arn,
            resourceType: USER,
            reason:
              key.lastUsed === null
                ? `${facts.user}'s ${keyLabel(key)} has never been used in the ${idle} days since it was created`
                : `${facts.user}'s ${keyLabel(key)} was last used ${idle} days ago (${key.lastUsed.slice(0, 10)})`,
            remediation: [
              listKeys(facts.user),
              aws('iam', 'update-access-key', { 'user-name': facts.user, 'access-key-id': '<access-key-id>', status: 'Inactive' }),
            ],
          });
        }
      }
      return out;
    },
  },
  {
    id: 'iam_user_console_access_unused',
    title: 'IAM user console access is disabled, used within the configured inactivity period, or never used',
    severity: 'medium',
    category: 'credentials',
    sources: [cis('1.11'), securityHub('IAM.22'), prowler('iam_user_console_access_unused')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
    unavailable: needsCredentialReport,
    run(ctx) {
      const limit = ctx.thresholds.credentialUnusedDays;
      const out: FindingDraft[] = [];
      for (const { facts } of reported(ctx)) {
        if (!facts.passwordEnabled) continue;
        const since = facts.passwordLastUsed ?? facts.passwordLastChanged ?? facts.createdAt;
        const idle = daysBetween(since, ctx.now);
        if (idle <= limit) continue;
        out.push({
          resourceArn: facts.arn,
          resourceType: USER,
          reason:
            facts.passwordLastUsed === null
              ? `${facts.user}'s console password has not been used in the ${idle} days since it was set`
              : `${facts.user} last signed in to the console ${idle} days ago (${facts.passwordLastUsed.slice(0, 10)})`,
          remediation: [aws('iam', 'delete-login-profile', { 'user-name': facts.user })],
        });
      }
      return out;
    },
  },
  {
    id: 'iam_user_two_active_access_key',
    title: 'IAM user has at most one active access key',
    severity: 'medium',
    category: 'credentials',
    sources: [cis('1.12'), prowler('iam_user_two_active_access_key')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    unavailable: needsCredentialReport,
    run(ctx) {
      return reported(ctx)
        .filter(({ facts }) => facts.accessKeys.filter((k) => k.active).length > 1)
        .map(({ facts }) => ({
          resourceArn: facts.arn,
          resourceType: USER,
          reason: `${facts.user} has two active access keys; one should be enough`,
          remediation: [
            listKeys(facts.user),
            aws('iam', 'update-access-key', { 'user-name': facts.user, 'access-key-id': '<unneeded-access-key-id>', status: 'Inactive' }),
          ],
        }));
    },
  },
  {
    id: 'iam_user_no_setup_initial_access_key',
    title: 'IAM user does not have active access keys that have never been used',
    severity: 'medium',
    category: 'credentials',
    sources: [cis('1.10'), prowler('iam_user_no_setup_initial_access_key')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    unavailable: needsCredentialReport,
    run(ctx) {
      const out: FindingDraft[] = [];
      for (const { facts } of reported(ctx)) {
        if (!facts.passwordEnabled) continue;
        for (const key of facts.accessKeys) {
          if (!key.active || key.lastUsed !== null) continue;
          out.push({
            resourceArn: facts.arn,
            resourceType: USER,
            reason: `${facts.user}, a console user, has an active ${keyLabel(key)} that has never been used`,
            remediation: [listKeys(facts.user), aws('iam', 'delete-access-key', { 'user-name': facts.user, 'access-key-id': '<unused-access-key-id>' })],
          });
        }
      }
      return out;
    },
  },
  {
    id: 'iam_user_hardware_mfa_enabled',
    title: 'IAM user has hardware MFA enabled',
    severity: 'high',
    category: 'credentials',
    sources: [prowler('iam_user_hardware_mfa_enabled')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_physical.html',
    unavailable: (ctx) =>
      needsCredentialReport(ctx) ??
      (ctx.account.virtualMfaDevices === undefined ? 'needs the virtual MFA devices (aws iam list-virtual-mfa-devices)' : undefined),
    run(ctx) {
      const virtual = new Map((ctx.account.virtualMfaDevices ?? []).filter((d) => d.userArn !== undefined).map((d) => [d.userArn!, d.serialNumber]));
      return reported(ctx)
        .filter(({ facts }) => facts.mfaActive && virtual.has(facts.arn))
        .map(({ facts }) => ({
          resourceArn: facts.arn,
          resourceType: USER,
          reason: `${facts.user}'s MFA device ${virtual.get(facts.arn)} is virtual, not a hardware device`,
          remediation: [
            aws('iam', 'enable-mfa-device', {
              'user-name': facts.user,
              'serial-number': '<hardware-device-serial>',
              'authentication-code1': '<code>',
              'authentication-code2': '<next-code>',
            }),
            aws('iam', 'deactivate-mfa-device', { 'user-name': facts.user, 'serial-number': virtual.get(facts.arn)! }),
          ],
        }));
    },
  },
  {
    id: 'iam_administrator_access_with_mfa',
    title: 'IAM administrators with a console password have MFA enabled',
    severity: 'high',
    category: 'credentials',
    sources: [prowler('iam_administrator_access_with_mfa')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
    unavailable: needsCredentialReport,
    run(ctx) {
      const admins = new Set(ctx.escalation.administrators.filter((a) => a.type === 'user').map((a) => a.arn));
      return reported(ctx)
        .filter(({ facts }) => admins.has(facts.arn) && facts.passwordEnabled && !facts.mfaActive)
        .map(({ facts }) => ({
          resourceArn: facts.arn,
          resourceType: USER,
          reason: `${facts.user} is an administrator (the policy engine allows it everything) and signs in to the console without MFA`,
          remediation: [
            aws('iam', 'create-virtual-mfa-device', {
              'virtual-mfa-device-name': facts.user,
              outfile: `${facts.user}-mfa.png`,
              'bootstrap-method': 'QRCodePNG',
            }),
            aws('iam', 'enable-mfa-device', {
              'user-name': facts.user,
              'serial-number': `arn:aws:iam::${ctx.model.accountId}:mfa/${facts.user}`,
              'authentication-code1': '<code>',
              'authentication-code2': '<next-code>',
            }),
          ],
        }));
    },
  },
];
