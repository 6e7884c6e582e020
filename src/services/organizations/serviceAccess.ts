import { defineOperation, type Operation } from '../operation.js';
import { managementScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed, servicePrincipalContext } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { ensureOrganizationInstance, saveServiceAccess, serviceAccess, SSO_SERVICE_PRINCIPAL } from '../shared/index.js';
import { readScope } from './delegations.js';

/**
 * Trusted access: the AWS services an organization allows to work across its accounts
 * (EnableAWSServiceAccess, DisableAWSServiceAccess, ListAWSServiceAccessForOrganization).
 *
 * AWS: Organizations User Guide, "AWS services that you can use with AWS Organizations" — the
 * service principals below are the services that support trusted access. Any other principal is
 * InvalidInputException UNRECOGNIZED_SERVICE_PRINCIPAL, "You specified an unrecognized service
 * principal." (also for RegisterDelegatedAdministrator).
 */
export const TRUSTED_SERVICE_PRINCIPALS: ReadonlySet<string> = new Set([
  'access-analyzer.amazonaws.com',
  'account.amazonaws.com',
  'auditmanager.amazonaws.com',
  'aws-artifact-account-sync.amazonaws.com',
  'backup.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'compute-optimizer.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'controltower.amazonaws.com',
  'cost-optimization-hub.bcm.amazonaws.com',
  'detective.amazonaws.com',
  'devops-guru.amazonaws.com',
  'ds.amazonaws.com',
  'fms.amazonaws.com',
  'guardduty.amazonaws.com',
  'health.amazonaws.com',
  'iam.amazonaws.com',
  'inspector2.amazonaws.com',
  'ipam.amazonaws.com',
  'license-manager.amazonaws.com',
  'license-manager.member-account.amazonaws.com',
  'macie.amazonaws.com',
  'malware-protection.guardduty.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com',
  'mgn.amazonaws.com',
  'networkmanager.amazonaws.com',
  'notifications.amazonaws.com',
  'ram.amazonaws.com',
  'reporting.trustedadvisor.amazonaws.com',
  'resource-explorer-2.amazonaws.com',
  'securityhub.amazonaws.com',
  'securitylake.amazonaws.com',
  'servicecatalog.amazonaws.com',
  'servicequotas.amazonaws.com',
  'ssm.amazonaws.com',
  'sso.amazonaws.com',
  'storage-lens.s3.amazonaws.com',
  'tagpolicies.tag.amazonaws.com',
  'wellarchitected.amazonaws.com',
]);

/** UNRECOGNIZED_SERVICE_PRINCIPAL unless `principal` is a service that works with Organizations. */
export function checkServicePrincipal(principal: string): void {
  if (!TRUSTED_SERVICE_PRINCIPALS.has(principal)) throw orgErrors.invalid('UNRECOGNIZED_SERVICE_PRINCIPAL', 'You specified an unrecognized service principal.');
}

/**
 * AWS: API_EnableAWSServiceAccess — from the management account only; enabling a service that
 * already has access changes nothing (it keeps the date it was first enabled).
 *
 * Enabling IAM Identity Center (`sso.amazonaws.com`) also creates the organization's instance,
 * as the IAM Identity Center console's Enable does on AWS (it enables this trusted access and
 * creates the instance); Gatehouse has no console, so this call is how an organization instance
 * comes to exist. Enabling it again creates one only if there is none.
 */
export const EnableAWSServiceAccess = defineOperation<{ ServicePrincipal: string }>({
  service: 'organizations',
  name: 'EnableAWSServiceAccess',
  readOnly: false,
  authorize: (input, ctx) => [orgNeed('EnableAWSServiceAccess', '*', ctx, servicePrincipalContext(input.ServicePrincipal))],
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    checkServicePrincipal(input.ServicePrincipal);
    if (input.ServicePrincipal === SSO_SERVICE_PRINCIPAL) await ensureOrganizationInstance(ctx.store, ctx.now, org);
    const list = await serviceAccess(ctx, org.id);
    if (list.some((s) => s.servicePrincipal === input.ServicePrincipal)) return {};
    await saveServiceAccess(ctx, org.id, [...list, { servicePrincipal: input.ServicePrincipal, enabledAt: ctx.now.toISOString() }]);
    return {};
  },
});

/** AWS: API_DisableAWSServiceAccess — from the management account only; a service without access is left as it is. */
export const DisableAWSServiceAccess = defineOperation<{ ServicePrincipal: string }>({
  service: 'organizations',
  name: 'DisableAWSServiceAccess',
  readOnly: false,
  authorize: (input, ctx) => [orgNeed('DisableAWSServiceAccess', '*', ctx, servicePrincipalContext(input.ServicePrincipal))],
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    checkServicePrincipal(input.ServicePrincipal);
    const list = await serviceAccess(ctx, org.id);
    const rest = list.filter((s) => s.servicePrincipal !== input.ServicePrincipal);
    if (rest.length === list.length) return {};
    await saveServiceAccess(ctx, org.id, rest);
    return {};
  },
});

/**
 * AWS: API_ListAWSServiceAccessForOrganization — the management account or a delegated
 * administrator; `EnabledServicePrincipals` in the order they were enabled, 20 to a page by default.
 */
export const ListAWSServiceAccessForOrganization = defineOperation<{ NextToken?: string; MaxResults?: number }>({
  service: 'organizations',
  name: 'ListAWSServiceAccessForOrganization',
  readOnly: true,
  authorize: (_input, ctx) => [orgNeed('ListAWSServiceAccessForOrganization', '*', ctx)],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    const page = paginate(
      (await serviceAccess(ctx, org.id)).map((s) => ({ ServicePrincipal: s.servicePrincipal, DateEnabled: new Date(s.enabledAt) })),
      input,
    );
    return { EnabledServicePrincipals: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const serviceAccessOperations: Operation[] = [EnableAWSServiceAccess, DisableAWSServiceAccess, ListAWSServiceAccessForOrganization];
