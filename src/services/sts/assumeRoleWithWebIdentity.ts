import { ServiceError } from '../../errors.js';
import { ANONYMOUS } from '../../model/index.js';
import { OidcKeyCache } from '../../auth/index.js';
import type { OidcSettings } from '../../auth/index.js';
import { invalidToken, oidcConditionKeys, tokenSourceIdentity, tokenTags, unverifiedIssuer, verifyIdToken } from '../../auth/index.js';
import { oidcProviderForIssuer } from '../../auth/index.js';
import type { ContextValue, OperationContext } from '../operation.js';
import { defineOperation, readOncePerCall } from '../operation.js';
import { roleChainingDuration } from './assumeRoleRules.js';
import { findRole } from '../shared/index.js';
import type { PolicyDescriptor } from '../shared/index.js';
import { federatedCaller, federatedNeeds, federatedSessionTags, issueFederatedSession, notAuthorized, roleAccount } from './federatedSession.js';
import type { FederatedAsk, FederatedSessionOutput } from './federatedSession.js';

/**
 * STS `AssumeRoleWithWebIdentity` (OIDC ID tokens): a role session for the subject of an ID token
 * from an issuer registered as an OIDC provider in the role's account.
 *
 * AWS: STS API reference, AssumeRoleWithWebIdentity; id_roles_providers_oidc;
 * reference_policies_iam-condition-keys#condition-keys-wif.
 */

export interface AssumeRoleWithWebIdentityInput {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
  PolicyArns?: PolicyDescriptor[];
  Policy?: string;
  DurationSeconds?: number;
}

interface AssumeRoleWithWebIdentityOutput extends FederatedSessionOutput {
  SubjectFromWebIdentityToken: string;
  Provider: string;
  Audience: string;
}

const ACTION = 'sts:AssumeRoleWithWebIdentity';

/** Used only when a context carries no per-server settings (tests of handlers in isolation). */
const DEFAULT_OIDC: OidcSettings = { allowHttpIssuers: false, keys: new OidcKeyCache() };

interface VerifiedWebIdentity extends FederatedAsk {
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly providerArn: string;
  readonly tags: ReturnType<typeof tokenTags>;
  readonly tokenSourceIdentity: string | undefined;
}

/**
 * The token verified against the account's OIDC provider for its issuer (the call's own signature
 * check: the call is unsigned), the caller named for the audit record, and what it asks of the
 * role's trust policy. Read once per call.
 */
function verifyCall(input: AssumeRoleWithWebIdentityInput, ctx: OperationContext): Promise<VerifiedWebIdentity> {
  return readOncePerCall(ctx, 'web-identity', async () => {
    if (input.ProviderId !== undefined) {
      // AWS: ProviderId is only for the OAuth 2.0 providers www.amazon.com and graph.facebook.com.
      throw new ServiceError(
        'InvalidParameterValue',
        'ProviderId is supported only for OAuth 2.0 access tokens, which Gatehouse does not accept; omit it for OpenID Connect ID tokens.',
      );
    }
    const accountId = roleAccount(input.RoleArn);
    if (accountId === undefined) throw notAuthorized(ACTION);
    const oidc = ctx.oidc ?? DEFAULT_OIDC;
    const issuer = unverifiedIssuer(input.WebIdentityToken);
    const scheme = /^(https?):\/\//i.exec(issuer)?.[1]?.toLowerCase();
    // AWS: IAM OIDC providers are HTTPS only; Gatehouse also accepts http:// when configured to.
    const provider =
      scheme === 'https' || (scheme === 'http' && oidc.allowHttpIssuers)
        ? await oidcProviderForIssuer(ctx.store, accountId, issuer.replace(/^https?:\/\//i, ''))
        : undefined;
    if (provider === undefined) throw invalidToken(`No OpenIDConnect provider found in your account for ${issuer}`);

    const now = ctx.now.getTime();
    const token = await verifyIdToken(input.WebIdentityToken, {
      issuer,
      keys: oidc.keys.resolverFor(issuer, oidc.allowHttpIssuers, () => now),
      now: ctx.now,
      clientIds: provider.clientIds,
    });
    const identityProvider = issuer.replace(/^https?:\/\//i, '');
    const principalId = `${identityProvider}:${token.audience}:${token.subject}`;
    ctx.identifyCaller?.({ type: 'WebIdentityUser', principalId, userName: token.subject, identityProvider, accountId });
    const requested = tokenTags(token.payload);
    const sourceIdentity = tokenSourceIdentity(token.payload);
    const checked = federatedSessionTags({ tags: requested?.tags, transitiveTagKeys: requested?.transitiveTagKeys, sourceIdentity });

    const context: Record<string, ContextValue> = { ...oidcConditionKeys(provider.url, token), 'sts:RoleSessionName': input.RoleSessionName };
    if (checked.sessionTags !== undefined) {
      context['aws:TagKeys'] = Object.keys(checked.sessionTags);
      for (const [key, value] of Object.entries(checked.sessionTags)) context[`aws:RequestTag/${key}`] = value;
    }
    if (checked.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = checked.transitiveTagKeys;
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
    // AWS: a role that does not exist (or whose account is closed) is refused as one the trust policy does not allow.
    const role = await findRole(ctx, input.RoleArn);
    if (role === undefined) throw notAuthorized(ACTION);
    return {
      caller: federatedCaller('WebIdentityUser', provider.arn, principalId),
      action: ACTION,
      role,
      context,
      tagged: checked.sessionTags !== undefined,
      sourceIdentity: sourceIdentity !== undefined,
      issuer,
      subject: token.subject,
      audience: token.audience,
      providerArn: provider.arn,
      tags: requested,
      tokenSourceIdentity: sourceIdentity,
    };
  });
}

/** STS `AssumeRoleWithWebIdentity`, as the STS API reference defines it (unsigned; the role's trust policy decides). */
export const AssumeRoleWithWebIdentity = defineOperation<AssumeRoleWithWebIdentityInput, AssumeRoleWithWebIdentityOutput>({
  service: 'sts',
  name: 'AssumeRoleWithWebIdentity',
  readOnly: true,
  authorize: async (input, ctx) => federatedNeeds(await verifyCall(input, ctx)),
  handle: async (input, ctx) => {
    const call = await verifyCall(input, ctx);
    const role = call.role;
    const session = await issueFederatedSession(ctx, {
      role,
      sessionName: input.RoleSessionName,
      provider: call.providerArn,
      durationSeconds: roleChainingDuration(ANONYMOUS, role, input.DurationSeconds),
      policy: input.Policy,
      policyArns: input.PolicyArns,
      tags: call.tags?.tags,
      transitiveTagKeys: call.tags?.transitiveTagKeys,
      sourceIdentity: call.tokenSourceIdentity,
    });
    return { ...session, SubjectFromWebIdentityToken: call.subject, Provider: call.issuer, Audience: call.audience };
  },
});
