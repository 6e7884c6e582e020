import { CheckInputError, checkNoPublicAccess } from '../../customChecks/index.js';
import { trustGrants, type TrustGrant } from '../../trust/index.js';
import type { RoleModel } from '../accountModel.js';
import { aws } from '../remediation.js';
import type { Check, CheckContext, FindingDraft } from './check.js';
import { always, daysBetween } from './check.js';
import { prowler } from './sources.js';

/** Who may assume the account's roles, and which roles are not used. */

const ROLE = 'AWS::IAM::Role';
const ACCESS_ANALYZER = 'IAM Access Analyzer external access';
const CONFUSED_DEPUTY = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html';
const EXTERNAL_ID = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html';

const fixTrust = (role: RoleModel) => aws('iam', 'update-assume-role-policy', { 'role-name': role.name, 'policy-document': 'file://trust-policy.json' });

/** The roles a person or workload can assume (not service-linked). */
function roles(ctx: CheckContext): RoleModel[] {
  return ctx.model.roles.filter((r) => !r.serviceLinked);
}

/** Accounts known to be in the account's own organization (from the Organizations export). */
function organizationAccounts(ctx: CheckContext): ReadonlySet<string> {
  const organization = ctx.account.organization;
  return new Set(organization ? [organization.summary.managementAccountId, organization.account.id] : []);
}

function grantsOf(ctx: CheckContext, role: RoleModel): TrustGrant[] {
  return trustGrants(role.trustPolicy, ctx.model.accountId);
}

function statementLabel(grant: TrustGrant): string {
  return grant.sid !== undefined ? `statement ${grant.sid}` : `statement ${grant.statementIndex}`;
}

export const TRUST_CHECKS: readonly Check[] = [
  {
    id: 'gatehouse_role_trust_public',
    title: 'IAM role trust policy does not let anyone assume the role',
    severity: 'critical',
    category: 'trust',
    sources: [ACCESS_ANALYZER],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html',
    unavailable: always,
    run(ctx) {
      const out: FindingDraft[] = [];
      for (const role of roles(ctx)) {
        let result: ReturnType<typeof checkNoPublicAccess>;
        try {
          result = checkNoPublicAccess(role.trustPolicy, 'AWS::IAM::AssumeRolePolicyDocument');
        } catch (err) {
          if (err instanceof CheckInputError) continue;
          throw err;
        }
        if (result.result === 'PASS') continue;
        const where = result.reasons?.map((r) => (r.statementId !== undefined ? `statement ${r.statementId}` : `statement ${r.statementIndex}`)).join(', ');
        out.push({
          resourceArn: role.arn,
          resourceType: ROLE,
          reason: `the trust policy of ${role.name} lets principals of any AWS account assume it${where ? ` (${where})` : ''}, whatever account they are in`,
          remediation: [fixTrust(role)],
        });
      }
      return out;
    },
  },
  {
    id: 'gatehouse_role_trusts_account_without_condition',
    title: 'IAM role does not trust a whole AWS account outside its organization without conditions',
    severity: 'high',
    category: 'trust',
    sources: [ACCESS_ANALYZER],
    link: EXTERNAL_ID,
    unavailable: always,
    run(ctx) {
      const ours = organizationAccounts(ctx);
      const out: FindingDraft[] = [];
      for (const role of roles(ctx)) {
        for (const grant of grantsOf(ctx, role)) {
          if (grant.kind !== 'account' || !grant.external || grant.conditionKeys.length > 0 || ours.has(grant.value)) continue;
          out.push({
            resourceArn: role.arn,
            resourceType: ROLE,
            reason: `the trust policy of ${role.name} (${statementLabel(grant)}) lets any principal of account ${grant.value} that its own policies allow assume it, with no condition`,
            remediation: [fixTrust(role)],
          });
        }
      }
      return out;
    },
  },
  {
    id: 'gatehouse_role_third_party_without_external_id',
    title: 'IAM role assumable by a third party requires an external ID',
    severity: 'medium',
    category: 'trust',
    sources: ['AWS IAM User Guide: id_roles_create_for-user_externalid'],
    link: EXTERNAL_ID,
    unavailable: always,
    run(ctx) {
      const ours = organizationAccounts(ctx);
      const out: FindingDraft[] = [];
      for (const role of roles(ctx)) {
        for (const grant of grantsOf(ctx, role)) {
          if (!grant.external || grant.kind === 'anyone' || grant.hasExternalId || grant.limitsOrganization) continue;
          if (grant.account !== undefined && ours.has(grant.account)) continue;
          // A whole account with no condition at all is the finding above.
          if (grant.kind === 'account' && grant.conditionKeys.length === 0) continue;
          out.push({
            resourceArn: role.arn,
            resourceType: ROLE,
            reason: `${role.name} can be assumed from another account (${grant.value}) without an sts:ExternalId condition, so that party could be made to act for someone else`,
            remediation: [fixTrust(role), '# add "Condition": {"StringEquals": {"sts:ExternalId": "<the id the third party gave you>"}} to the statement'],
          });
        }
      }
      return out;
    },
  },
  {
    id: 'iam_role_cross_service_confused_deputy_prevention',
    title: 'IAM service role prevents cross-service confused deputy attack',
    severity: 'high',
    category: 'trust',
    sources: [prowler('iam_role_cross_service_confused_deputy_prevention')],
    link: CONFUSED_DEPUTY,
    unavailable: always,
    run(ctx) {
      const out: FindingDraft[] = [];
      for (const role of roles(ctx)) {
        const services = grantsOf(ctx, role).filter((g) => g.kind === 'service' && !g.limitsSource);
        if (services.length === 0) continue;
        out.push({
          resourceArn: role.arn,
          resourceType: ROLE,
          reason: `${role.name} trusts ${[...new Set(services.map((g) => g.value))].join(', ')} without an aws:SourceAccount or aws:SourceArn condition, so the service could be made to use it for another account`,
          remediation: [fixTrust(role), `# add "Condition": {"StringEquals": {"aws:SourceAccount": "${ctx.model.accountId}"}} to the statement`],
        });
      }
      return out;
    },
  },
  {
    id: 'iam_role_cross_account_readonlyaccess_policy',
    title: 'IAM role does not grant ReadOnlyAccess to external AWS accounts',
    severity: 'high',
    category: 'trust',
    sources: [prowler('iam_role_cross_account_readonlyaccess_policy')],
    unavailable: always,
    run(ctx) {
      const out: FindingDraft[] = [];
      for (const role of roles(ctx)) {
        if (!role.attached.includes('arn:aws:iam::aws:policy/ReadOnlyAccess')) continue;
        const external = grantsOf(ctx, role).filter((g) => g.external && (g.kind === 'account' || g.kind === 'principal' || g.kind === 'anyone'));
        if (external.length === 0) continue;
        out.push({
          resourceArn: role.arn,
          resourceType: ROLE,
          reason: `${role.name} has ReadOnlyAccess and can be assumed from outside the account (${external.map((g) => g.value).join(', ')}), which reads nearly everything, secrets in configuration included`,
          remediation: [aws('iam', 'detach-role-policy', { 'role-name': role.name, 'policy-arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess' })],
        });
      }
      return out;
    },
  },
  {
    id: 'gatehouse_iam_role_unused',
    title: 'IAM role has been used within the unused-access period',
    severity: 'medium',
    category: 'trust',
    sources: ['IAM Access Analyzer unused access (UnusedIAMRole)'],
    link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html',
    unavailable: always,
    run(ctx) {
      const limit = ctx.thresholds.roleUnusedDays;
      const out: FindingDraft[] = [];
      for (const role of roles(ctx)) {
        const idle = daysBetween(role.lastUsed ?? role.createdAt, ctx.now);
        if (idle <= limit) continue;
        out.push({
          resourceArn: role.arn,
          resourceType: ROLE,
          reason:
            role.lastUsed === null
              ? `${role.name} has not been used in the ${idle} days since it was created`
              : `${role.name} was last used ${idle} days ago (${role.lastUsed.slice(0, 10)})`,
          remediation: [
            ...role.attached.map((arn) => aws('iam', 'detach-role-policy', { 'role-name': role.name, 'policy-arn': arn })),
            ...role.inline.map((p) => aws('iam', 'delete-role-policy', { 'role-name': role.name, 'policy-name': p.name })),
            ...role.instanceProfiles.map((p) => aws('iam', 'remove-role-from-instance-profile', { 'instance-profile-name': p, 'role-name': role.name })),
            aws('iam', 'delete-role', { 'role-name': role.name }),
          ],
        });
      }
      return out;
    },
  },
];
