import { ServiceError } from '../../errors.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { iamNeed } from './common.js';

/**
 * The IAM operations about the account's organization: the organizations access report
 * (GenerateOrganizationsAccessReport, GetOrganizationsAccessReport) and centralized root access
 * (ListOrganizationsFeatures, Enable/DisableOrganizationsRootCredentialsManagement,
 * Enable/DisableOrganizationsRootSessions).
 *
 * AWS: API_GenerateOrganizationsAccessReport — "To call this operation, you must be signed in to the
 * management account in your organization. SCPs must be enabled for your organization root." An
 * account outside any organization has no entity path to report on, so the request is rejected as
 * invalid input. For an account in an organization the report would need the organization's SCPs
 * evaluated per service; Gatehouse does not do that yet and says so instead of reporting nothing.
 *
 * AWS: API_ListOrganizationsFeatures and API_EnableOrganizationsRootSessions — an account without an
 * organization gets OrganizationNotFoundException ("The request was rejected because no organization
 * is associated with your account."); centralized root access also needs IAM's trusted access in
 * Organizations, which Gatehouse's organizations do not grant yet (ServiceAccessNotEnabledException).
 *
 * INVARIANT: the centralized-root-access operations are newer than the `aws-sdk` v2 model that
 * decodes requests, so until that model has them the protocol layer answers InvalidAction first.
 */

async function requireOrganization(ctx: OperationContext): Promise<string> {
  const account = await ctx.store.accounts.get(ctx.principal.accountId);
  if (account?.organizationId === null || account?.organizationId === undefined) {
    throw new ServiceError('InvalidInput', 'The request was rejected because the account is not a member of an organization.');
  }
  return account.organizationId;
}

function notYet(): ServiceError {
  return new ServiceError('NotImplemented', 'Gatehouse does not implement organizations access reports for accounts in an organization yet.');
}

export const GenerateOrganizationsAccessReport = defineOperation<{ EntityPath: string; OrganizationsPolicyId?: string }, { JobId: string }>({
  service: 'iam',
  name: 'GenerateOrganizationsAccessReport',
  readOnly: false,
  authorize: (input, ctx) =>
    iamNeed(
      'GenerateOrganizationsAccessReport',
      `arn:aws:iam::${ctx.principal.accountId}:access-report/${input.EntityPath}`,
      input.OrganizationsPolicyId !== undefined ? { 'iam:OrganizationsPolicyId': input.OrganizationsPolicyId } : undefined,
    ),
  handle: async (input, ctx) => {
    const organizationId = await requireOrganization(ctx);
    if (!input.EntityPath.startsWith(`${organizationId}/`) && input.EntityPath !== organizationId) {
      throw new ServiceError('InvalidInput', `The entity path ${input.EntityPath} is not in organization ${organizationId}.`);
    }
    throw notYet();
  },
});

export const GetOrganizationsAccessReport = defineOperation<{ JobId: string }>({
  service: 'iam',
  name: 'GetOrganizationsAccessReport',
  readOnly: true,
  authorize: () => iamNeed('GetOrganizationsAccessReport', '*'),
  handle: async (input, ctx) => {
    await requireOrganization(ctx);
    throw new ServiceError('NoSuchEntity', `The job with ID ${input.JobId} cannot be found.`);
  },
});

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
  GenerateOrganizationsAccessReport,
  GetOrganizationsAccessReport,
  ...[
    'ListOrganizationsFeatures',
    'EnableOrganizationsRootCredentialsManagement',
    'DisableOrganizationsRootCredentialsManagement',
    'EnableOrganizationsRootSessions',
    'DisableOrganizationsRootSessions',
  ].map(rootAccessOperation),
];
