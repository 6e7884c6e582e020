import { defineOperation } from '../operation.js';

/**
 * AWS: "No permissions are required to perform this operation. If an administrator attaches a
 * policy to your identity that explicitly denies access to the sts:GetCallerIdentity action, you
 * can still perform this operation." (STS API reference, GetCallerIdentity)
 */
export const GetCallerIdentity = defineOperation<Record<string, never>, { UserId: string; Account: string; Arn: string }>({
  service: 'sts',
  name: 'GetCallerIdentity',
  readOnly: true,
  authorize: () => null,
  handle: async (_input, ctx) => ({
    UserId: ctx.principal.userId,
    Account: ctx.principal.accountId,
    Arn: ctx.principal.arn,
  }),
});
