import type { PasswordPolicyFacts } from '../../exports/index.js';
import { aws } from '../remediation.js';
import type { Thresholds } from '../thresholds.js';
import type { Check, CheckContext } from './check.js';
import { cis, prowler, securityHub } from './sources.js';

/**
 * The account password policy's checks, one per rule as Prowler and Security Hub have them. An
 * account without a password policy (IAM's defaults: 8 characters, no other rule) fails each.
 *
 * AWS: id_credentials_passwords_account-policy — without a custom policy IAM requires 8 to 128
 * characters and nothing else.
 */

const ACCOUNT = 'AWS::::Account';
const LINK = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html';

interface Rule {
  readonly id: string;
  readonly title: string;
  readonly severity: Check['severity'];
  readonly sources: readonly string[];
  /** What is wrong, or undefined when the policy passes. */
  readonly test: (policy: PasswordPolicyFacts, t: Thresholds) => string | undefined;
}

const RULES: readonly Rule[] = [
  {
    id: 'iam_password_policy_minimum_length_14',
    title: 'IAM password policy requires passwords to be at least 14 characters long',
    severity: 'medium',
    sources: [cis('1.7'), securityHub('IAM.15'), prowler('iam_password_policy_minimum_length_14')],
    test: (p, t) =>
      (p.MinimumPasswordLength ?? 8) >= t.passwordMinimumLength
        ? undefined
        : `passwords may be ${p.MinimumPasswordLength ?? 8} characters long (fewer than ${t.passwordMinimumLength})`,
  },
  {
    id: 'iam_password_policy_reuse_24',
    title: 'IAM password policy prevents reuse of the last 24 passwords',
    severity: 'medium',
    sources: [cis('1.8'), securityHub('IAM.16'), prowler('iam_password_policy_reuse_24')],
    test: (p, t) =>
      (p.PasswordReusePrevention ?? 0) >= t.passwordReusePrevention
        ? undefined
        : p.PasswordReusePrevention === undefined
          ? 'a user may reuse any earlier password'
          : `only the last ${p.PasswordReusePrevention} passwords are remembered (fewer than ${t.passwordReusePrevention})`,
  },
  {
    id: 'iam_password_policy_uppercase',
    title: 'IAM password policy requires at least one uppercase letter',
    severity: 'medium',
    sources: [securityHub('IAM.11'), prowler('iam_password_policy_uppercase')],
    test: (p) => (p.RequireUppercaseCharacters === true ? undefined : 'passwords need no uppercase letter'),
  },
  {
    id: 'iam_password_policy_lowercase',
    title: 'IAM password policy requires at least one lowercase letter',
    severity: 'low',
    sources: [securityHub('IAM.12'), prowler('iam_password_policy_lowercase')],
    test: (p) => (p.RequireLowercaseCharacters === true ? undefined : 'passwords need no lowercase letter'),
  },
  {
    id: 'iam_password_policy_symbol',
    title: 'IAM password policy requires at least one symbol',
    severity: 'medium',
    sources: [securityHub('IAM.13'), prowler('iam_password_policy_symbol')],
    test: (p) => (p.RequireSymbols === true ? undefined : 'passwords need no symbol'),
  },
  {
    id: 'iam_password_policy_number',
    title: 'IAM password policy requires at least one number',
    severity: 'medium',
    sources: [securityHub('IAM.14'), prowler('iam_password_policy_number')],
    test: (p) => (p.RequireNumbers === true ? undefined : 'passwords need no number'),
  },
  {
    id: 'iam_password_policy_expires_passwords_within_90_days_or_less',
    title: 'IAM password policy enforces password expiration within 90 days or less',
    severity: 'medium',
    sources: [securityHub('IAM.17'), prowler('iam_password_policy_expires_passwords_within_90_days_or_less')],
    test: (p, t) =>
      p.MaxPasswordAge !== undefined && p.MaxPasswordAge <= t.passwordMaxAgeDays
        ? undefined
        : p.MaxPasswordAge === undefined
          ? 'passwords never expire'
          : `passwords expire after ${p.MaxPasswordAge} days (more than ${t.passwordMaxAgeDays})`,
  },
];

/** The command that sets a policy meeting every rule, keeping what the current one does better. */
function fixCommand(policy: PasswordPolicyFacts, t: Thresholds): string {
  return aws('iam', 'update-account-password-policy', {
    'minimum-password-length': String(Math.max(policy.MinimumPasswordLength ?? 8, t.passwordMinimumLength)),
    'require-symbols': true,
    'require-numbers': true,
    'require-uppercase-characters': true,
    'require-lowercase-characters': true,
    ...(policy.AllowUsersToChangePassword === false ? {} : { 'allow-users-to-change-password': true }),
    'max-password-age': String(Math.min(policy.MaxPasswordAge ?? t.passwordMaxAgeDays, t.passwordMaxAgeDays)),
    'password-reuse-prevention': String(Math.max(policy.PasswordReusePrevention ?? 0, t.passwordReusePrevention)),
  });
}

export const PASSWORD_CHECKS: readonly Check[] = RULES.map(
  (rule): Check => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: 'password-policy',
    sources: rule.sources,
    link: LINK,
    unavailable: (ctx: CheckContext) =>
      ctx.account.passwordPolicy === undefined
        ? 'needs the password policy (aws iam get-account-password-policy; its NoSuchEntity error text when the account has none)'
        : undefined,
    run(ctx) {
      const policy = ctx.account.passwordPolicy ?? {};
      const problem = ctx.account.passwordPolicy === null ? 'the account has no password policy' : rule.test(policy, ctx.thresholds);
      if (problem === undefined) return [];
      return [{ resourceArn: ctx.rootArn, resourceType: ACCOUNT, reason: problem, remediation: [fixCommand(policy, ctx.thresholds)] }];
    },
  }),
);
