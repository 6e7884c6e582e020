import type { Check, CheckContext } from './check.js';
import { daysBetween } from './check.js';
import { aws } from '../remediation.js';
import { cis, prowler, securityHub } from './sources.js';

/**
 * The root user's checks. Like Prowler, they read the credential report's `<root_account>` row,
 * or the account summary (AccountMFAEnabled, AccountAccessKeysPresent) when no report was exported.
 */

const ACCOUNT = 'AWS::::Account';

function rootFacts(ctx: CheckContext) {
  return ctx.model.root;
}

function needsRootFacts(ctx: CheckContext, summaryKey?: string): string | undefined {
  if (ctx.model.root !== undefined) return undefined;
  if (summaryKey !== undefined && ctx.account.accountSummary?.[summaryKey] !== undefined) return undefined;
  return summaryKey === undefined
    ? 'needs the credential report (aws iam get-credential-report)'
    : 'needs the credential report (aws iam get-credential-report) or the account summary (aws iam get-account-summary)';
}

const SIGN_IN_AS_ROOT = '# sign in as the root user: the console, Security credentials, Multi-factor authentication (MFA), Assign MFA device';

export const ROOT_CHECKS: readonly Check[] = [
  {
    id: 'iam_root_mfa_enabled',
    title: 'Root account has MFA enabled',
    severity: 'critical',
    category: 'root',
    sources: [cis('1.4'), securityHub('IAM.9'), prowler('iam_root_mfa_enabled')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html',
    unavailable: (ctx) => needsRootFacts(ctx, 'AccountMFAEnabled'),
    run(ctx) {
      const mfa = rootFacts(ctx)?.mfaActive ?? ctx.account.accountSummary?.['AccountMFAEnabled'] === 1;
      if (mfa) return [];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: ACCOUNT,
          reason: 'the root user can sign in with its password alone: it has no MFA device',
          remediation: [SIGN_IN_AS_ROOT],
        },
      ];
    },
  },
  {
    id: 'iam_root_hardware_mfa_enabled',
    title: 'Root account has a hardware MFA device enabled',
    severity: 'critical',
    category: 'root',
    sources: [cis('1.5'), securityHub('IAM.6'), prowler('iam_root_hardware_mfa_enabled')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-hw-mfa-for-root.html',
    unavailable: (ctx) =>
      needsRootFacts(ctx, 'AccountMFAEnabled') ??
      (ctx.account.virtualMfaDevices === undefined ? 'needs the virtual MFA devices (aws iam list-virtual-mfa-devices)' : undefined),
    run(ctx) {
      const mfa = rootFacts(ctx)?.mfaActive ?? ctx.account.accountSummary?.['AccountMFAEnabled'] === 1;
      // Without MFA at all, iam_root_mfa_enabled reports it.
      if (!mfa) return [];
      const virtual = ctx.account.virtualMfaDevices!.find((d) => d.userArn === ctx.rootArn);
      if (virtual === undefined) return [];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: ACCOUNT,
          reason: `the root user's MFA device ${virtual.serialNumber} is virtual, not a hardware device`,
          remediation: [
            '# sign in as the root user: the console, Security credentials, Multi-factor authentication (MFA), Assign MFA device (a hardware TOTP token or a FIDO security key)',
            aws('iam', 'deactivate-mfa-device', { 'serial-number': virtual.serialNumber }),
            aws('iam', 'delete-virtual-mfa-device', { 'serial-number': virtual.serialNumber }),
          ],
        },
      ];
    },
  },
  {
    id: 'iam_no_root_access_key',
    title: 'Root account has no active access keys',
    severity: 'critical',
    category: 'root',
    sources: [cis('1.3'), securityHub('IAM.4'), prowler('iam_no_root_access_key')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
    unavailable: (ctx) => needsRootFacts(ctx, 'AccountAccessKeysPresent'),
    run(ctx) {
      const root = rootFacts(ctx);
      const active = root !== undefined ? root.accessKeys.filter((k) => k.active).length : (ctx.account.accountSummary?.['AccountAccessKeysPresent'] ?? 0);
      if (active === 0) return [];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: ACCOUNT,
          reason: `the root user has ${active === 1 ? 'an active access key' : `${active} active access keys`}, which can do anything in the account and cannot be limited by any policy`,
          remediation: [
            "# with the root user's credentials:",
            aws('iam', 'list-access-keys'),
            aws('iam', 'delete-access-key', { 'access-key-id': '<root-access-key-id>' }),
          ],
        },
      ];
    },
  },
  {
    id: 'iam_avoid_root_usage',
    title: 'AWS account root user has not been used recently',
    severity: 'high',
    category: 'root',
    sources: [cis('1.6'), securityHub('IAM.20'), prowler('iam_avoid_root_usage')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#root-user-tasks',
    unavailable: (ctx) => needsRootFacts(ctx),
    run(ctx) {
      const root = rootFacts(ctx)!;
      const uses = [root.passwordLastUsed, ...root.accessKeys.map((k) => k.lastUsed)].filter((u): u is string => u !== null);
      const last = uses.sort().at(-1);
      if (last === undefined) return [];
      const days = daysBetween(last, ctx.now);
      if (days > ctx.thresholds.rootUsedWithinDays) return [];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: ACCOUNT,
          reason: `the root user was used ${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`} (${last.slice(0, 10)}); everyday work should use IAM users or roles`,
          remediation: [
            aws('iam', 'create-user', { 'user-name': '<administrator>' }),
            aws('iam', 'attach-user-policy', { 'user-name': '<administrator>', 'policy-arn': 'arn:aws:iam::aws:policy/AdministratorAccess' }),
            '# then sign in as that user, and keep the root user for the tasks only it can do',
          ],
        },
      ];
    },
  },
];
