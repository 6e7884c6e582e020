import { ServiceError } from '../../errors.js';
import { parseArn } from '../../model/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { defineOperation } from '../operation.js';
import { readRoleTags } from '../shared/index.js';
import { roleChainingDuration, sessionTagsFor, sourceIdentityFor } from './assumeRoleRules.js';
import { findRole, roleSessionPrincipal } from '../shared/index.js';
import { issueCredentials } from '../shared/index.js';
import type { CredentialsOutput } from '../shared/index.js';
import { checkPackedSize, checkPolicyArns, checkSessionPolicy } from '../shared/index.js';
import type { PolicyDescriptor, TagInput } from '../shared/index.js';
import { checkMfaCode, consumeMfaCode, hasMfa, MFA_PRESENT_CONTEXT } from './sessionMfa.js';

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: PolicyDescriptor[];
  Policy?: string;
  DurationSeconds?: number;
  Tags?: TagInput[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

interface AssumeRoleOutput {
  Credentials: CredentialsOutput;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

/**
 * Temporary credentials for a role session. The caller's own policies must allow `sts:AssumeRole`
 * on the role and the role's trust policy must allow the caller (the trust rule,
 * `auth/resourceRules/roleTrust.ts`, makes it the resource-based policy that must itself allow); `sts:TagSession` and
 * `sts:SetSourceIdentity` likewise when tags or a source identity are passed.
 *
 * AWS: STS API reference, AssumeRole; Service Authorization Reference (AWS STS) for the condition
 * keys: `sts:RoleSessionName`, `sts:ExternalId`, `sts:SourceIdentity`, `sts:TransitiveTagKeys`,
 * `aws:RequestTag/…`, `aws:TagKeys` and `iam:ResourceTag/…` of the role.
 */
export const AssumeRole = defineOperation<AssumeRoleInput, AssumeRoleOutput>({
  service: 'sts',
  name: 'AssumeRole',
  readOnly: true,
  authorize: async (input, ctx) => {
    const principal = ctx.principal;
    checkArnSyntax(input.RoleArn);
    // AWS: the root user cannot assume roles (AccessDenied).
    if (principal.type === 'Root') throw new ServiceError('AccessDenied', 'Roles may not be assumed by root accounts.');
    const role = await findRole(ctx, input.RoleArn);
    if (role === undefined) {
      // AWS: a role that does not exist is indistinguishable from one the caller may not assume.
      throw new ServiceError('AccessDenied', `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    }
    const context: Record<string, ContextValue> = { 'sts:RoleSessionName': input.RoleSessionName };
    for (const tag of await readRoleTags(ctx, role)) context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
    if (input.ExternalId !== undefined) context['sts:ExternalId'] = input.ExternalId;
    if (input.SourceIdentity !== undefined) context['sts:SourceIdentity'] = input.SourceIdentity;
    if (input.Tags !== undefined && input.Tags.length > 0) {
      context['aws:TagKeys'] = input.Tags.map((t) => t.Key);
      for (const tag of input.Tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    }
    if (input.TransitiveTagKeys !== undefined && input.TransitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
    if (hasMfa(input)) {
      await checkMfaCode(ctx, principal, input.SerialNumber, input.TokenCode);
      Object.assign(context, MFA_PRESENT_CONTEXT);
    }
    const resourcePolicy = { arn: role.arn, document: role.trustPolicy };
    const needs: AuthorizationNeed[] = [{ action: 'sts:AssumeRole', resource: role.arn, context, resourcePolicy }];
    if ((input.Tags?.length ?? 0) > 0 || (input.TransitiveTagKeys?.length ?? 0) > 0)
      needs.push({ action: 'sts:TagSession', resource: role.arn, context, resourcePolicy });
    if (input.SourceIdentity !== undefined) needs.push({ action: 'sts:SetSourceIdentity', resource: role.arn, context, resourcePolicy });
    return needs;
  },
  handle: async (input, ctx) => assumeRole(input, ctx),
});

/**
 * AWS (recorded responses of AWS-validated tests): a RoleArn that is not an ARN — fewer than six
 * `:`-separated fields, or no partition, service or resource — is ValidationError
 * "<value> is invalid" (400), before any authorization.
 */
function checkArnSyntax(arn: string): void {
  if ((parseArn(arn)?.resource ?? '') === '') throw new ServiceError('ValidationError', `${arn} is invalid`);
}

async function assumeRole(input: AssumeRoleInput, ctx: OperationContext): Promise<AssumeRoleOutput> {
  const caller = ctx.principal;
  const role = await findRole(ctx, input.RoleArn);
  if (role === undefined) {
    throw new ServiceError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
  }
  const duration = roleChainingDuration(caller, role, input.DurationSeconds);
  const policies = checkSessionPolicy(input.Policy);
  const policyArns = await checkPolicyArns(ctx.store, input.PolicyArns, role.accountId);
  const tags = sessionTagsFor(caller, input.Tags, input.TransitiveTagKeys);
  const sourceIdentity = sourceIdentityFor(caller, input.SourceIdentity);
  const packed = checkPackedSize(policies, policyArns, tags.sessionTags);

  // AWS: MFA context carries over from an MFA-authenticated calling session (id_credentials_mfa_configure-api-require).
  let mfaAt = caller.session?.mfaAuthenticatedAt;
  if (hasMfa(input)) mfaAt = await consumeMfaCode(ctx, caller, input.SerialNumber, input.TokenCode);

  const principal = await roleSessionPrincipal(ctx, role, input.RoleSessionName);
  const chained = caller.type === 'AssumedRole';
  const credentials = issueCredentials(
    ctx,
    {
      principal,
      sessionName: input.RoleSessionName,
      chainDepth: chained ? (caller.session?.chainDepth ?? 0) + 1 : 0,
      ...(mfaAt !== undefined ? { mfaAuthenticatedAt: mfaAt.getTime() } : {}),
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      ...(tags.sessionTags !== undefined ? { sessionTags: tags.sessionTags } : {}),
      ...(tags.transitiveTagKeys.length > 0 ? { transitiveTagKeys: tags.transitiveTagKeys } : {}),
      ...(policies.length > 0 ? { policies } : {}),
      ...(policyArns.length > 0 ? { policyArns } : {}),
    },
    duration,
  );
  return {
    Credentials: credentials,
    AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
    ...(packed !== undefined ? { PackedPolicySize: packed } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  };
}
