import { ServiceError } from '../../errors.js';
import { ANONYMOUS, parseArn, reservedTag, reservedTagMessage } from '../../model/index.js';
import type { Principal } from '../../model/index.js';
import { invalidToken } from '../../auth/index.js';
import type { RoleRecord } from '../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { sessionTagsFor, sourceIdentityFor } from './assumeRoleRules.js';
import { roleSessionPrincipal } from '../shared/index.js';
import { issueCredentials } from '../shared/index.js';
import type { CredentialsOutput } from '../shared/index.js';
import { checkPackedSize, checkPolicyArns, checkSessionPolicy } from '../shared/index.js';
import type { PolicyDescriptor, TagInput } from '../shared/index.js';

/**
 * What the two federated operations (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) share: the
 * verified caller and what it asks of the role's trust policy, and the role session it yields.
 *
 * AWS: id_roles_create_for-idp — no identity policy applies to a federated caller: the role's
 * trust policy alone must allow the action and, when the session gets tags or a source identity,
 * `sts:TagSession` and `sts:SetSourceIdentity` (id_session-tags#id_session-tags_permissions-required).
 * The pipeline authorizes those needs with the trust rule (`auth/resourceRules/roleTrust.ts`).
 */

/** The members every federated AssumeRole* response has. */
export interface FederatedSessionOutput {
  Credentials: CredentialsOutput;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

/** AWS: the AccessDenied message of a federated call the trust policy does not allow. */
export function notAuthorized(action: string): ServiceError {
  return new ServiceError('AccessDenied', `Not authorized to perform ${action}`);
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
  if (requested.length > MAX_SESSION_TAGS)
    throw invalidToken(`The identity provider passed ${requested.length} session tags; at most ${MAX_SESSION_TAGS} are allowed.`);
  const bad = requested.find((t) => !TAG_KEY.test(t.Key) || !TAG_VALUE.test(t.Value));
  if (bad !== undefined)
    throw invalidToken(
      `The session tag \`${bad.Key}\` passed by the identity provider is not a valid tag (keys 1 to 128 and values up to 256 of letters, digits, spaces and _.:/=+-@).`,
    );
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

/** What a verified federated caller asks of the role: the needs the pipeline authorizes for it. */
export interface FederatedAsk {
  readonly caller: Principal;
  /** `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`. */
  readonly action: string;
  readonly role: RoleRecord;
  readonly context: Record<string, ContextValue>;
  readonly tagged: boolean;
  readonly sourceIdentity: boolean;
}

/** The needs of a federated call: the action itself, then `sts:TagSession` and `sts:SetSourceIdentity` as the session needs them. */
export function federatedNeeds(ask: FederatedAsk): AuthorizationNeed[] {
  const base = { resource: ask.role.arn, context: ask.context, caller: ask.caller, resourcePolicy: { arn: ask.role.arn, document: ask.role.trustPolicy } };
  const needs: AuthorizationNeed[] = [{ ...base, action: ask.action }];
  if (ask.tagged) needs.push({ ...base, action: 'sts:TagSession' });
  if (ask.sourceIdentity) needs.push({ ...base, action: 'sts:SetSourceIdentity' });
  return needs;
}

/**
 * The caller a federated call is authorized as: the identity provider as a trust policy names it
 * under `Federated`, with no account of its own.
 */
export function federatedCaller(type: 'WebIdentityUser' | 'SAMLUser', providerArn: string, principalId: string): Principal {
  return { type, accountId: '', arn: providerArn, userId: principalId };
}
