import { federatedUserArn } from '../../model/index.js';
import { defineOperation } from '../operation.js';
import type { ContextValue } from '../operation.js';
import { issueCredentials, requireLongTermCredentials, userSessionDuration } from '../shared/index.js';
import type { CredentialsOutput } from '../shared/index.js';
import { checkPackedSize, checkPolicyArns, checkSessionPolicy, sessionTagRecord } from '../shared/index.js';
import type { PolicyDescriptor, TagInput } from '../shared/index.js';

interface GetFederationTokenInput {
  Name: string;
  Policy?: string;
  PolicyArns?: PolicyDescriptor[];
  DurationSeconds?: number;
  Tags?: TagInput[];
}

interface GetFederationTokenOutput {
  Credentials: CredentialsOutput;
  FederatedUser: { FederatedUserId: string; Arn: string };
  PackedPolicySize: number;
}

/**
 * Temporary credentials for a federated user, called by an IAM user (or, not recommended, the
 * root user) with long-term credentials. The federated user's permissions are the intersection of
 * the caller's identity policies and the session policies passed here; without session policies
 * it has none (see `auth/sessionPolicies.ts`).
 *
 * AWS: STS API reference, GetFederationToken — the federated user ARN is
 * `arn:aws:sts::<account>:federated-user/<Name>` and its ID `<account>:<Name>`; the action is
 * authorized as `sts:GetFederationToken` on the federated-user resource with `aws:RequestTag/…`
 * and `aws:TagKeys` (Service Authorization Reference, AWS STS).
 */
export const GetFederationToken = defineOperation<GetFederationTokenInput, GetFederationTokenOutput>({
  service: 'sts',
  name: 'GetFederationToken',
  readOnly: true,
  authorize: (input, ctx) => {
    requireLongTermCredentials(ctx.principal, 'GetFederationToken');
    const context: Record<string, ContextValue> = {};
    if (input.Tags !== undefined && input.Tags.length > 0) {
      context['aws:TagKeys'] = input.Tags.map((t) => t.Key);
      for (const tag of input.Tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    }
    return [{ action: 'sts:GetFederationToken', resource: federatedUserArn(ctx.principal.accountId, input.Name), context }];
  },
  handle: async (input, ctx) => {
    const principal = ctx.principal;
    const accountId = principal.accountId;
    const policies = checkSessionPolicy(input.Policy);
    const policyArns = await checkPolicyArns(ctx.store, input.PolicyArns, accountId);
    const sessionTags = sessionTagRecord(input.Tags);
    const packed = checkPackedSize(policies, policyArns, sessionTags);
    const arn = federatedUserArn(accountId, input.Name);
    const userId = `${accountId}:${input.Name}`;
    const credentials = issueCredentials(
      ctx,
      {
        principal: { type: 'FederatedUser', accountId, arn, userId },
        sessionName: input.Name,
        chainDepth: 0,
        parentUserArn: principal.arn,
        parentUserId: principal.userId,
        ...(sessionTags !== undefined ? { sessionTags } : {}),
        ...(policies.length > 0 ? { policies } : {}),
        ...(policyArns.length > 0 ? { policyArns } : {}),
      },
      userSessionDuration(principal, input.DurationSeconds),
    );
    return {
      Credentials: credentials,
      FederatedUser: { FederatedUserId: userId, Arn: arn },
      // AWS (recorded response): GetFederationToken always reports it, 0 when nothing was packed.
      PackedPolicySize: packed ?? 0,
    };
  },
});
