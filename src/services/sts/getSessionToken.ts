import { defineOperation } from '../operation.js';
import { issueCredentials, requireLongTermCredentials, userSessionDuration, userTags } from '../shared/index.js';
import type { CredentialsOutput } from '../shared/index.js';
import { consumeMfaCode, hasMfa } from './sessionMfa.js';

interface GetSessionTokenInput {
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/**
 * Temporary credentials for the calling IAM user (or root user), optionally MFA-authenticated.
 * The session acts as the same user with the same policies; with MFA, `aws:MultiFactorAuthPresent`
 * is true in its requests.
 *
 * AWS: STS API reference, GetSessionToken — "No permissions are required for users to perform
 * this operation. The purpose of the sts:GetSessionToken operation is to authenticate the user
 * using MFA. You cannot use policies to control authentication operations."
 */
export const GetSessionToken = defineOperation<GetSessionTokenInput, { Credentials: CredentialsOutput }>({
  service: 'sts',
  name: 'GetSessionToken',
  readOnly: true,
  authorize: () => null,
  handle: async (input, ctx) => {
    const principal = ctx.principal;
    requireLongTermCredentials(principal, 'GetSessionToken');
    const mfaAuthenticatedAt = hasMfa(input) ? await consumeMfaCode(ctx, principal, input.SerialNumber, input.TokenCode) : undefined;
    const tags = await userTags(ctx, principal);
    const credentials = issueCredentials(
      ctx,
      {
        principal: {
          type: principal.type,
          accountId: principal.accountId,
          arn: principal.arn,
          userId: principal.userId,
          ...(principal.userName !== undefined ? { userName: principal.userName } : {}),
          ...(tags !== undefined ? { tags } : {}),
        },
        chainDepth: 0,
        ...(mfaAuthenticatedAt !== undefined ? { mfaAuthenticatedAt: mfaAuthenticatedAt.getTime() } : {}),
      },
      userSessionDuration(principal, input.DurationSeconds),
    );
    return { Credentials: credentials };
  },
});
