import { ServiceError } from '../../../errors.js';
import { defineOperation, type Operation } from '../../operation.js';
import { iamNeed } from '../iamNeed.js';
import { organizationsAccessReportOperations } from '../reports/organizationsAccessReport.js';

/**
 * The IAM operations about the account's organization: the organizations access report
 * (`organizationsAccessReport.ts`) and centralized root access (ListOrganizationsFeatures,
 * Enable/DisableOrganizationsRootCredentialsManagement, Enable/DisableOrganizationsRootSessions).
 *
 * AWS: API_ListOrganizationsFeatures and API_EnableOrganizationsRootSessions — an account without an
 * organization gets OrganizationNotFoundException ("The request was rejected because no organization
 * is associated with your account."); centralized root access also needs IAM's trusted access in
 * Organizations, which Gatehouse's organizations do not grant yet (ServiceAccessNotEnabledException).
 *
 * INVARIANT: the centralized-root-access operations are newer than the `aws-sdk` v2 model that
 * decodes requests, so until that model has them the protocol layer answers InvalidAction first.
 */

/** The centralized root access operations: each needs an organization with IAM's trusted access. */
function rootAccessOperation(name: string): Operation {
  return defineOperation<Record<string, never>, Record<string, never>>({
    service: 'iam',
    name,
    readOnly: name === 'ListOrganizationsFeatures',
    authorize: () => iamNeed(name, '*'),
    handle: async (_input, ctx) => {
      const account = await ctx.store.accounts.get(ctx.principal.accountId);
      if (account?.organizationId === null || account?.organizationId === undefined) {
        throw new ServiceError('OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.');
      }
      throw new ServiceError(
        'ServiceAccessNotEnabledException',
        'The request was rejected because trusted access is not enabled for IAM in Organizations. For details, see IAM and Organizations in the Organizations User Guide.',
      );
    },
  });
}

/** The organization operations. */
export const organizationsFeaturesOperations: Operation[] = [
  ...organizationsAccessReportOperations,
  ...[
    'ListOrganizationsFeatures',
    'EnableOrganizationsRootCredentialsManagement',
    'DisableOrganizationsRootCredentialsManagement',
    'EnableOrganizationsRootSessions',
    'DisableOrganizationsRootSessions',
  ].map(rootAccessOperation),
];
