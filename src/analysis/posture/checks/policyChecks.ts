import type { AccountModel, GroupModel, PolicyModel, RoleModel, UserModel } from '../accountModel.js';
import { holdersOf } from '../accountModel.js';
import { aws, removePolicyCommand } from '../remediation.js';
import type { Check, CheckContext, FindingDraft } from './check.js';
import { always } from './check.js';
import { allowsAssumingAnyRole, grantsAdministrator, grantsFullAccess, type HasDocument } from './policyStatements.js';
import { cis, prowler, securityHub } from './sources.js';

/** What the account's policies say and where they are attached. */

type Holder = UserModel | GroupModel | RoleModel;

const RESOURCE_TYPE: Record<Holder['kind'], string> = { user: 'AWS::IAM::User', group: 'AWS::IAM::Group', role: 'AWS::IAM::Role' };
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

function managedDrafts(
  ctx: CheckContext,
  select: (policy: PolicyModel, holders: readonly Holder[]) => boolean,
  reason: (policy: PolicyModel, holders: readonly Holder[]) => string,
  fix: (policy: PolicyModel, holders: readonly Holder[]) => string[],
): FindingDraft[] {
  const holders = holdersOf(ctx.model);
  const out: FindingDraft[] = [];
  for (const policy of ctx.model.policies.values()) {
    const of = holders.get(policy.arn) ?? [];
    if (!select(policy, of)) continue;
    out.push({ resourceArn: policy.arn, resourceType: 'AWS::IAM::ManagedPolicy', reason: reason(policy, of), remediation: fix(policy, of) });
  }
  return out;
}

function inlineDrafts(model: AccountModel, test: (policy: HasDocument) => boolean, reason: (holder: Holder, name: string) => string): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const holder of [...model.users, ...model.groups, ...model.roles]) {
    for (const inline of holder.inline) {
      if (!test(inline)) continue;
      out.push({
        resourceArn: holder.arn,
        resourceType: RESOURCE_TYPE[holder.kind],
        reason: reason(holder, inline.name),
        remediation: [removePolicyCommand(holder.kind, holder.name, `inline:${holder.kind}/${holder.name}/${inline.name}`)],
      });
    }
  }
  return out;
}

const detachAll = (policy: PolicyModel, holders: readonly Holder[]) => holders.map((h) => removePolicyCommand(h.kind, h.name, policy.arn));
const narrow = (policy: PolicyModel) =>
  aws('iam', 'create-policy-version', { 'policy-arn': policy.arn, 'policy-document': 'file://least-privilege.json', 'set-as-default': true });
const names = (holders: readonly Holder[]) =>
  holders
    .slice(0, 3)
    .map((h) => `${h.kind} ${h.name}`)
    .join(', ') + (holders.length > 3 ? ` and ${holders.length - 3} more` : '');

/** Every place AdministratorAccess is attached, as one check per holder kind (Prowler's three checks). */
function administratorAccessCheck(kind: Holder['kind'], id: string, severity: Check['severity'], title: string): Check {
  return {
    id,
    title,
    severity,
    category: 'policies',
    sources: [prowler(id)],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    unavailable: always,
    run(ctx) {
      const holders = kind === 'user' ? ctx.model.users : kind === 'group' ? ctx.model.groups : ctx.model.roles;
      return holders
        .filter((h) => h.attached.includes(ADMINISTRATOR_ACCESS) && !(h.kind === 'role' && (h as RoleModel).serviceLinked))
        .map((h) => ({
          resourceArn: h.arn,
          resourceType: RESOURCE_TYPE[kind],
          reason: `${kind} ${h.name} has AdministratorAccess attached: every action on every resource`,
          remediation: [removePolicyCommand(kind, h.name, ADMINISTRATOR_ACCESS)],
        }));
    },
  };
}

function fullAccessChecks(service: 'kms' | 'cloudtrail', managedSeverity: Check['severity'], inlineSeverity: Check['severity']): Check[] {
  const managedId = `iam_policy_no_full_access_to_${service}`;
  const inlineId = `iam_inline_policy_no_full_access_to_${service}`;
  return [
    {
      id: managedId,
      title: `Customer managed IAM policy does not allow ${service}:* privileges`,
      severity: managedSeverity,
      category: 'policies',
      sources: [prowler(managedId)],
      unavailable: always,
      run: (ctx) =>
        managedDrafts(
          ctx,
          (p) => !p.awsManaged && grantsFullAccess(p, service),
          (p) => `${p.name} allows ${service}:* on every resource`,
          (p) => [narrow(p)],
        ),
    },
    {
      id: inlineId,
      title: `Inline IAM policy does not allow ${service}:* privileges`,
      severity: inlineSeverity,
      category: 'policies',
      sources: [prowler(inlineId)],
      unavailable: always,
      run: (ctx) =>
        inlineDrafts(
          ctx.model,
          (d) => grantsFullAccess(d, service),
          (h, name) => `the inline policy ${name} of ${h.kind} ${h.name} allows ${service}:* on every resource`,
        ),
    },
  ];
}

function anyRoleHas(ctx: CheckContext, arn: string): boolean {
  return ctx.model.roles.some((r) => r.attached.includes(arn));
}

export const POLICY_CHECKS: readonly Check[] = [
  {
    id: 'iam_policy_attached_only_to_group_or_roles',
    title: 'IAM user has no inline or attached policies',
    severity: 'low',
    category: 'policies',
    sources: [cis('1.14'), securityHub('IAM.2'), prowler('iam_policy_attached_only_to_group_or_roles')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html',
    unavailable: always,
    run(ctx) {
      return ctx.model.users
        .filter((u) => u.attached.length > 0 || u.inline.length > 0)
        .map((u) => {
          const what = [
            ...(u.attached.length > 0 ? [`${u.attached.length} attached polic${u.attached.length === 1 ? 'y' : 'ies'}`] : []),
            ...(u.inline.length > 0 ? [`${u.inline.length} inline polic${u.inline.length === 1 ? 'y' : 'ies'}`] : []),
          ].join(' and ');
          return {
            resourceArn: u.arn,
            resourceType: 'AWS::IAM::User',
            reason: `${u.name} has ${what} of its own; permissions are easier to review when users get them only through groups`,
            remediation: [
              aws('iam', 'add-user-to-group', { 'user-name': u.name, 'group-name': '<group-with-these-permissions>' }),
              ...u.attached.map((arn) => removePolicyCommand('user', u.name, arn)),
              ...u.inline.map((p) => removePolicyCommand('user', u.name, `inline:user/${u.name}/${p.name}`)),
            ],
          };
        });
    },
  },
  {
    id: 'iam_aws_attached_policy_no_administrative_privileges',
    title: "Attached AWS-managed IAM policy does not allow '*:*' administrative privileges",
    severity: 'critical',
    category: 'policies',
    sources: [cis('1.15'), securityHub('IAM.1'), prowler('iam_aws_attached_policy_no_administrative_privileges')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    unavailable: always,
    run: (ctx) =>
      managedDrafts(
        ctx,
        (p, holders) => p.awsManaged && holders.length > 0 && grantsAdministrator(p),
        (p, holders) => `${p.name} allows every action on every resource and is attached to ${names(holders)}`,
        detachAll,
      ),
  },
  {
    id: 'iam_customer_attached_policy_no_administrative_privileges',
    title: "Attached IAM customer-managed policy does not allow '*:*' administrative privileges",
    severity: 'high',
    category: 'policies',
    sources: [cis('1.15'), securityHub('IAM.1'), prowler('iam_customer_attached_policy_no_administrative_privileges')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    unavailable: always,
    run: (ctx) =>
      managedDrafts(
        ctx,
        (p, holders) => !p.awsManaged && holders.length > 0 && grantsAdministrator(p),
        (p, holders) => `${p.name} allows every action on every resource and is attached to ${names(holders)}`,
        (p) => [narrow(p)],
      ),
  },
  {
    id: 'iam_customer_unattached_policy_no_administrative_privileges',
    title: "Unattached customer managed IAM policy does not allow '*:*' administrative privileges",
    severity: 'medium',
    category: 'policies',
    sources: [securityHub('IAM.1'), prowler('iam_customer_unattached_policy_no_administrative_privileges')],
    unavailable: always,
    run: (ctx) =>
      managedDrafts(
        ctx,
        (p, holders) => !p.awsManaged && holders.length === 0 && grantsAdministrator(p),
        (p) => `${p.name} allows every action on every resource; anyone who may attach it can become an administrator`,
        (p) => [aws('iam', 'delete-policy', { 'policy-arn': p.arn })],
      ),
  },
  {
    id: 'iam_inline_policy_no_administrative_privileges',
    title: "Inline IAM policy does not allow '*:*' administrative privileges",
    severity: 'critical',
    category: 'policies',
    sources: [securityHub('IAM.1'), prowler('iam_inline_policy_no_administrative_privileges')],
    unavailable: always,
    run: (ctx) =>
      inlineDrafts(ctx.model, grantsAdministrator, (h, name) => `the inline policy ${name} of ${h.kind} ${h.name} allows every action on every resource`),
  },
  {
    id: 'iam_no_custom_policy_permissive_role_assumption',
    title: 'Custom IAM policy does not allow STS role assumption on wildcard resources',
    severity: 'high',
    category: 'policies',
    sources: [prowler('iam_no_custom_policy_permissive_role_assumption')],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html',
    unavailable: always,
    run: (ctx) => [
      ...managedDrafts(
        ctx,
        (p) => !p.awsManaged && allowsAssumingAnyRole(p),
        (p) => `${p.name} allows sts:AssumeRole on every role, so its holders can assume any role that trusts their account`,
        (p) => [narrow(p)],
      ),
      ...inlineDrafts(
        ctx.model,
        allowsAssumingAnyRole,
        (h, name) => `the inline policy ${name} of ${h.kind} ${h.name} allows sts:AssumeRole on every role, so it can assume any role that trusts its account`,
      ),
    ],
  },
  administratorAccessCheck('user', 'iam_user_administrator_access_policy', 'critical', 'IAM user does not have AdministratorAccess policy attached'),
  administratorAccessCheck('group', 'iam_group_administrator_access_policy', 'high', 'IAM group does not have AdministratorAccess policy attached'),
  administratorAccessCheck('role', 'iam_role_administratoraccess_policy', 'high', 'IAM role does not have AdministratorAccess policy attached'),
  ...fullAccessChecks('kms', 'medium', 'medium'),
  ...fullAccessChecks('cloudtrail', 'medium', 'high'),
  {
    id: 'iam_support_role_created',
    title: 'At least one IAM role has the AWSSupportAccess managed policy attached',
    severity: 'low',
    category: 'policies',
    sources: [cis('1.16'), securityHub('IAM.18'), prowler('iam_support_role_created')],
    link: 'https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html',
    unavailable: always,
    run(ctx) {
      if (anyRoleHas(ctx, 'arn:aws:iam::aws:policy/AWSSupportAccess')) return [];
      return [
        {
          resourceArn: ctx.rootArn,
          resourceType: 'AWS::::Account',
          reason: 'no role has AWSSupportAccess, so incidents with AWS Support need the root user or an administrator',
          remediation: [
            aws('iam', 'create-role', {
              'role-name': 'aws-support',
              'assume-role-policy-document': `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ctx.model.accountId}:root"},"Action":"sts:AssumeRole"}]}`,
            }),
            aws('iam', 'attach-role-policy', { 'role-name': 'aws-support', 'policy-arn': 'arn:aws:iam::aws:policy/AWSSupportAccess' }),
          ],
        },
      ];
    },
  },
  {
    id: 'iam_policy_cloudshell_admin_not_attached',
    title: 'No IAM users, groups, or roles have the AWSCloudShellFullAccess policy attached',
    severity: 'medium',
    category: 'policies',
    sources: [cis('1.21'), securityHub('IAM.27'), prowler('iam_policy_cloudshell_admin_not_attached')],
    unavailable: always,
    run(ctx) {
      const arn = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';
      return [...ctx.model.users, ...ctx.model.groups, ...ctx.model.roles]
        .filter((h) => h.attached.includes(arn))
        .map((h) => ({
          resourceArn: h.arn,
          resourceType: RESOURCE_TYPE[h.kind],
          reason: `${h.kind} ${h.name} has AWSCloudShellFullAccess, which allows moving files in and out of CloudShell freely`,
          remediation: [removePolicyCommand(h.kind, h.name, arn)],
        }));
    },
  },
];
