import { ServiceError } from '../../errors.js';
import { ANONYMOUS, parseArn, reservedTag, reservedTagMessage } from '../../model/index.js';
import { OidcKeyCache } from '../../auth/oidcKeys.js';
import type { OidcSettings } from '../../auth/oidcKeys.js';
import { invalidToken, oidcConditionKeys, tokenSourceIdentity, tokenTags, unverifiedIssuer, verifyIdToken } from '../../auth/oidcToken.js';
import { buildContext, compilePolicy, evaluate, parsePolicy } from '../../policy/index.js';
import type { RoleRecord } from '../../store/index.js';
import { oidcProviderForIssuer } from '../iam/oidcProviders.js';
import type { ContextValue, OperationContext } from '../operation.js';
import { defineOperation } from '../operation.js';
import { findRole, roleChainingDuration, roleSessionPrincipal, sessionTagsFor, sourceIdentityFor } from './assumeRoleRules.js';
import { issueCredentials } from './sessionCredentials.js';
import type { CredentialsOutput } from './sessionCredentials.js';
import { checkPackedSize, checkPolicyArns, checkSessionPolicy } from './sessionInputs.js';
import type { PolicyDescriptor, TagInput } from './sessionInputs.js';

/**
 * STS `AssumeRoleWithWebIdentity` (OIDC ID tokens), and the pieces both federated operations share:
 * the trust-policy decision for a federated caller and the role session it yields.
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

/** The members every federated AssumeRole* response has. */
export interface FederatedSessionOutput {
  Credentials: CredentialsOutput;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

interface AssumeRoleWithWebIdentityOutput extends FederatedSessionOutput {
  SubjectFromWebIdentityToken: string;
  Provider: string;
  Audience: string;
}

/** Used only when a context carries no per-server settings (tests of handlers in isolation). */
const DEFAULT_OIDC: OidcSettings = { allowHttpIssuers: false, keys: new OidcKeyCache() };

/** AWS: the AccessDenied message of a federated call the trust policy does not allow. */
export function notAuthorized(action: string): ServiceError {
  return new ServiceError('AccessDenied', `Not authorized to perform ${action}`);
}

/** What a federated caller asks of the role's trust policy. */
export interface FederatedRequest {
  readonly type: 'WebIdentityUser' | 'SAMLUser';
  /** The provider ARN, as the trust policy names it under `Federated`. */
  readonly provider: string;
  /** `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`. */
  readonly action: string;
  readonly context: Record<string, ContextValue>;
  readonly tagged: boolean;
  readonly sourceIdentity: boolean;
}

/**
 * Whether the role's trust policy allows the federated caller: the action itself and, when the
 * session gets tags or a source identity, `sts:TagSession` and `sts:SetSourceIdentity`.
 * AWS: no identity policy applies to a federated caller; the trust policy alone must allow
 * (id_roles_create_for-idp, id_session-tags#id_session-tags_permissions-required).
 */
export function trustAllows(ctx: OperationContext, role: RoleRecord, request: FederatedRequest): boolean {
  const parsed = parsePolicy(role.trustPolicy, 'trust', { maxLength: Number.MAX_SAFE_INTEGER });
  if (!parsed.ok) return false;
  const trust = compilePolicy(parsed.policy, { id: role.arn, type: 'trust' });
  const context = buildContext({
    'aws:CurrentTime': ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
    'aws:SourceIp': ctx.sourceIp,
    'aws:UserAgent': ctx.userAgent,
    'aws:RequestedRegion': ctx.region,
    'aws:FederatedProvider': request.provider,
    ...request.context,
  });
  const actions = [request.action];
  if (request.tagged) actions.push('sts:TagSession');
  if (request.sourceIdentity) actions.push('sts:SetSourceIdentity');
  return actions.every((action) => {
    const decision = evaluate(
      {
        principal: { arn: request.provider, accountId: '', type: request.type, federatedProvider: request.provider },
        action,
        resource: { arn: role.arn, accountId: role.accountId },
        context,
      },
      { identity: [], resource: trust, resourcePolicyRequired: true },
    );
    return decision.decision === 'Allow';
  });
}

/** The session inputs of a federated call, checked as AssumeRole checks them. */
export interface FederatedSessionInput {
  readonly role: RoleRecord;
  readonly sessionName: string;
  readonly provider: string;
  readonly durationSeconds: number;
  readonly policy?: string | undefined;
  readonly policyArns?: PolicyDescriptor[] | undefined;
  readonly tags?: readonly TagInput[] | undefined;
  readonly transitiveTagKeys?: readonly string[] | undefined;
  readonly sourceIdentity?: string | undefined;
}

/** AWS: API_Tag — "You can pass up to 50 session tags"; keys 1–128 and values 0–256 characters of this set. */
const MAX_SESSION_TAGS = 50;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * The session tags and source identity of a federated session, checked (before the trust
 * decision). Tags come from the IdP's token or assertion, so a tag STS would refuse as a
 * parameter makes the token invalid.
 */
export function federatedSessionTags(input: Pick<FederatedSessionInput, 'tags' | 'transitiveTagKeys' | 'sourceIdentity'>) {
  const requested = input.tags ?? [];
  if (requested.length > MAX_SESSION_TAGS) throw invalidToken(`The identity provider passed ${requested.length} session tags; at most ${MAX_SESSION_TAGS} are allowed.`);
  const bad = requested.find((t) => !TAG_KEY.test(t.Key) || !TAG_VALUE.test(t.Value));
  if (bad !== undefined) throw invalidToken(`The session tag \`${bad.Key}\` passed by the identity provider is not a valid tag (keys 1 to 128 and values up to 256 of letters, digits, spaces and _.:/=+-@).`);
  const reserved = reservedTag(requested);
  if (reserved !== undefined) throw invalidToken(`The identity provider passed a session tag that is not allowed: ${reservedTagMessage(reserved)}`);
  const tags = sessionTagsFor(ANONYMOUS, input.tags, input.transitiveTagKeys);
  const sourceIdentity = sourceIdentityFor(ANONYMOUS, input.sourceIdentity);
  return { ...tags, sourceIdentity };
}

/** Issues the role session of a federated caller whose trust decision allowed it. */
export async function issueFederatedSession(ctx: OperationContext, input: FederatedSessionInput): Promise<FederatedSessionOutput> {
  const role = input.role;
  const policies = checkSessionPolicy(input.policy);
  const policyArns = await checkPolicyArns(ctx.store, input.policyArns, role.accountId);
  const { sessionTags, transitiveTagKeys, sourceIdentity } = federatedSessionTags(input);
  const packed = checkPackedSize(policies, policyArns, sessionTags);
  const principal = await roleSessionPrincipal(ctx, role, input.sessionName);
  const credentials = issueCredentials(
    ctx,
    {
      principal,
      sessionName: input.sessionName,
      chainDepth: 0,
      federatedProvider: input.provider,
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      ...(sessionTags !== undefined ? { sessionTags } : {}),
      ...(transitiveTagKeys.length > 0 ? { transitiveTagKeys } : {}),
      ...(policies.length > 0 ? { policies } : {}),
      ...(policyArns.length > 0 ? { policyArns } : {}),
    },
    input.durationSeconds,
  );
  return {
    Credentials: credentials,
    AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
    ...(packed !== undefined ? { PackedPolicySize: packed } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  };
}

/** The account a role ARN names, or undefined. */
export function roleAccount(roleArn: string): string | undefined {
  const arn = parseArn(roleArn);
  return arn !== undefined && arn.service === 'iam' && arn.resource.startsWith('role/') ? arn.accountId : undefined;
}

/** STS `AssumeRoleWithWebIdentity`, as the STS API reference defines it (unsigned). */
export const AssumeRoleWithWebIdentity = defineOperation<AssumeRoleWithWebIdentityInput, AssumeRoleWithWebIdentityOutput>({
  service: 'sts',
  name: 'AssumeRoleWithWebIdentity',
  readOnly: true,
  authorize: () => null,
  handle: async (input, ctx) => {
    const action = 'sts:AssumeRoleWithWebIdentity';
    if (input.ProviderId !== undefined) {
      // AWS: ProviderId is only for the OAuth 2.0 providers www.amazon.com and graph.facebook.com.
      throw new ServiceError('InvalidParameterValue', 'ProviderId is supported only for OAuth 2.0 access tokens, which Gatehouse does not accept; omit it for OpenID Connect ID tokens.');
    }
    const accountId = roleAccount(input.RoleArn);
    if (accountId === undefined) throw notAuthorized(action);
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
    ctx.identifyCaller?.({
      type: 'WebIdentityUser', principalId: `${identityProvider}:${token.audience}:${token.subject}`, userName: token.subject, identityProvider, accountId,
    });
    const requested = tokenTags(token.payload);
    const sourceIdentity = tokenSourceIdentity(token.payload);
    const checked = federatedSessionTags({ tags: requested?.tags, transitiveTagKeys: requested?.transitiveTagKeys, sourceIdentity });

    const role = await findRole(ctx, input.RoleArn);
    if (role === undefined) throw notAuthorized(action);
    const context: Record<string, ContextValue> = { ...oidcConditionKeys(provider.url, token), 'sts:RoleSessionName': input.RoleSessionName };
    if (checked.sessionTags !== undefined) {
      context['aws:TagKeys'] = Object.keys(checked.sessionTags);
      for (const [key, value] of Object.entries(checked.sessionTags)) context[`aws:RequestTag/${key}`] = value;
    }
    if (checked.transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = checked.transitiveTagKeys;
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
    const request = { type: 'WebIdentityUser', provider: provider.arn, action, context, tagged: checked.sessionTags !== undefined, sourceIdentity: sourceIdentity !== undefined } as const;
    if (!trustAllows(ctx, role, request)) throw notAuthorized(action);

    const session = await issueFederatedSession(ctx, {
      role,
      sessionName: input.RoleSessionName,
      provider: provider.arn,
      durationSeconds: roleChainingDuration(ANONYMOUS, role, input.DurationSeconds),
      policy: input.Policy,
      policyArns: input.PolicyArns,
      tags: requested?.tags,
      transitiveTagKeys: requested?.transitiveTagKeys,
      sourceIdentity,
    });
    return { ...session, SubjectFromWebIdentityToken: token.subject, Provider: issuer, Audience: token.audience };
  },
});
