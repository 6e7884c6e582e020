import type { ServiceError } from '../../errors.js';
import { servicePrincipal } from '../../model/index.js';
import type { Principal } from '../../model/index.js';
import type { RoleRecord } from '../../store/index.js';
import type { AuthorizationNeed, ContextValue, OperationContext } from '../operation.js';
import { readRoleTags } from './callReads.js';
import { roleSessionPrincipal } from './roleSessions.js';
import { issueCredentials, type CredentialsOutput } from './sessionCredentials.js';
import { checkPackedSize } from './sessionInputs.js';

/**
 * Role sessions that an AWS service assumes on a workload's behalf: Roles Anywhere for a
 * certificate (CreateSession), the IoT credentials provider for a device, Gatehouse's container
 * credentials endpoint for a workload token. The service principal is the caller the role's trust
 * policy must allow `sts:AssumeRole` — and `sts:TagSession` and `sts:SetSourceIdentity` when the
 * session gets tags or a source identity — with the workload's facts as condition keys.
 *
 * AWS: Roles Anywhere User Guide, "The IAM Roles Anywhere authentication process" (the trust policy
 * "allows IAM Roles Anywhere service principal, rolesanywhere.amazonaws.com, to call
 * sts:AssumeRole, sts:TagSession, and sts:SetSourceIdentity"); IoT Developer Guide, "Authorizing
 * direct calls to AWS services" (trust `credentials.iot.amazonaws.com`, `sts:AssumeRole`); IAM User
 * Guide, id_session-tags#id_session-tags_permissions-required.
 */

/** What a service asks of a role's trust policy for one workload's session. */
export interface ServiceSessionAsk {
  /** The service principal, e.g. `rolesanywhere.amazonaws.com`. */
  readonly service: string;
  readonly role: RoleRecord;
  readonly sessionName: string;
  /** The session tags (also the `aws:PrincipalTag/…` the trust policy may test). */
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string;
  /** The service's own condition keys (`aws:SourceArn`, `aws:SourceAccount`, …). */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** What a denial answers instead of the service's AccessDenied. */
  readonly refusal?: (message: string) => ServiceError;
}

/** The trust needs of a service-assumed session, for the pipeline to authorize. */
export async function serviceSessionNeeds(ctx: OperationContext, ask: ServiceSessionAsk): Promise<AuthorizationNeed[]> {
  const role = ask.role;
  const context: Record<string, ContextValue> = { 'sts:RoleSessionName': ask.sessionName };
  for (const tag of await readRoleTags(ctx, role)) context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  const tags = Object.entries(ask.sessionTags ?? {});
  if (tags.length > 0) {
    context['aws:TagKeys'] = tags.map(([key]) => key);
    for (const [key, value] of tags) {
      context[`aws:RequestTag/${key}`] = value;
      context[`aws:PrincipalTag/${key}`] = value;
    }
  }
  if (ask.sourceIdentity !== undefined) context['sts:SourceIdentity'] = ask.sourceIdentity;
  Object.assign(context, ask.context);
  const base = {
    resource: role.arn,
    context,
    caller: servicePrincipal(ask.service),
    resourcePolicy: { arn: role.arn, document: role.trustPolicy },
    ...(ask.refusal !== undefined ? { refusal: ask.refusal } : {}),
  };
  const needs: AuthorizationNeed[] = [{ ...base, action: 'sts:AssumeRole' }];
  if (tags.length > 0) needs.push({ ...base, action: 'sts:TagSession' });
  if (ask.sourceIdentity !== undefined) needs.push({ ...base, action: 'sts:SetSourceIdentity' });
  return needs;
}

/** A service-assumed session as issued. */
export interface ServiceSession {
  readonly principal: Principal;
  readonly credentials: CredentialsOutput;
  readonly packedPolicySize?: number;
}

/**
 * Issues a service-assumed session whose trust needs were authorized: the role session principal
 * (the role's use noted), its session tags, source identity and session policies.
 */
export async function issueServiceSession(
  ctx: OperationContext,
  ask: Pick<ServiceSessionAsk, 'role' | 'sessionName' | 'sessionTags' | 'sourceIdentity'> & {
    readonly durationSeconds: number;
    readonly policies?: readonly string[];
    readonly policyArns?: readonly string[];
  },
): Promise<ServiceSession> {
  const policies = ask.policies ?? [];
  const policyArns = ask.policyArns ?? [];
  const sessionTags = ask.sessionTags !== undefined && Object.keys(ask.sessionTags).length > 0 ? ask.sessionTags : undefined;
  const packed = checkPackedSize(policies, policyArns, sessionTags);
  const principal = await roleSessionPrincipal(ctx, ask.role, ask.sessionName);
  const credentials = issueCredentials(
    ctx,
    {
      principal,
      sessionName: ask.sessionName,
      chainDepth: 0,
      ...(ask.sourceIdentity !== undefined ? { sourceIdentity: ask.sourceIdentity } : {}),
      ...(sessionTags !== undefined ? { sessionTags } : {}),
      ...(policies.length > 0 ? { policies } : {}),
      ...(policyArns.length > 0 ? { policyArns } : {}),
    },
    ask.durationSeconds,
  );
  return { principal, credentials, ...(packed !== undefined ? { packedPolicySize: packed } : {}) };
}
